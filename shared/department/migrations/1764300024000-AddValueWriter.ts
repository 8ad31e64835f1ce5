import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../audit/sql';

/**
 * Each current value records the transaction that last wrote it (`written_xid`, PostgreSQL's
 * 64-bit transaction id, which never wraps). A board asks a department for the communes changed
 * since a watermark — the transactions the snapshot of the previous board's stamps could not see
 * (shared/board-since.ts) — rather than since a moment less a safety margin: every write that
 * board missed has one of their ids, whenever it commits, so the next board asks for exactly what
 * it may have missed (shared/department/stamps.ts). Rows written before carry this migration's id.
 */
export class AddValueWriter1764300024000 implements MigrationInterface {
  name = 'AddValueWriter1764300024000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(
      `ALTER TABLE "${s}".indicator_value ADD COLUMN written_xid xid8 NOT NULL DEFAULT pg_current_xact_id()`,
    );
    await q.query(`CREATE INDEX indicator_value_written ON "${s}".indicator_value (year, written_xid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP INDEX "${s}".indicator_value_written`);
    await q.query(`ALTER TABLE "${s}".indicator_value DROP COLUMN written_xid`);
  }
}
