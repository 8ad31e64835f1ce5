import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

/**
 * The recognition procedure as the law runs it: the recognising level's steps (dossier check and
 * return, appraisal, review council, public posting and comments) and a refused commune's request
 * for re-appraisal as states of the cycle; the flags a step carries (dated outside its calendar
 * window, a decision that disagrees with the computation); which steps each procedure period
 * requires; the province's decision policy per criteria set; and the year's calendar. New tables
 * are append-only and audited.
 */
export class RecognitionProcedureSteps1764300022000 implements MigrationInterface {
  name = 'RecognitionProcedureSteps1764300022000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE "${s}".recognition_cycle DROP CONSTRAINT recognition_cycle_state_check`);
    await q.query(`ALTER TABLE "${s}".recognition_cycle ADD CONSTRAINT recognition_cycle_state_check CHECK (state IN (
      'REGISTERED', 'SELF_ASSESSED', 'SUBMITTED', 'RETURNED', 'DOSSIER_ACCEPTED', 'APPRAISED', 'COUNCIL_REVIEWED', 'POSTED',
      'RECOGNISED', 'NOT_RECOGNISED', 'REAPPRAISAL_REQUESTED', 'REFUSAL_UPHELD', 'REVOKED'))`);
    await q.query(
      `ALTER TABLE "${s}".recognition_event ADD COLUMN flags jsonb NOT NULL DEFAULT '[]'::jsonb, ADD COLUMN disagreement jsonb`,
    );
    await q.query(`ALTER TABLE "${s}".procedure_period
      ADD COLUMN required_steps text[] NOT NULL DEFAULT ARRAY['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING']::text[],
      ADD COLUMN steps_provisional boolean NOT NULL DEFAULT true`);
    await q.query(
      `ALTER TABLE "${s}".procedure_period ADD CONSTRAINT procedure_period_steps_known CHECK (required_steps <@ ARRAY['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING']::text[])`,
    );
    await q.query(`
      CREATE TABLE "${s}".decision_policy (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        criteria_set_id text NOT NULL,
        criteria_set_version integer NOT NULL CHECK (criteria_set_version > 0),
        block_on_disagreement boolean NOT NULL,
        note text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX decision_policy_set ON "${s}".decision_policy (criteria_set_id, criteria_set_version, id DESC)`,
    );
    await q.query(`
      CREATE TABLE "${s}".procedure_calendar (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        windows jsonb NOT NULL,
        note text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX procedure_calendar_year ON "${s}".procedure_calendar (year, id DESC)`);
    for (const table of ['decision_policy', 'procedure_calendar']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table} FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`,
      );
      await auditTable(q, s, s, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}".decision_policy, "${s}".procedure_calendar`);
    await q.query(
      `ALTER TABLE "${s}".procedure_period DROP CONSTRAINT procedure_period_steps_known, DROP COLUMN required_steps, DROP COLUMN steps_provisional`,
    );
    await q.query(`ALTER TABLE "${s}".recognition_event DROP COLUMN flags, DROP COLUMN disagreement`);
    await q.query(`ALTER TABLE "${s}".recognition_cycle DROP CONSTRAINT recognition_cycle_state_check`);
    await q.query(
      `ALTER TABLE "${s}".recognition_cycle ADD CONSTRAINT recognition_cycle_state_check CHECK (state IN ('REGISTERED', 'SELF_ASSESSED', 'SUBMITTED', 'RECOGNISED', 'NOT_RECOGNISED', 'REVOKED'))`,
    );
  }
}
