import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditTable, schemaOf } from '../../audit/sql';

/**
 * The idempotency keys of a department's publishing calls: the key a department system sent, a
 * hash of the call's content and the answer it got, so that a retry with the same key is answered
 * the same without writing again. Append-only and audited like the publications.
 */
export class AddPublishIdempotency1764300010000 implements MigrationInterface {
  name = 'AddPublishIdempotency1764300010000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE "${s}".publish_idempotency (
        key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
        request_hash char(64) NOT NULL,
        result jsonb NOT NULL,
        publication_id bigint REFERENCES "${s}".publication(id),
        requested_by text NOT NULL,
        request_id text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE TRIGGER publish_idempotency_append_only BEFORE UPDATE OR DELETE ON "${s}".publish_idempotency
      FOR EACH ROW EXECUTE FUNCTION "${s}".refuse_change()`);
    await auditTable(q, s, s, 'publish_idempotency');
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE "${s}".publish_idempotency`);
  }
}
