/**
 * A department's part of a board (`AssessmentBoard.<slug>Changes`): the stamps of its values for
 * the communes of the scope — for each commune holding values for the year, how many and the sum
 * of their revision numbers (see shared/scoring-inputs.ts) — and the scoring inputs of the communes
 * whose values changed at or after `since`. LĐTBXH reads its own stamps the same way.
 */
import type { DataSource } from 'typeorm';
import type { BoardScope } from '../board-scope';
import type { ScoringValue, ValueStamp } from '../scoring-inputs';

/**
 * The SQL condition "the value's commune is of the scope in the year", on `alias.commune_code`,
 * with its parameters from `$first` on: one statement whatever the scope.
 */
function inScope(alias: string, scope: BoardScope, year: number, first: number): { sql: string; params: unknown[] } {
  const [kind, code] = scope.kind === 'country' ? ['country', null] : [scope.kind, scope.code];
  const p = (n: number) => `$${first + n}`;
  return {
    sql: `${alias}.commune_code IN (SELECT c.code FROM reference.commune c
            WHERE (${p(0)}::text = 'country' OR (${p(0)}::text = 'district' AND c.district_code = ${p(1)}::text) OR (${p(0)}::text = 'province' AND c.province_code = ${p(1)}::text))
              AND (c.valid_from IS NULL OR c.valid_from <= ${p(3)}::date) AND (c.valid_to IS NULL OR c.valid_to >= ${p(2)}::date))`,
    params: [kind, code, `${year}-01-01`, `${year}-12-31`],
  };
}

/** One statement, whatever the scope. */
export async function boardStamps(
  dataSource: DataSource,
  schema: string,
  scope: BoardScope,
  year: number,
): Promise<Map<string, ValueStamp>> {
  const filter = inScope('v', scope, year, 2);
  const rows: { code: string; count: number; revisions: number }[] = await dataSource.query(
    `SELECT v.commune_code AS code, count(*)::int AS count, sum(v.revision)::int AS revisions
       FROM "${schema}".indicator_value v
      WHERE v.year = $1 AND ${filter.sql}
      GROUP BY v.commune_code`,
    [year, ...filter.params],
  );
  return new Map(rows.map((row) => [row.code, { count: row.count, revisions: row.revisions }]));
}

/**
 * The stamps of the scope and the current values of every commune with a value published at or
 * after `since` (of every commune when `since` is ''). Two statements, whatever the scope.
 */
export async function boardChanges(
  dataSource: DataSource,
  schema: string,
  scope: BoardScope,
  year: number,
  since: string,
): Promise<{ stamps: Map<string, ValueStamp>; values: Map<string, ScoringValue[]> }> {
  // The stamps first, then the values: values are never older than the stamps sent with them, so
  // a publication between the two makes LĐTBXH recompute again later, never store a score computed
  // from older values under a newer stamp. (Not at once on two connections for that reason.)
  const stamps = await boardStamps(dataSource, schema, scope, year);
  const filter = inScope('v', scope, year, 3);
  const rows: (ScoringValue & { code: string })[] = await dataSource.query(
    `SELECT v.commune_code AS code, v.criteria_set_id AS set, v.indicator_code AS indicator, v.kind, v.numerator, v.denominator, v.count,
            v.flag AS value, v.grade, v.revision, v.published_by AS "publishedBy",
            to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"
       FROM "${schema}".indicator_value v
      WHERE v.year = $1 AND ${filter.sql}
        AND ($2::timestamptz IS NULL OR v.commune_code IN (
              SELECT w.commune_code FROM "${schema}".indicator_value w WHERE w.year = $1 GROUP BY w.commune_code HAVING max(w.published_at) >= $2::timestamptz))
      ORDER BY v.commune_code, v.criteria_set_id, v.indicator_code`,
    [year, since === '' ? null : since, ...filter.params],
  );
  const values = new Map<string, ScoringValue[]>();
  for (const { code, ...value } of rows) {
    const list = values.get(code) ?? [];
    list.push(value);
    values.set(code, list);
  }
  return { stamps, values };
}
