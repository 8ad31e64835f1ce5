import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable } from '../../../shared/audit/sql';

/** The province's decisions, per year, whether recognition requires approved inputs (append-only, audited). */
export class CreateApprovalRequirement1764300013000 implements MigrationInterface {
  name = 'CreateApprovalRequirement1764300013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ldtbxh.approval_requirement (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        year integer NOT NULL,
        required boolean NOT NULL,
        note text NOT NULL,
        decided_by text NOT NULL,
        decided_at timestamptz NOT NULL,
        request_id text NOT NULL
      )`);
    await q.query(`CREATE INDEX approval_requirement_year ON ldtbxh.approval_requirement (year, id)`);
    await q.query(`CREATE TRIGGER approval_requirement_append_only BEFORE UPDATE OR DELETE ON ldtbxh.approval_requirement
      FOR EACH ROW EXECUTE FUNCTION ldtbxh.refuse_change()`);
    await auditTable(q, 'ldtbxh', 'ldtbxh', 'approval_requirement');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ldtbxh.approval_requirement`);
  }
}
