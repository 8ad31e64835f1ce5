import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

/**
 * The recognition procedure, owned by LĐTBXH (the coordinating department): each commune's yearly
 * cycle and its full history of actions, the targets per year, and the submitted reports. History
 * tables are append-only; every table is audited.
 */
export class CreateRecognition1764300000600 implements MigrationInterface {
  name = 'CreateRecognition1764300000600';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".recognition_cycle (
        commune_code varchar(5) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        state text NOT NULL CHECK (state IN ('REGISTERED', 'SELF_ASSESSED', 'SUBMITTED', 'RECOGNISED', 'NOT_RECOGNISED', 'REVOKED')),
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (commune_code, year)
      )`);
    await q.query(`CREATE INDEX recognition_cycle_year ON "${s}".recognition_cycle (year, state)`);
    await q.query(`
      CREATE TABLE "${s}".recognition_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        commune_code varchar(5) NOT NULL,
        year integer NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text NOT NULL,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor text NOT NULL,
        details jsonb NOT NULL,
        snapshot jsonb
      )`);
    await q.query(`CREATE INDEX recognition_event_cycle ON "${s}".recognition_event (commune_code, year, id)`);
    await q.query(`
      CREATE TABLE "${s}".target (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope text NOT NULL CHECK (scope ~ '^(province:[0-9]{2}|district:[0-9]{3})$'),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        recognised_share_pct numeric(5, 2) CHECK (recognised_share_pct BETWEEN 0 AND 100),
        new_min_pct numeric(5, 2) NOT NULL CHECK (new_min_pct BETWEEN 0 AND 100),
        new_max_pct numeric(5, 2) NOT NULL CHECK (new_max_pct BETWEEN 0 AND 100),
        note text NOT NULL,
        provisional boolean NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (new_min_pct <= new_max_pct)
      )`);
    await q.query(`CREATE INDEX target_scope_year ON "${s}".target (scope, year, id DESC)`);
    await q.query(`
      CREATE TABLE "${s}".report_submission (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('DISTRICT', 'PROVINCE')),
        scope text NOT NULL,
        year integer NOT NULL,
        submitted_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        submitted_by text NOT NULL,
        content jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX report_submission_scope ON "${s}".report_submission (kind, scope, year, id)`);
    for (const table of ['recognition_event', 'target', 'report_submission']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table} FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`,
      );
    }
    await q.query(
      `CREATE TRIGGER recognition_cycle_keep BEFORE DELETE ON "${s}".recognition_cycle FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`,
    );
    for (const table of ['recognition_cycle', 'recognition_event', 'target', 'report_submission'])
      await auditTable(q, s, s, table);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(
      `DROP TABLE "${s}".recognition_cycle, "${s}".recognition_event, "${s}".target, "${s}".report_submission`,
    );
  }
}
