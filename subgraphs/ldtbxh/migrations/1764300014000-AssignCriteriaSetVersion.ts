import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An assignment may name the version of the set a year uses (null: the latest version whose own
 * years include the year). Existing rows name none, which is what they meant.
 */
export class AssignCriteriaSetVersion1764300014000 implements MigrationInterface {
  name = 'AssignCriteriaSetVersion1764300014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reference.criteria_set_assignment ADD COLUMN version integer CHECK (version > 0)`);
    // A named version must be a stored one (a null version is not checked: MATCH SIMPLE).
    await q.query(
      `ALTER TABLE reference.criteria_set_assignment ADD CONSTRAINT criteria_set_assignment_version FOREIGN KEY (set_id, version) REFERENCES reference.criteria_set_version (set_id, version)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reference.criteria_set_assignment DROP COLUMN version`);
  }
}
