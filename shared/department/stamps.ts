/**
 * The stamps of a department's values for the communes of a board's scope: for each commune
 * holding values for the year, how many and the sum of their revision numbers (see
 * shared/scoring-inputs.ts). Every department answers them for LĐTBXH's stored assessments; LĐTBXH
 * reads its own the same way.
 */
import type { DataSource } from 'typeorm';
import { communesOfScope, type BoardScope } from '../board-scope';
import type { ReferenceReader } from '../reference/reader';
import type { ValueStamp } from '../scoring-inputs';

/** One statement for the country, two for a district or a province (its communes, then the stamps). */
export async function boardStamps(dataSource: DataSource, reference: ReferenceReader, schema: string, scope: BoardScope, year: number): Promise<Map<string, ValueStamp>> {
  const codes = scope.kind === 'country' ? null : (await communesOfScope(reference, scope, year)).map((c) => c.code);
  const rows: { code: string; count: number; revisions: number }[] = await dataSource.query(
    `SELECT commune_code AS code, count(*)::int AS count, sum(revision)::int AS revisions
       FROM "${schema}".indicator_value
      WHERE year = $1 AND ($2::varchar[] IS NULL OR commune_code = ANY($2::varchar[]))
      GROUP BY commune_code`,
    [year, codes],
  );
  return new Map(rows.map((row) => [row.code, { count: row.count, revisions: row.revisions }]));
}
