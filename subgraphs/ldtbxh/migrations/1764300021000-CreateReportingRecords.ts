import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

/**
 * What people decide and write around the yearly figures, owned by LĐTBXH: a level's own target
 * (a district for its district, the province for the province: a number of communes), the
 * province's publication deadline per department and year, reminders sent to departments, the
 * officer's own sections of an annual report (each save a new version), and reward decisions and
 * proposals to the Chairman. Every table is append-only (the latest row applies) and audited.
 */
export class CreateReportingRecords1764300021000 implements MigrationInterface {
  name = 'CreateReportingRecords1764300021000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".level_target (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        scope text NOT NULL CHECK (scope ~ '^(province:[0-9]{2}|district:[0-9]{3})$'),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        level text NOT NULL CHECK (level IN ('DISTRICT', 'PROVINCE')),
        new_count integer NOT NULL CHECK (new_count >= 0),
        recognised_count integer CHECK (recognised_count >= 0),
        communes integer NOT NULL CHECK (communes > 0),
        note text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CHECK (new_count <= communes AND (recognised_count IS NULL OR recognised_count <= communes))
      )`);
    await q.query(`CREATE INDEX level_target_scope ON "${s}".level_target (scope, year, id DESC)`);
    await q.query(`
      CREATE TABLE "${s}".publication_deadline (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        province_code varchar(2) NOT NULL,
        department text NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        deadline date NOT NULL,
        note text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX publication_deadline_year ON "${s}".publication_deadline (province_code, year, department, id DESC)`,
    );
    await q.query(`
      CREATE TABLE "${s}".department_reminder (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        province_code varchar(2) NOT NULL,
        department text NOT NULL,
        district_code varchar(3),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        sent_to text NOT NULL,
        sent_on date NOT NULL,
        about text NOT NULL,
        reference text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(
      `CREATE INDEX department_reminder_year ON "${s}".department_reminder (province_code, year, department, id)`,
    );
    await q.query(`
      CREATE TABLE "${s}".report_narrative (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('DISTRICT', 'PROVINCE')),
        scope text NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        fields jsonb NOT NULL,
        saved_by text NOT NULL,
        saved_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`CREATE INDEX report_narrative_scope ON "${s}".report_narrative (kind, scope, year, id DESC)`);
    await q.query(`
      CREATE TABLE "${s}".reward_record (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('DISTRICT_REWARD', 'CHAIRMAN_PROPOSAL', 'CHAIRMAN_REWARD')),
        commune_code varchar(5) NOT NULL,
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        streak integer NOT NULL CHECK (streak > 0),
        number text NOT NULL,
        date date NOT NULL,
        signer text NOT NULL,
        form text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (kind, commune_code, year)
      )`);
    const tables = ['level_target', 'publication_deadline', 'department_reminder', 'report_narrative', 'reward_record'];
    for (const table of tables) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table} FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`,
      );
      await auditTable(q, s, s, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(
      `DROP TABLE "${s}".level_target, "${s}".publication_deadline, "${s}".department_reminder, "${s}".report_narrative, "${s}".reward_record`,
    );
  }
}
