/**
 * A board's `since` (part of the `AssessmentBoard` key): from when each department must send the
 * inputs of its changed communes. Three forms:
 *
 * - `''`: every commune's inputs (LĐTBXH has not stored every commune of the scope);
 * - a moment, ISO 8601: the communes with a value published at or after it (a board whose
 *   scope's state holds no watermarks yet: it was written before they existed);
 * - `w1:LDTBXH=812,YTE=790,…`: each department's **watermark** — the oldest PostgreSQL
 *   transaction still running when that department last answered a board of the scope that found
 *   every stored assessment fresh ({@link watermarkSql}). Every write that read could not see has
 *   a transaction id at or above it (ids are handed out in increasing order, and a transaction
 *   running then is at or above the oldest running), whenever it commits; so "written by a
 *   transaction at or above the watermark" is exactly what the stored assessments may have
 *   missed, with no margin of time to wait out. A department missing from the list sends
 *   everything.
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

const PREFIX = 'w1:';
const XID = /^\d{1,20}$/;

/**
 * The SQL expression of a statement's watermark: the oldest transaction id still running when its
 * snapshot was taken (or the next id, when none runs), as text.
 */
export const watermarkSql = 'pg_snapshot_xmin(pg_current_snapshot())::text';

/** The key text of watermarks, in the departments table's order (so that equal maps give equal keys). */
export function formatWatermarks(watermarks: Partial<Record<DepartmentCode, string>>): string {
  const parts: string[] = [];
  for (const { code } of DEPARTMENTS) {
    const xid = watermarks[code];
    if (xid !== undefined) parts.push(`${code}=${xid}`);
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
    const xid = part.slice(at + 1);
    if (at <= 0 || !isDepartmentCode(code) || !XID.test(xid) || code in watermarks) return null;
    watermarks[code] = xid;
  }
  return { kind: 'watermarks', watermarks };
}
