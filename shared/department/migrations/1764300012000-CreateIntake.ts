import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../audit/sql';

/**
 * Intake of a department's sheets: staged publications (opened, filled chunk by chunk, committed
 * as one publication or discarded), the rule flags stored with WARNING rows, and the approval
 * trail of the department's values per district and year (append-only: the current state is the
 * last step). Every table is audited.
 */
export class CreateIntake1764300012000 implements MigrationInterface {
  name = 'CreateIntake1764300012000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".staged_publication (
        id text PRIMARY KEY,
        criteria_set_id text NOT NULL,
        year integer NOT NULL,
        opened_by text NOT NULL,
        opened_by_subject text NOT NULL,
        opened_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('OPEN', 'COMMITTING', 'COMMITTED', 'DISCARDED')),
        row_count integer NOT NULL DEFAULT 0,
        chunk_count integer NOT NULL DEFAULT 0,
        closed_at timestamptz,
        publication_id bigint REFERENCES "${s}".publication(id)
      )`);
    await q.query(`
      CREATE TABLE "${s}".staged_chunk (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        staged_id text NOT NULL REFERENCES "${s}".staged_publication(id),
        seq integer NOT NULL,
        rows jsonb NOT NULL,
        appended_at timestamptz NOT NULL,
        UNIQUE (staged_id, seq)
      )`);
    await q.query(`
      CREATE TABLE "${s}".rule_flag (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        publication_id bigint REFERENCES "${s}".publication(id),
        criteria_set_id text NOT NULL,
        year integer NOT NULL,
        commune_code varchar(5) NOT NULL,
        indicator_code text NOT NULL,
        rule_set_id text NOT NULL,
        rule_set_version integer NOT NULL,
        rule_id text NOT NULL,
        severity text NOT NULL,
        violation jsonb NOT NULL,
        flagged_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rule_flag_value ON "${s}".rule_flag (year, commune_code, indicator_code)`);
    await q.query(`
      CREATE TABLE "${s}".approval_step (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        district_code varchar(3) NOT NULL,
        year integer NOT NULL,
        criteria_set_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('SUBMIT', 'APPROVE', 'RETURN')),
        actor text NOT NULL,
        role text NOT NULL,
        at timestamptz NOT NULL,
        reason text,
        request_id text NOT NULL,
        snapshot jsonb NOT NULL
      )`);
    await q.query(
      `CREATE INDEX approval_step_scope ON "${s}".approval_step (year, district_code, criteria_set_id, id)`,
    );
    for (const table of ['rule_flag', 'approval_step']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table}
        FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
    }
    for (const table of ['staged_publication', 'staged_chunk', 'rule_flag', 'approval_step'])
      await auditTable(q, s, s, table);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}".approval_step, "${s}".rule_flag, "${s}".staged_chunk, "${s}".staged_publication`);
  }
}
