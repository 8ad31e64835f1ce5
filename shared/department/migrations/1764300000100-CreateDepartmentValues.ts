import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../audit/sql';

/**
 * A department's published values, their revisions and its publications, in the department's own
 * schema (the DataSource's `schema`). The same migration serves all six departments.
 */
export class CreateDepartmentValues1764300000100 implements MigrationInterface {
  name = 'CreateDepartmentValues1764300000100';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".publication (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        criteria_set_id text NOT NULL,
        criteria_set_version integer NOT NULL,
        year integer NOT NULL,
        published_by text NOT NULL,
        request_id text NOT NULL,
        published_at timestamptz NOT NULL,
        created integer NOT NULL,
        updated integer NOT NULL,
        unchanged integer NOT NULL,
        rejected integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE "${s}".indicator_value (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        commune_code varchar(5) NOT NULL,
        year integer NOT NULL,
        criteria_set_id text NOT NULL,
        indicator_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('RATE', 'COUNT', 'BOOLEAN', 'GRADED')),
        numerator integer CHECK (numerator >= 0),
        denominator integer CHECK (denominator >= 0),
        count integer CHECK (count >= 0),
        flag boolean,
        grade text,
        note text,
        source_ref text,
        revision integer NOT NULL CHECK (revision > 0),
        publication_id bigint NOT NULL REFERENCES "${s}".publication(id),
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        first_published_at timestamptz NOT NULL,
        CHECK (numerator IS NULL OR denominator IS NULL OR numerator <= denominator)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX indicator_value_key ON "${s}".indicator_value (commune_code, year, criteria_set_id, indicator_code)`,
    );
    await q.query(`CREATE INDEX indicator_value_year ON "${s}".indicator_value (year, commune_code)`);
    await q.query(`CREATE INDEX indicator_value_publication ON "${s}".indicator_value (publication_id)`);
    await q.query(`
      CREATE TABLE "${s}".indicator_value_revision (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        value_id bigint NOT NULL REFERENCES "${s}".indicator_value(id),
        revision integer NOT NULL,
        publication_id bigint NOT NULL REFERENCES "${s}".publication(id),
        numerator integer,
        denominator integer,
        count integer,
        flag boolean,
        grade text,
        note text,
        source_ref text,
        published_by text NOT NULL,
        published_at timestamptz NOT NULL,
        UNIQUE (value_id, revision)
      )`);
    await q.query(`
      CREATE FUNCTION "${s}".refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rows of %.% are never changed or removed', TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    for (const table of ['indicator_value_revision', 'publication']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${s}".${table}
        FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
    }
    await q.query(`CREATE TRIGGER indicator_value_keep BEFORE DELETE ON "${s}".indicator_value
      FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}".indicator_value_revision, "${s}".indicator_value, "${s}".publication`);
    await q.query(`DROP FUNCTION "${s}".refuse_change()`);
  }
}
