import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../audit/sql';

/**
 * On the two-tier map (from 1 July 2025) communes have no district: a department's values of a
 * province's districtless communes are approved per province and year. A step names either a
 * district or a province, never both.
 */
export class ApprovalPerProvince1764300023000 implements MigrationInterface {
  name = 'ApprovalPerProvince1764300023000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(
      `ALTER TABLE "${s}".approval_step ADD COLUMN province_code varchar(2), ALTER COLUMN district_code DROP NOT NULL`,
    );
    await q.query(
      `ALTER TABLE "${s}".approval_step ADD CONSTRAINT approval_step_one_scope CHECK ((district_code IS NULL) <> (province_code IS NULL))`,
    );
    await q.query(
      `CREATE INDEX approval_step_province_scope ON "${s}".approval_step (year, province_code, criteria_set_id, id) WHERE province_code IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP INDEX "${s}".approval_step_province_scope`);
    await q.query(
      `ALTER TABLE "${s}".approval_step DROP CONSTRAINT approval_step_one_scope, DROP COLUMN province_code, ALTER COLUMN district_code SET NOT NULL`,
    );
  }
}
