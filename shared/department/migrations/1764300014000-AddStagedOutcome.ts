import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../audit/sql';

/**
 * A staged publication committed in the background (a national file takes longer than one
 * gateway fetch may wait) keeps the outcome of its last commit, or why it failed, to be read later.
 */
export class AddStagedOutcome1764300014000 implements MigrationInterface {
  name = 'AddStagedOutcome1764300014000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE "${s}".staged_publication ADD COLUMN outcome jsonb, ADD COLUMN failure jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`ALTER TABLE "${s}".staged_publication DROP COLUMN outcome, DROP COLUMN failure`);
  }
}
