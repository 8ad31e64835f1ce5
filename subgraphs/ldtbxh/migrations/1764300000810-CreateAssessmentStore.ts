import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../../shared/audit/sql';

/**
 * The assessments LĐTBXH has computed, each with the stamp of everything it was computed from, so
 * a board recomputes only the communes whose inputs moved. Derived data, not a record: every row can
 * be recomputed from the departments' values, so the table is not audited (nobody decides anything
 * in it) and may be emptied at any time (`TRUNCATE ldtbxh.assessment_store`).
 */
export class CreateAssessmentStore1764300000810 implements MigrationInterface {
  name = 'CreateAssessmentStore1764300000810';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".assessment_store (
        commune_code varchar(5) NOT NULL,
        year integer NOT NULL,
        stamp text NOT NULL,
        total integer NOT NULL,
        max_total integer NOT NULL,
        status text NOT NULL,
        eligible boolean NOT NULL,
        computed jsonb NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, commune_code)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}".assessment_store`);
  }
}
