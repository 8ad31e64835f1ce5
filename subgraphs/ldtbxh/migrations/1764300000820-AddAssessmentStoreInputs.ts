import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../../shared/audit/sql';

/**
 * Each stored assessment keeps the departments' inputs it was computed from (LĐTBXH's own
 * included), so a commune whose values changed in one department is recomputed from that
 * department's new inputs and the others' stored ones, and a board's details are recomputed from
 * them rather than stored. Rows stored before have no inputs: the store is emptied (it is derived
 * data, refilled by the next board of each scope). `assessment_board_state` records when a board last found every
 * stored assessment of its scope fresh, from which the next one asks only for newer changes.
 */
export class AddAssessmentStoreInputs1764300000820 implements MigrationInterface {
  name = 'AddAssessmentStoreInputs1764300000820';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`TRUNCATE "${s}".assessment_store`);
    // The inputs replace the stored computation: details are recomputed from them, exactly.
    await q.query(`ALTER TABLE "${s}".assessment_store DROP COLUMN computed`);
    await q.query(`ALTER TABLE "${s}".assessment_store ADD COLUMN inputs text NOT NULL`);
    await q.query(`
      CREATE TABLE "${s}".assessment_board_state (
        scope text NOT NULL,
        year integer NOT NULL,
        verified_at timestamptz NOT NULL,
        PRIMARY KEY (scope, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}".assessment_board_state`);
    await q.query(`TRUNCATE "${schemaOf(q)}".assessment_store`);
    await q.query(`ALTER TABLE "${schemaOf(q)}".assessment_store DROP COLUMN inputs`);
    await q.query(`ALTER TABLE "${schemaOf(q)}".assessment_store ADD COLUMN computed jsonb NOT NULL`);
  }
}
