import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, createAuditTrail, schemaOf } from '../../audit/sql';

/** The department's audit trail: every write to its tables, with who, when, old and new rows. */
export class AddDepartmentAudit1764300000300 implements MigrationInterface {
  name = 'AddDepartmentAudit1764300000300';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await createAuditTrail(q, s);
    for (const table of ['publication', 'indicator_value', 'indicator_value_revision'])
      await auditTable(q, s, s, table);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    for (const table of ['publication', 'indicator_value', 'indicator_value_revision'])
      await q.query(`DROP TRIGGER ${table}_audit ON "${s}".${table}`);
    await q.query(`DROP TABLE "${s}".audit_event`);
    await q.query(`DROP FUNCTION "${s}".audit_row()`);
  }
}
