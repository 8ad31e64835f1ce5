import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

/**
 * Who recognises and who reports to whom, per period, as configuration: before 1 July 2025 the
 * district (plan 965/KH-UBND), from then the province by default (provisional, the two-tier rule
 * is not published), and how a merged unit counts its predecessors' recognitions. Rows are only
 * added: a change is a newer row for the same first day, so what applied when stays on record.
 */
export class CreateProcedurePeriod1764300001510 implements MigrationInterface {
  name = 'CreateProcedurePeriod1764300001510';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".procedure_period (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        valid_from date NOT NULL,
        recognising_level text NOT NULL CHECK (recognising_level IN ('DISTRICT', 'PROVINCE')),
        reporting_level text NOT NULL CHECK (reporting_level IN ('DISTRICT', 'PROVINCE')),
        levels_provisional boolean NOT NULL,
        lineage_policy text NOT NULL CHECK (lineage_policy IN ('ALL_PREDECESSORS', 'ANY_PREDECESSOR', 'OWN_YEARS_ONLY')),
        lineage_policy_provisional boolean NOT NULL,
        note text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX procedure_period_from ON "${s}".procedure_period (valid_from, set_at DESC)`);
    await q.query(
      `CREATE TRIGGER procedure_period_append_only BEFORE UPDATE OR DELETE ON "${s}".procedure_period FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`,
    );
    await auditTable(q, s, s, 'procedure_period');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "${schemaOf(q)}".procedure_period`);
  }
}
