import type { MigrationInterface, QueryRunner } from 'typeorm';
import { schemaOf } from '../../../shared/audit/sql';

/**
 * A board's state records, with when it last found every stored assessment of its scope fresh,
 * each department's watermark at that read (see shared/board-since.ts): the next board of the
 * scope asks each department for what changed since its own watermark. Null for a state written
 * before, or by a read that fell back to moments; such a board asks by moment as before.
 */
export class AddBoardWatermarks1764300024100 implements MigrationInterface {
  name = 'AddBoardWatermarks1764300024100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${schemaOf(q)}".assessment_board_state ADD COLUMN watermarks text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "${schemaOf(q)}".assessment_board_state DROP COLUMN watermarks`);
  }
}
