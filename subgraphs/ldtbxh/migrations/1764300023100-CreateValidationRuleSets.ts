import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable } from '../../../shared/audit/sql';

/**
 * Validation rule sets as immutable versions, like criteria sets: a version is added, never changed
 * or removed (audited). The table is LĐTBXH's own: the other departments get the rules through the
 * graph (`validationRuleSetForYear`), never by reading it.
 */
export class CreateValidationRuleSets1764300023100 implements MigrationInterface {
  name = 'CreateValidationRuleSets1764300023100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ldtbxh.validation_rule_set_version (
        rule_set_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        criteria_set_id text NOT NULL,
        from_year integer CHECK (from_year BETWEEN 2000 AND 2100),
        content_hash char(64) NOT NULL,
        document jsonb NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        loaded_by text NOT NULL,
        PRIMARY KEY (rule_set_id, version)
      )`);
    await q.query(
      `CREATE INDEX validation_rule_set_criteria ON ldtbxh.validation_rule_set_version (criteria_set_id, version)`,
    );
    await q.query(`CREATE TRIGGER validation_rule_set_version_immutable BEFORE UPDATE OR DELETE ON ldtbxh.validation_rule_set_version
      FOR EACH ROW EXECUTE FUNCTION ldtbxh.refuse_change()`);
    await auditTable(q, 'ldtbxh', 'ldtbxh', 'validation_rule_set_version');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ldtbxh.validation_rule_set_version`);
  }
}
