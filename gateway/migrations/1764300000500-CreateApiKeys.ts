import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, createAuditTrail } from '../../shared/audit/sql';

/**
 * API keys of department systems, in the gateway's own schema. Only a hash of each key's secret
 * is stored; a key is revoked by stamping `revoked_at`, never deleted. Every change is audited.
 */
export class CreateApiKeys1764300000500 implements MigrationInterface {
  name = 'CreateApiKeys1764300000500';

  async up(q: QueryRunner): Promise<void> {
    // Created only when missing: the gateway's own role owns an existing `gateway` but may not create schemas.
    await q.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'gateway') THEN CREATE SCHEMA gateway; END IF; END $$`,
    );
    await q.query(`
      CREATE TABLE gateway.api_key (
        id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{12}$'),
        secret_hash char(64) NOT NULL,
        label text NOT NULL,
        role text NOT NULL CHECK (role IN ('PROVINCE_ADMIN', 'DEPARTMENT_PUBLISHER', 'DISTRICT_OFFICER', 'COMMUNE_OFFICER')),
        department text,
        district text,
        commune text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        revoked_at timestamptz,
        revoked_by text
      )`);
    await q.query(`
      CREATE FUNCTION gateway.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'rows of %.% are never changed or removed', TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    await q.query(`
      CREATE FUNCTION gateway.api_key_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.revoked_at IS NOT NULL
           OR (to_jsonb(NEW) - 'revoked_at' - 'revoked_by') <> (to_jsonb(OLD) - 'revoked_at' - 'revoked_by') THEN
          RAISE EXCEPTION 'an API key can only be revoked, once' USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER api_key_revoke_only BEFORE UPDATE OR DELETE ON gateway.api_key
      FOR EACH ROW EXECUTE FUNCTION gateway.api_key_revoke_only()`);
    await createAuditTrail(q, 'gateway');
    await auditTable(q, 'gateway', 'gateway', 'api_key');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA gateway CASCADE`);
  }
}
