import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../../shared/audit/sql';

/**
 * Two maps, one history (the 2025 reorganisation): provinces get validity periods like districts
 * and communes (a code such as 56 designates old Khánh Hòa until 30 June 2025 and the merged one
 * after); a commune may have no district (the two-tier map) and may be a đặc khu; which units of
 * one map formed each unit of the next is recorded in `unit_lineage`, and every applied
 * reorganisation in `unit_resolution`. Stored periods are never rewritten: the only change a
 * period accepts is closing it (valid_to from null to a date), and none is ever deleted.
 */
export class UnitPeriodsAndLineage1764300001500 implements MigrationInterface {
  name = 'UnitPeriodsAndLineage1764300001500';

  async up(q: QueryRunner): Promise<void> {
    const owner = schemaOf(q);
    await q.query(`ALTER TABLE reference.district DROP CONSTRAINT IF EXISTS district_province_code_fkey`);
    await q.query(`ALTER TABLE reference.commune DROP CONSTRAINT IF EXISTS commune_province_code_fkey`);
    await q.query(`ALTER TABLE reference.province DROP CONSTRAINT province_pkey`);
    await q.query(`ALTER TABLE reference.province ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY`);
    await q.query(`ALTER TABLE reference.province ADD COLUMN valid_from date, ADD COLUMN valid_to date,
      ADD COLUMN source text NOT NULL DEFAULT 'statistics office list (before periods were recorded)',
      ADD CONSTRAINT province_period CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)`);
    await q.query(`ALTER TABLE reference.province ALTER COLUMN source DROP DEFAULT`);
    await q.query(`CREATE UNIQUE INDEX province_code_current ON reference.province (code) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX province_code ON reference.province (code)`);

    await q.query(`ALTER TABLE reference.commune ALTER COLUMN district_code DROP NOT NULL`);
    await q.query(`ALTER TABLE reference.commune DROP CONSTRAINT commune_type_check`);
    await q.query(
      `ALTER TABLE reference.commune ADD CONSTRAINT commune_type_check CHECK (type IN ('xã', 'phường', 'thị trấn', 'đặc khu'))`,
    );
    await q.query(`CREATE INDEX commune_code ON reference.commune (code)`);

    await q.query(`
      CREATE TABLE reference.unit_resolution (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        effective_from date NOT NULL,
        content_hash char(64) NOT NULL,
        files jsonb NOT NULL,
        summary jsonb NOT NULL,
        applied_by text NOT NULL,
        applied_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await q.query(`
      CREATE TABLE reference.unit_lineage (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        resolution_id integer NOT NULL REFERENCES reference.unit_resolution(id),
        old_commune_id integer REFERENCES reference.commune(id),
        old_code varchar(5) CHECK (old_code ~ '^[0-9]{5}$'),
        old_name text NOT NULL,
        old_province_code varchar(2) NOT NULL,
        new_commune_id integer REFERENCES reference.commune(id),
        new_code varchar(5),
        new_name text,
        kind text NOT NULL CHECK (kind IN ('WHOLE', 'PART', 'UNCHANGED', 'RENAMED', 'RETYPED', 'RETIRED')),
        share_note text NOT NULL,
        source_note text NOT NULL,
        CHECK ((kind = 'RETIRED') = (new_commune_id IS NULL))
      )`);
    await q.query(`CREATE INDEX unit_lineage_old ON reference.unit_lineage (old_commune_id)`);
    await q.query(`CREATE INDEX unit_lineage_new ON reference.unit_lineage (new_commune_id)`);
    await q.query(
      `CREATE UNIQUE INDEX unit_lineage_pair ON reference.unit_lineage (coalesce(old_code, old_name), new_commune_id) WHERE new_commune_id IS NOT NULL`,
    );
    for (const table of ['unit_resolution', 'unit_lineage']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON reference.${table} FOR EACH ROW EXECUTE FUNCTION reference.refuse_change()`,
      );
      await auditTable(q, owner, 'reference', table);
    }
    // A period is closed once, and nothing else about it changes.
    await q.query(`
      CREATE FUNCTION reference.only_close_period() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'periods of %.% are never removed', TG_TABLE_SCHEMA, TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD.valid_to IS NOT NULL OR NEW.valid_to IS NULL
           OR (to_jsonb(NEW) - 'valid_to') IS DISTINCT FROM (to_jsonb(OLD) - 'valid_to') THEN
          RAISE EXCEPTION 'a period of %.% can only be closed (valid_to set once), never rewritten', TG_TABLE_SCHEMA, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['province', 'district', 'commune']) {
      await q.query(
        `CREATE TRIGGER ${table}_only_close BEFORE UPDATE OR DELETE ON reference.${table} FOR EACH ROW EXECUTE FUNCTION reference.only_close_period()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['province', 'district', 'commune'])
      await q.query(`DROP TRIGGER ${table}_only_close ON reference.${table}`);
    await q.query(`DROP FUNCTION reference.only_close_period()`);
    await q.query(`DROP TABLE reference.unit_lineage, reference.unit_resolution`);
  }
}
