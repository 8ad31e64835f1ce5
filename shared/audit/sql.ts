/**
 * The audit trail in SQL. Each service keeps `<schema>.audit_event`, append-only. A trigger on
 * every audited table records the old and new row with the acting identity, which the write's
 * transaction states with `set_config('hub.actor', …, true)` (see withActor). A write whose
 * transaction states no actor is refused by the trigger itself, so no code path can skip the trail.
 */
import type { QueryRunner } from 'typeorm';

const PLAIN = /^[a-z_]+$/;

function checkName(name: string): string {
  if (!PLAIN.test(name)) throw new Error(`not a plain SQL name: ${name}`);
  return name;
}

/** Creates the audit table and the trigger function of schema `s`. */
export async function createAuditTrail(q: QueryRunner, s: string): Promise<void> {
  checkName(s);
  await q.query(`
    CREATE TABLE "${s}".audit_event (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL,
      request_id text,
      actor text NOT NULL,
      role text,
      action text NOT NULL,
      table_name text NOT NULL,
      old_value jsonb,
      new_value jsonb
    )`);
  await q.query(`CREATE INDEX audit_event_at ON "${s}".audit_event (at)`);
  await q.query(`CREATE INDEX audit_event_actor ON "${s}".audit_event (actor)`);
  await q.query(`CREATE INDEX audit_event_request ON "${s}".audit_event (request_id)`);
  await q.query(`
    CREATE FUNCTION "${s}".audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      who text := current_setting('hub.actor', true);
    BEGIN
      IF who IS NULL OR who = '' THEN
        RAISE EXCEPTION 'write to %.% without an acting identity', TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END IF;
      INSERT INTO "${s}".audit_event (at, request_id, actor, role, action, table_name, old_value, new_value)
      VALUES (clock_timestamp(), NULLIF(current_setting('hub.request_id', true), ''), who,
              NULLIF(current_setting('hub.role', true), ''), TG_OP, TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
              CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END,
              CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END);
      RETURN NULL;
    END $$`);
  await q.query(`CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON "${s}".audit_event
    FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
}

/** Records every insert, update and delete of `schema.table` in the trail of `auditSchema`. */
export async function auditTable(q: QueryRunner, auditSchema: string, schema: string, table: string): Promise<void> {
  checkName(auditSchema);
  checkName(schema);
  checkName(table);
  await q.query(`CREATE TRIGGER ${table}_audit AFTER INSERT OR UPDATE OR DELETE ON "${schema}".${table}
    FOR EACH ROW EXECUTE FUNCTION "${auditSchema}".audit_row()`);
}

/** The schema a department-style migration runs in (the DataSource's `schema`). */
export function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema || !PLAIN.test(schema))
    throw new Error(`this migration needs a plain schema name, got ${String(schema)}`);
  return schema;
}
