/**
 * A board's `since` (part of the `AssessmentBoard` key): from when each department must send the
 * inputs of its changed communes. Three forms:
 *
 * - `''`: every commune's inputs (LĐTBXH has not stored every commune of the scope);
 * - a moment, ISO 8601: the communes with a value published at or after it (a board whose
 *   scope's state holds no watermarks yet: it was written before they existed);
 * - `w1:LDTBXH=812,YTE=815+813+814,…`: each department's **watermark** — what the snapshot of
 *   that department's stamps could not see when it last answered a board of the scope that found
 *   every stored assessment fresh ({@link watermarkSql}): the transactions from the first id it
 *   had not handed out yet (`815`) and the ones still running then (`+813+814`). A value written
 *   by one of them is exactly a write those stamps did not show, whenever it commits; every other
 *   transaction had ended, and the stamps showed what it wrote. So the next board is sent what the
 *   stored assessments may have missed and nothing more, with no margin of time to wait out and
 *   however long another transaction runs elsewhere on the server. A watermark of one id alone
 *   means "that id and after" (so a list cut short, {@link MAX_RUNNING}, or a key written when a
 *   watermark was the oldest running transaction only, asks for more, never less). A department
 *   missing from the list sends everything.
 *
 * A watermark moves only when a read was sent inputs: while nothing is published the key, and so
 * every fetch of the board's plan, stays the same from one read to the next (the gateway replays
 * such reads, gateway/replay.ts).
 */
import { DEPARTMENTS, isDepartmentCode, type DepartmentCode } from './departments';

export type BoardSince =
  | { kind: 'all' }
  | { kind: 'moment'; at: string }
  | { kind: 'watermarks'; watermarks: Partial<Record<DepartmentCode, string>> };

/** A department's watermark read: written by a transaction `from` or after, or by one of `running`. */
export interface Watermark {
  from: string;
  running: string[];
}

const PREFIX = 'w1:';
const XID = '\\d{1,20}';

/**
 * How many running transactions a watermark lists at most. With more (a server under heavy write
 * load) it is the oldest of them alone: "from there on", which asks for more, never less.
 */
export const MAX_RUNNING = 32;

const WATERMARK = new RegExp(`^${XID}(\\+${XID}){0,${MAX_RUNNING}}$`);

/**
 * The SQL expression of a statement's watermark, as text, from its snapshot: the first transaction
 * id not handed out yet, then `+` and each transaction still running, in increasing order
 * (PostgreSQL's `pg_snapshot_xmax` and `pg_snapshot_xip`); the oldest running alone
 * (`pg_snapshot_xmin`) when more than {@link MAX_RUNNING} run. Its own statement's snapshot: put
 * it in the statement whose reads it describes.
 */
export const watermarkSql = `(SELECT CASE WHEN (SELECT count(*) FROM pg_snapshot_xip(c.s)) > ${MAX_RUNNING}
           THEN pg_snapshot_xmin(c.s)::text
           ELSE pg_snapshot_xmax(c.s)::text
                || COALESCE((SELECT string_agg('+' || x::text, '' ORDER BY x) FROM pg_snapshot_xip(c.s) x), '')
           END
      FROM (SELECT pg_current_snapshot() AS s) c)`;

/** Reads a department's watermark (its form checked by {@link parseBoardSince}). */
export function readWatermark(text: string): Watermark {
  const [from = '', ...running] = text.split('+');
  return { from, running };
}

/** The key text of watermarks, in the departments table's order (so that equal maps give equal keys). */
export function formatWatermarks(watermarks: Partial<Record<DepartmentCode, string>>): string {
  const parts: string[] = [];
  for (const { code } of DEPARTMENTS) {
    const watermark = watermarks[code];
    if (watermark !== undefined) parts.push(`${code}=${watermark}`);
  }
  return `${PREFIX}${parts.join(',')}`;
}

/**
 * Reads a board's `since`; null when it is none of the three forms. A moment is returned as
 * `Date#toISOString` writes it.
 */
export function parseBoardSince(since: string): BoardSince | null {
  if (since === '') return { kind: 'all' };
  if (!since.startsWith(PREFIX)) {
    const moment = new Date(since);
    return Number.isNaN(moment.getTime()) ? null : { kind: 'moment', at: moment.toISOString() };
  }
  const watermarks: Partial<Record<DepartmentCode, string>> = {};
  const body = since.slice(PREFIX.length);
  for (const part of body === '' ? [] : body.split(',')) {
    const at = part.indexOf('=');
    const code = part.slice(0, at);
    const watermark = part.slice(at + 1);
    if (at <= 0 || !isDepartmentCode(code) || !WATERMARK.test(watermark) || code in watermarks) return null;
    watermarks[code] = watermark;
  }
  return { kind: 'watermarks', watermarks };
}
