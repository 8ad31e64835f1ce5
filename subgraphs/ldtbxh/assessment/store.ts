/**
 * The store of computed assessments (table `assessment_store`): one row per commune-year, the
 * latest computation with its stamp. A row is used only while its stamp equals the stamp of the
 * commune-year's current inputs, so a stored score is never served stale.
 */
import type { DataSource } from 'typeorm';
import type { ComputedAssessment } from './service';

/** What a board needs of a stored assessment without reading the whole of it. */
export interface StoredSummary {
  stamp: string;
  total: number;
  maxTotal: number;
  status: 'COMPLETE' | 'INCOMPLETE';
  eligible: boolean;
}

export class AssessmentStore {
  constructor(private readonly dataSource: DataSource) {}

  /** The stamps of the stored assessments of these communes for the year. One statement. */
  async stamps(codes: readonly string[], year: number): Promise<Map<string, string>> {
    const rows: { code: string; stamp: string }[] = await this.dataSource.query(
      `SELECT commune_code AS code, stamp FROM ldtbxh.assessment_store WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
      [year, codes],
    );
    return new Map(rows.map((row) => [row.code, row.stamp]));
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

  /** The whole stored assessments of these communes. One statement. */
  async computed(codes: readonly string[], year: number): Promise<Map<string, { stamp: string; computed: ComputedAssessment }>> {
    const rows: { code: string; stamp: string; computed: string }[] = await this.dataSource.query(
      `SELECT commune_code AS code, stamp, computed::text AS computed FROM ldtbxh.assessment_store WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
      [year, codes],
    );
    return new Map(rows.map((row) => [row.code, { stamp: row.stamp, computed: JSON.parse(row.computed) as ComputedAssessment }]));
  }

  /**
   * Stores computations (each with its stamp), replacing what was stored for the commune-year, in
   * one statement whatever their number. Concurrent boards storing the same commune-year each
   * store a row with its own stamp; the last wins.
   */
  async save(rows: readonly { stamp: string; computed: ComputedAssessment }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO ldtbxh.assessment_store AS s (commune_code, year, stamp, total, max_total, status, eligible, computed)
       SELECT * FROM unnest($1::varchar[], $2::int[], $3::text[], $4::int[], $5::int[], $6::text[], $7::boolean[], $8::jsonb[])
       ON CONFLICT (year, commune_code) DO UPDATE
         SET stamp = EXCLUDED.stamp, total = EXCLUDED.total, max_total = EXCLUDED.max_total, status = EXCLUDED.status,
             eligible = EXCLUDED.eligible, computed = EXCLUDED.computed, computed_at = now()
       WHERE s.stamp IS DISTINCT FROM EXCLUDED.stamp`,
      [
        rows.map((r) => r.computed.communeCode),
        rows.map((r) => r.computed.year),
        rows.map((r) => r.stamp),
        rows.map((r) => r.computed.result.total),
        rows.map((r) => r.computed.result.maxTotal),
        rows.map((r) => r.computed.result.status),
        rows.map((r) => r.computed.result.eligible),
        rows.map((r) => JSON.stringify(r.computed)),
      ],
    );
  }
}
