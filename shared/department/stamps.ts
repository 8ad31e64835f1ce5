/**
 * A department's part of a board (`AssessmentBoard.<slug>Changes`): the stamps of its values for
 * the communes of the scope — for each commune holding values for the year, how many and the sum
 * of their revision numbers (see shared/scoring-inputs.ts) —, the scoring inputs of the communes
 * whose values changed since the board's `since` (shared/board-since.ts), and the department's
 * watermark as the stamps were read, from which the next board asks. LĐTBXH reads its own the
 * same way.
 */
import type { DataSource } from 'typeorm';
import { assertNever } from '../assert-never';
import { readWatermark, watermarkSql, type BoardSince } from '../board-since';
import type { BoardScope } from '../board-scope';
import type { DepartmentCode } from '../departments';
import type { ScoringValue, ValueStamp } from '../scoring-inputs';

/**
 * The SQL condition "the commune `alias` is of the scope in the year", on a `reference.commune`
 * row, with its parameters from `$first` on.
 */
function communeInScope(
  alias: string,
  scope: BoardScope,
  year: number,
  first: number,
): { sql: string; params: unknown[] } {
  const [kind, code] = scope.kind === 'country' ? ['country', null] : [scope.kind, scope.code];
  const p = (n: number) => `$${first + n}`;
  return {
    sql: `(${p(0)}::text = 'country' OR (${p(0)}::text = 'district' AND ${alias}.district_code = ${p(1)}::text) OR (${p(0)}::text = 'province' AND ${alias}.province_code = ${p(1)}::text))
              AND (${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${p(3)}::date) AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${p(2)}::date)`,
    params: [kind, code, `${year}-01-01`, `${year}-12-31`],
  };
}

/**
 * The SQL condition "the value's commune is of the scope in the year", on `alias.commune_code`,
 * with its parameters from `$first` on: a semi-join with the scope's communes.
 */
function inScope(alias: string, scope: BoardScope, year: number, first: number): { sql: string; params: unknown[] } {
  const communes = communeInScope('c', scope, year, first);
  return {
    sql: `${alias}.commune_code IN (SELECT c.code FROM reference.commune c WHERE ${communes.sql})`,
    params: communes.params,
  };
}

/**
 * The stamps of the scope and the watermark of the statement that read them (see
 * shared/board-since.ts). One statement, whatever the scope.
 */
async function boardStamps(
  dataSource: DataSource,
  schema: string,
  scope: BoardScope,
  year: number,
): Promise<{ stamps: Map<string, ValueStamp>; watermark: string }> {
  // A district or a province: each commune's values counted through the values' key, led by the
  // commune (`year + 0` leaves no other index fitting). As a semi-join, once the statistics knew
  // a national publication, the planner read a province's stamps by scanning the whole year (Hà
  // Nội's 579 communes in Y tế: 14.6-25.5 ms, against 3.8-7.1 ms so); and right after one, with
  // statistics that did not know it yet, through the index on year and writing transaction
  // (22 ms against 13 ms). The country reads the whole year anyway: a semi-join (55-75 ms for
  // 10,599 communes, against 63-157 ms commune by commune).
  const communes = communeInScope('c', scope, year, 2);
  const scoped =
    scope.kind === 'country'
      ? `SELECT v.commune_code AS code, count(*)::int AS count, sum(v.revision)::int AS revisions
           FROM "${schema}".indicator_value v
          WHERE v.year = $1 AND ${inScope('v', scope, year, 2).sql}
          GROUP BY v.commune_code`
      : `SELECT c.code, st.count, st.revisions
           FROM reference.commune c
          CROSS JOIN LATERAL (SELECT count(*)::int AS count, sum(v.revision)::int AS revisions
                                FROM "${schema}".indicator_value v
                               WHERE v.commune_code = c.code AND v.year + 0 = $1) st
          WHERE ${communes.sql} AND st.count > 0`;
  // The watermark comes from the same statement as the stamps, so from the same snapshot: every
  // write these stamps do not show was made by a transaction it names. One row even when the
  // scope holds no value.
  const rows: { watermark: string; code: string | null; count: number; revisions: number }[] = await dataSource.query(
    `SELECT w.watermark, s.code, s.count, s.revisions
       FROM (SELECT ${watermarkSql} AS watermark) w
       LEFT JOIN (${scoped}) s ON true`,
    [year, ...communes.params],
  );
  const stamps = new Map<string, ValueStamp>();
  for (const row of rows) if (row.code !== null) stamps.set(row.code, { count: row.count, revisions: row.revisions });
  const watermark = rows[0]?.watermark;
  if (watermark === undefined) throw new Error('the stamps statement returned no row');
  return { stamps, watermark };
}

