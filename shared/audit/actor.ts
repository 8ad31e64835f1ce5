/**
 * Running a write as someone: one transaction that first states the actor, role and request id
 * for the audit triggers. Every write of the hub goes through here.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { translateDatabaseError } from '../errors';

/** Who a write is made by, as the audit trail records it. */
export interface Actor {
  name: string;
  role: string;
  requestId: string;
}

/** The actor of what the hub does by itself (start-up loading, commands run by an operator). */
export function systemActor(name: string): Actor {
  return { name, role: 'SYSTEM', requestId: `system:${new Date().toISOString()}` };
}

/**
 * Runs `write` in a transaction whose audit rows name `actor`.
 * @throws CONFLICT for a unique or serialisation collision; other errors unchanged.
 */
export async function withActor<T>(dataSource: DataSource, actor: Actor, write: (manager: EntityManager) => Promise<T>): Promise<T> {
  try {
    return await dataSource.transaction('READ COMMITTED', async (manager) => {
      await manager.query(`SELECT set_config('hub.actor', $1, true), set_config('hub.role', $2, true), set_config('hub.request_id', $3, true)`, [
        actor.name,
        actor.role,
        actor.requestId,
      ]);
      return write(manager);
    });
  } catch (error) {
    return translateDatabaseError(error);
  }
}
