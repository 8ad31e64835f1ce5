/**
 * Reading a service's audit trail: filters and keyset paging, newest first.
 */
import type { DataSource } from 'typeorm';
import { badInput, parseIsoDateArgument } from '../errors';

/** What a recorded change did to its row (`AuditAction`). */
export type AuditAction = 'INSERT' | 'UPDATE' | 'DELETE';

export interface AuditFilter {
  actor?: string | null;
  action?: AuditAction | null;
  table?: string | null;
  requestId?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface AuditEventView {
  id: string;
  at: string;
  requestId: string | null;
  actor: string;
  role: string | null;
  action: AuditAction;
  table: string;
  /** The row's columns before the change (the JSON the trail stored); `null` for an insert. */
  oldValue: unknown;
  /** The row's columns after the change; `null` for a delete. */
  newValue: unknown;
}

const encode = (id: string) => Buffer.from(`audit:${id}`).toString('base64url');
function decode(cursor: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^audit:\d+$/.test(text)) throw badInput('after', 'after is not a cursor this trail gave');
  return text.slice('audit:'.length);
}

/**
 * One page of `schema.audit_event`, newest first.
 * @throws BAD_USER_INPUT for a bad cursor, date, action or page size.
 */
export async function readAuditTrail(
  dataSource: DataSource,
  schema: string,
  filter: AuditFilter,
  first: number,
  after: string | null,
): Promise<{ events: AuditEventView[]; endCursor: string | null; hasNextPage: boolean }> {
  if (first < 1 || first > 500) throw badInput('first', 'first must be from 1 to 500');
  if (filter.action && !['INSERT', 'UPDATE', 'DELETE'].includes(filter.action))
    throw badInput('filter.action', 'action is INSERT, UPDATE or DELETE');
  const rows: (Omit<AuditEventView, 'at'> & { at: Date })[] = await dataSource.query(
    // Ordered by the numeric column e.id (a bare `id` would be the text alias of the select list).
    `SELECT e.id::text AS id, e.at, e.request_id AS "requestId", e.actor, e.role, e.action, e.table_name AS "table", e.old_value AS "oldValue", e.new_value AS "newValue"
       FROM "${schema}".audit_event e
      WHERE ($1::text IS NULL OR actor = $1)
        AND ($2::text IS NULL OR action = $2)
        AND ($3::text IS NULL OR table_name = $3)
        AND ($4::text IS NULL OR request_id = $4)
        AND ($5::timestamptz IS NULL OR at >= $5)
        AND ($6::timestamptz IS NULL OR at <= $6)
        AND ($7::bigint IS NULL OR e.id < $7)
      ORDER BY e.id DESC
      LIMIT $8`,
    [
      filter.actor ?? null,
      filter.action ?? null,
      filter.table ?? null,
      filter.requestId ?? null,
      parseIsoDateArgument(filter.from, 'filter.from'),
      parseIsoDateArgument(filter.to, 'filter.to'),
      after ? decode(after) : null,
      first + 1,
    ],
  );
  const page = rows.slice(0, first);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({
      ...row,
      at: row.at.toISOString(),
    })),
    endCursor: last ? encode(last.id) : null,
    hasNextPage: rows.length > first,
  };
}