/**
 * The SQL condition on `w` "this value was written since `since`", from parameter `$first`; null
 * when every commune is asked for.
 */
function writtenSince(
  since: BoardSince,
  code: DepartmentCode,
  first: number,
): { sql: string; params: unknown[] } | null {
  switch (since.kind) {
    case 'all':
      return null;
    case 'moment':
      return { sql: `w.published_at >= $${first}::timestamptz`, params: [since.at] };
    case 'watermarks': {
      const text = since.watermarks[code];
      // A department the key does not name sends everything: never less than was asked.
      if (text === undefined) return null;
      const { from, running } = readWatermark(text);
      return {
        sql: `(w.written_xid >= $${first}::xid8 OR w.written_xid = ANY($${first + 1}::xid8[]))`,
        params: [from, running],
      };
    }
    default:
      return assertNever(since, 'board since');
  }
}

const VALUE_COLUMNS = `v.commune_code AS code, v.criteria_set_id AS set, v.indicator_code AS indicator, v.kind, v.numerator,
            v.denominator, v.count, v.flag AS value, v.grade, v.revision, v.published_by AS "publishedBy",
            to_char(v.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"`;

/**
 * The stamps of the scope, the watermark they were read at (the department's watermark in
 * `since` when nothing was written since it), and the current values of every commune with a
 * value written since `since` (of every commune for `all`). `code` is the
 * department's code, which picks its watermark. Two statements, whatever the scope.
 */
export async function boardChanges(
  dataSource: DataSource,
  schema: string,
  code: DepartmentCode,
  scope: BoardScope,
  year: number,
  since: BoardSince,
): Promise<{ stamps: Map<string, ValueStamp>; watermark: string; values: Map<string, ScoringValue[]> }> {
  // The stamps first, then the values: values are never older than the stamps sent with them, so
  // a publication between the two makes LĐTBXH recompute again later, never store a score computed
  // from older values under a newer stamp. (Not at once on two connections for that reason.)
  const { stamps, watermark } = await boardStamps(dataSource, schema, scope, year);
  const written = writtenSince(since, code, 3);
  let rows: (ScoringValue & { code: string })[];
  if (written === null) {
    const filter = inScope('v', scope, year, 2);
    rows = await dataSource.query(
      `SELECT ${VALUE_COLUMNS}
         FROM "${schema}".indicator_value v
        WHERE v.year = $1 AND ${filter.sql}
        ORDER BY v.commune_code, v.criteria_set_id, v.indicator_code`,
      [year, ...filter.params],
    );
  } else {
    // The changed communes of the scope first (usually none or a few), then each one's values by
    // the key's index. Written so that the plan does not hang on the statistics: right after a
    // year's first publication they still say the year holds no value, and a planner believing
    // that joined every value of the year with every changed commune (27 s for 3,321 units,
    // measured), or scanned the scope's communes again for every value. So the scope is the
    // communes the stamps just listed, one array (looked up by hash), the LATERAL with OFFSET 0
    // keeps the changed communes outside, and `year + 0` leaves the key's index, led by the
    // commune, the only one that fits.
    rows = await dataSource.query(
      `WITH changed AS MATERIALIZED (
         SELECT DISTINCT w.commune_code FROM "${schema}".indicator_value w
          WHERE w.year = $1 AND w.commune_code = ANY($2::varchar[]) AND ${written.sql})
       SELECT ${VALUE_COLUMNS}
         FROM changed ch
        CROSS JOIN LATERAL (SELECT x.* FROM "${schema}".indicator_value x
                             WHERE x.commune_code = ch.commune_code AND x.year + 0 = $1 OFFSET 0) v
        ORDER BY v.commune_code, v.criteria_set_id, v.indicator_code`,
      [year, [...stamps.keys()], ...written.params],
    );
  }
  const values = new Map<string, ScoringValue[]>();
  for (const { code: commune, ...value } of rows) {
    const list = values.get(commune) ?? [];
    list.push(value);
    values.set(commune, list);
  }
  // Nothing written since the department's watermark: the answer gives that watermark back rather
  // than today's. The board then records nothing, and this answer stays the same bytes from one
  // read to the next however many transactions ran elsewhere in the meantime (the gateway replays
  // a read whose every answer is unchanged, gateway/replay.ts).
  const kept =
    since.kind === 'watermarks' && written !== null && rows.length === 0 ? since.watermarks[code] : undefined;
  return { stamps, watermark: kept ?? watermark, values };
}
