import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which criteria set applies to each assessment year. Rows are only added: a change of mind is a
 * newer row for the same year, so the assignment in force at any past moment can be found again.
 */
export class CreateCriteriaSetAssignment1764300000200 implements MigrationInterface {
  name = 'CreateCriteriaSetAssignment1764300000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reference.criteria_set_assignment (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        set_id text NOT NULL,
        note text NOT NULL,
        assigned_by text NOT NULL,
        assigned_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX criteria_set_assignment_year ON reference.criteria_set_assignment (year, assigned_at DESC)`,
    );
    await q.query(`CREATE TRIGGER criteria_set_assignment_append_only BEFORE UPDATE OR DELETE ON reference.criteria_set_assignment
      FOR EACH ROW EXECUTE FUNCTION reference.refuse_change()`);
    // Versions are stamped with the statement's clock, so two loads in one transaction stay ordered.
    await q.query(`ALTER TABLE reference.criteria_set_version ALTER COLUMN loaded_at SET DEFAULT clock_timestamp()`);
    await q.query(`ALTER TABLE reference.commune_category ALTER COLUMN set_at SET DEFAULT clock_timestamp()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reference.criteria_set_assignment`);
  }
}
