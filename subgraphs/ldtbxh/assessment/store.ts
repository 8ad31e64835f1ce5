/**
 * The store of computed assessments (table `assessment_store`): one row per commune-year, the
 * latest computation's summary (total, maximum, status, eligibility) with its stamp and every
 * department's inputs it was computed from. A row is used only while its stamp equals the stamp of
 * the commune-year's current inputs, so a stored score is never served stale; a board's details are
 * recomputed from the stored inputs (the engine takes about a tenth of a millisecond), so they are
 * exactly what the live computation gives.
 */
import type { DataSource } from 'typeorm';
import type { DepartmentCode } from '../../../shared/departments';
import type { ScoringInputs, ScoringValue } from '../../../shared/scoring-inputs';
import type { AssessmentStatus } from './model';

/** What a board needs of a stored assessment without recomputing it. */
export interface StoredSummary {
  stamp: string;
  total: number;
  maxTotal: number;
  status: AssessmentStatus;
  eligible: boolean;
}

/** The inputs of every department (LĐTBXH's own included) an assessment was computed from. */
export type StoredInputs = Partial<Record<DepartmentCode, ScoringInputs>>;

/** A value as stored: a tuple, a third of the size of the object. */
type StoredValue = [
  string,
  string,
  ScoringValue['kind'],
  number | null,
  number | null,
  number | null,
  boolean | null,
  string | null,
  number,
  string,
  string,
];
type StoredPayload = { s: string; v: StoredValue[] } | { s: string; x: string };

function encode(inputs: StoredInputs): string {
  const out: Partial<Record<DepartmentCode, StoredPayload>> = {};
  for (const [department, payload] of Object.entries(inputs) as [DepartmentCode, ScoringInputs][]) {
    out[department] =
      'sealed' in payload
        ? { s: payload.stamp, x: payload.sealed }
        : {
            s: payload.stamp,
            v: payload.values.map((v) => [
              v.set,
              v.indicator,
              v.kind,
              v.numerator,
              v.denominator,
              v.count,
              v.value,
              v.grade,
              v.revision,
              v.publishedBy,
              v.publishedAt,
            ]),
          };
  }
  return JSON.stringify(out);
}

function decode(text: string, communeCode: string, year: number): StoredInputs {
  const parsed = JSON.parse(text) as Partial<Record<DepartmentCode, StoredPayload>>;
  const inputs: StoredInputs = {};
  for (const [department, payload] of Object.entries(parsed) as [DepartmentCode, StoredPayload][]) {
    const key = { communeCode, year, at: '', stamp: payload.s };
    inputs[department] =
      'x' in payload
        ? { ...key, sealed: payload.x }
        : {
            ...key,
            values: payload.v.map(
              ([
                set,
                indicator,
                kind,
                numerator,
                denominator,
                count,
                value,
                grade,
                revision,
                publishedBy,
                publishedAt,
              ]) => ({
                set,
                indicator,
                kind,
                numerator,
                denominator,
                count,
                value,
                grade,
                revision,
                publishedBy,
                publishedAt,
              }),
            ),
          };
  }
  return inputs;
}

