/**
 * Running a write as someone: one transaction that first states the actor, role and request id
 * for the audit triggers. Every write of the hub goes through here. The transaction also keeps to
 * the time the caller has left (statement timeout, and a check before COMMIT), and a transient
 * serialisation or deadlock failure is retried a bounded number of times, so a caller never sees a
 * failure the database would have let it through a moment later.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { DataSource, EntityManager } from 'typeorm';
import { hubError, sqlStateOf, translateDatabaseError } from '../errors';

/** Who a write is made by, as the audit trail records it. */
export interface Actor {
  name: string;
  role: string;
  requestId: string;
  /**
   * When the caller stops waiting (epoch ms, this process's clock): statements are cancelled at it
   * and a transaction still open then is rolled back rather than committed. None: no limit.
   */
  deadline?: number | null;
  /** True once the caller has gone (its connection closed): the transaction is rolled back. */
  abandoned?: () => boolean;
}

/** The actor of what the hub does by itself (start-up loading, commands run by an operator). */
export function systemActor(name: string): Actor {
  return { name, role: 'SYSTEM', requestId: `system:${new Date().toISOString()}` };
}

/** How many times one write is tried when the database reports a transient collision. */
export const WRITE_ATTEMPTS = 5;
/** serialization_failure, deadlock_detected: the database rolled the transaction back; trying again is safe. */
const TRANSIENT = new Set(['40001', '40P01']);
/** query_canceled: what statement_timeout raises. */
const CANCELLED = '57014';

function deadlineExceeded(actor: Actor, when: string): never {
  throw hubError('DEADLINE_EXCEEDED', `the time the caller allowed ran out ${when}; nothing was written`, {
    deadline: actor.deadline ? new Date(actor.deadline).toISOString() : null,
  });
}

/** Stops a write whose caller has no time left or has gone. @throws DEADLINE_EXCEEDED */
function checkCaller(actor: Actor, when: string, now = Date.now()): void {
  if (actor.abandoned?.()) deadlineExceeded(actor, `${when} (the caller closed its connection)`);
  if (actor.deadline && now >= actor.deadline) deadlineExceeded(actor, when);
}

/**
 * Runs `write` in a transaction whose audit rows name `actor`. `write` may run more than once (a
 * transient failure rolls everything back and starts over), so it must read what it needs inside.
 * @throws DEADLINE_EXCEEDED when the actor's deadline passes before COMMIT (rolled back);
 * CONFLICT for a unique collision, or a transient one that persisted through every attempt;
 * other errors unchanged.
 */
export async function withActor<T>(
  dataSource: DataSource,
  actor: Actor,
  write: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    checkCaller(actor, 'before the write began');
    try {
      return await dataSource.transaction('READ COMMITTED', async (manager) => {
        const timeout = actor.deadline ? String(Math.max(1, Math.floor(actor.deadline - Date.now()))) : null;
        await manager.query(
          `SELECT set_config('hub.actor', $1, true), set_config('hub.role', $2, true), set_config('hub.request_id', $3, true),
                  set_config('statement_timeout', COALESCE($4, current_setting('statement_timeout')), true)`,
          [actor.name, actor.role, actor.requestId, timeout],
        );
        const result = await write(manager);
        // The last moment to give up: past it, the caller has been told the call failed, so
        // nothing may be committed.
        checkCaller(actor, 'before COMMIT');
        return result;
      });
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === CANCELLED && actor.deadline) deadlineExceeded(actor, 'while the write waited or ran');
      if (state !== undefined && TRANSIENT.has(state) && attempt < WRITE_ATTEMPTS) {
        // A short, growing, jittered pause so the colliding writers do not meet again at once.
        await delay(Math.round((5 + Math.random() * 20) * attempt));
        continue;
      }
      return translateDatabaseError(error);
    }
  }
}
