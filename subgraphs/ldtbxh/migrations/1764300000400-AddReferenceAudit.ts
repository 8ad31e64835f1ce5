import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

const TABLES = [
  'province',
  'district',
  'commune',
  'commune_category',
  'criteria_set_version',
  'criteria_set_assignment',
];

/** Every write to the reference data goes to the audit trail of its owner, the LĐTBXH service. */
export class AddReferenceAudit1764300000400 implements MigrationInterface {
  name = 'AddReferenceAudit1764300000400';

  async up(q: QueryRunner): Promise<void> {
    const owner = schemaOf(q);
    for (const table of TABLES) await auditTable(q, owner, 'reference', table);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of TABLES) await q.query(`DROP TRIGGER ${table}_audit ON reference.${table}`);
  }
}