export class AssessmentStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * How many of these communes have an assessment stored for the year, when the oldest was
   * computed, and when a board of `scope` last found them all fresh (never later than now: a clock
   * set back must not hide later changes) with each department's watermark then (null when that
   * state was written without them). One statement.
   */
  async coverage(
    scope: string,
    codes: readonly string[],
    year: number,
  ): Promise<{
    stored: number;
    oldest: Date | null;
    verified: Date | null;
    watermarks: Partial<Record<DepartmentCode, string>> | null;
  }> {
    const [row]: { stored: number; oldest: Date | null; verified: Date | null; watermarks: string | null }[] =
      await this.dataSource.query(
        `SELECT count(*)::int AS stored, LEAST(min(computed_at), now()) AS oldest, b.verified, b.watermarks
           FROM ldtbxh.assessment_store
           LEFT JOIN (SELECT LEAST(verified_at, now()) AS verified, watermarks FROM ldtbxh.assessment_board_state
                       WHERE scope = $3 AND year = $1) b ON true
          WHERE year = $1 AND commune_code = ANY($2::varchar[])
          GROUP BY b.verified, b.watermarks`,
        [year, codes, scope],
      );
    return {
      stored: row?.stored ?? 0,
      oldest: row?.oldest ?? null,
      verified: row?.verified ?? null,
      watermarks: row?.watermarks ? (JSON.parse(row.watermarks) as Partial<Record<DepartmentCode, string>>) : null,
    };
  }

  /**
   * Records that a board of `scope` found every stored assessment fresh at `at`, with each
   * department's watermark of that read (see shared/board-since.ts). The last read to record wins:
   * an older read's watermarks are lower, and only ask for more. One statement.
   */
  async verified(
    scope: string,
    year: number,
    at: Date,
    watermarks: Partial<Record<DepartmentCode, string>>,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO ldtbxh.assessment_board_state (scope, year, verified_at, watermarks) VALUES ($1, $2, $3, $4)
       ON CONFLICT (scope, year) DO UPDATE
         SET verified_at = GREATEST(ldtbxh.assessment_board_state.verified_at, EXCLUDED.verified_at),
             watermarks = EXCLUDED.watermarks`,
      [scope, year, at, JSON.stringify(watermarks)],
    );
  }

  /** The summaries of the stored assessments of these communes. One statement. */
  async summaries(codes: readonly string[], year: number): Promise<Map<string, StoredSummary>> {
    const rows: (StoredSummary & { code: string })[] = await this.dataSource.query(
      `SELECT commune_code AS code, stamp, total, max_total AS "maxTotal", status, eligible
         FROM ldtbxh.assessment_store WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
      [year, codes],
    );
    return new Map(rows.map(({ code, ...summary }) => [code, summary]));
  }

  /** The inputs the stored assessments of these communes were computed from. One statement (none for no commune). */
  async inputs(codes: readonly string[], year: number): Promise<Map<string, StoredInputs>> {
    if (codes.length === 0) return new Map();
    const rows: { code: string; inputs: string }[] = await this.dataSource.query(
      `SELECT commune_code AS code, inputs FROM ldtbxh.assessment_store WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
      [year, codes],
    );
    return new Map(rows.map((row) => [row.code, decode(row.inputs, row.code, year)]));
  }

  /** Forgets the stored assessments of these communes (their next board fetches every input). One statement. */
  async forget(codes: readonly string[], year: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM ldtbxh.assessment_store WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
      [year, codes],
    );
  }

  /**
   * Stores computations (each with its stamp and inputs), replacing what was stored for the
   * commune-year, in one statement whatever their number. Concurrent boards storing the same
   * commune-year each store a row consistent with its own stamp; the last wins.
   */
  async save(
    rows: readonly {
      communeCode: string;
      year: number;
      stamp: string;
      summary: Omit<StoredSummary, 'stamp'>;
      inputs: StoredInputs;
    }[],
  ): Promise<void> {
    if (rows.length === 0) return;
    // One JSON parameter rather than eight arrays: the driver writes an array of texts as an
    // array literal, escaping every quote of every commune's inputs in JavaScript — for the whole
    // country (10,599 rows, about 30 MB) that took longer than the statement itself.
    const json = JSON.stringify(
      rows.map((r) => ({
        c: r.communeCode,
        y: r.year,
        s: r.stamp,
        t: r.summary.total,
        m: r.summary.maxTotal,
        st: r.summary.status,
        e: r.summary.eligible,
        i: encode(r.inputs),
      })),
    );
    await this.dataSource.query(
      `INSERT INTO ldtbxh.assessment_store AS s (commune_code, year, stamp, total, max_total, status, eligible, inputs)
       SELECT x.c, x.y, x.s, x.t, x.m, x.st, x.e, x.i
         FROM json_to_recordset($1::json) AS x(c varchar, y int, s text, t int, m int, st text, e boolean, i text)
       ON CONFLICT (year, commune_code) DO UPDATE
         SET stamp = EXCLUDED.stamp, total = EXCLUDED.total, max_total = EXCLUDED.max_total, status = EXCLUDED.status,
             eligible = EXCLUDED.eligible, inputs = EXCLUDED.inputs, computed_at = now()
       WHERE s.stamp IS DISTINCT FROM EXCLUDED.stamp`,
      [json],
    );
  }
}
