import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Places, commune categories and the criteria-set catalogue, in schema `reference`. */
export class CreateReference1764300000000 implements MigrationInterface {
  name = 'CreateReference1764300000000';

  async up(q: QueryRunner): Promise<void> {
    // Created only when missing: LĐTBXH's own role owns an existing `reference` but may not create schemas.
    await q.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'reference') THEN CREATE SCHEMA reference; END IF; END $$`,
    );
    await q.query(`
      CREATE TABLE reference.province (
        code varchar(2) PRIMARY KEY CHECK (code ~ '^[0-9]{2}$'),
        name text NOT NULL,
        type text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE reference.district (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code varchar(3) NOT NULL CHECK (code ~ '^[0-9]{3}$'),
        name text NOT NULL,
        type text NOT NULL,
        province_code varchar(2) NOT NULL REFERENCES reference.province(code),
        valid_from date,
        valid_to date,
        source text NOT NULL,
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
      )`);
    await q.query(`CREATE UNIQUE INDEX district_code_current ON reference.district (code) WHERE valid_to IS NULL`);
    await q.query(`
      CREATE TABLE reference.commune (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        code varchar(5) NOT NULL CHECK (code ~ '^[0-9]{5}$'),
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('xã', 'phường', 'thị trấn')),
        district_code varchar(3) NOT NULL,
        province_code varchar(2) NOT NULL REFERENCES reference.province(code),
        valid_from date,
        valid_to date,
        source text NOT NULL,
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from <= valid_to)
      )`);
    await q.query(`CREATE UNIQUE INDEX commune_code_current ON reference.commune (code) WHERE valid_to IS NULL`);
    await q.query(`CREATE INDEX commune_district ON reference.commune (district_code)`);
    await q.query(`CREATE INDEX commune_province ON reference.commune (province_code)`);
    await q.query(`
      CREATE TABLE reference.commune_category (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        commune_id integer NOT NULL REFERENCES reference.commune(id),
        category text NOT NULL CHECK (category IN ('URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER')),
        from_year integer NOT NULL CHECK (from_year BETWEEN 1990 AND 2100),
        provisional boolean NOT NULL,
        source text NOT NULL,
        set_by text NOT NULL,
        set_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX commune_category_from ON reference.commune_category (commune_id, from_year)`);
    await q.query(`
      CREATE TABLE reference.criteria_set_version (
        set_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        content_hash char(64) NOT NULL,
        document jsonb NOT NULL,
        loaded_at timestamptz NOT NULL DEFAULT now(),
        loaded_by text NOT NULL,
        PRIMARY KEY (set_id, version)
      )`);
    // History is never rewritten: category rows and criteria-set versions cannot be changed or
    // removed by any write path, only added.
    await q.query(`
      CREATE FUNCTION reference.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rows of %.% are never changed or removed', TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`CREATE TRIGGER criteria_set_version_immutable BEFORE UPDATE OR DELETE ON reference.criteria_set_version
      FOR EACH ROW EXECUTE FUNCTION reference.refuse_change()`);
    await q.query(`CREATE TRIGGER commune_category_append_only BEFORE UPDATE OR DELETE ON reference.commune_category
      FOR EACH ROW EXECUTE FUNCTION reference.refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA reference CASCADE`);
  }
}
