/**
 * Per-request DataLoaders of a department subgraph. Created for each request (never at module
 * scope: a loader caches, and a cache shared across requests would leak data between users).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { periodInYear, type CommuneRow, type ReferenceReader } from '../reference/reader';
import { IndicatorValue } from './entities/IndicatorValue';
import { IndicatorValueRevision } from './entities/IndicatorValueRevision';
import type { ScoringValue } from '../scoring-inputs';

/** Key of a commune in one year: `${communeCode}|${year}`. */
export const communeYearKey = (communeCode: string, year: number): string => `${communeCode}|${year}`;

export interface DepartmentLoaders {
  /** Every current value the department published for the commune and year (all criteria sets); [] when none. One statement per batch. */
  valuesByCommuneYear: DataLoader<string, IndicatorValue[]>;
  /** Every revision of a value, oldest first; [] for an unknown id. One statement per batch. */
  revisionsByValueId: DataLoader<string, IndicatorValueRevision[]>;
  /** The unit a commune code designated in a year (`communeYearKey`; its district or province decides officers' rights), or null. */
  communeInYear: DataLoader<string, CommuneRow | null>;
  /**
   * `${communeCode}|${year}|${at}` → the values in force at moment `at` (ISO): of each value, the
   * latest revision published at or before it, as scoring needs them; [] when none. One statement
   * per moment of the batch.
   */
  scoringValuesAt: DataLoader<string, ScoringValue[]>;
}

/** Builds the loaders of one request. */
export function createDepartmentLoaders(
  dataSource: DataSource,
  reference: ReferenceReader,
  schema: string,
): DepartmentLoaders {
  return {
    scoringValuesAt: new DataLoader<string, ScoringValue[]>(async (keys) => {
      const byMoment = new Map<string, { codes: string[]; years: number[] }>();
      for (const key of keys) {
        const [code = '', year = '', at = ''] = key.split('|');
        const group = byMoment.get(at) ?? { codes: [], years: [] };
        group.codes.push(code);
        group.years.push(Number(year));
        byMoment.set(at, group);
      }
      const found = new Map<string, ScoringValue[]>(keys.map((key) => [key, []]));
      for (const [at, group] of byMoment) {
        const rows: (ScoringValue & { communeCode: string; year: number })[] = await dataSource.query(
          `SELECT DISTINCT ON (v.id) v.commune_code AS "communeCode", v.year, v.criteria_set_id AS set, v.indicator_code AS indicator, v.kind,
                  r.numerator, r.denominator, r.count, r.flag AS value, r.grade, r.revision, r.published_by AS "publishedBy",
                  to_char(r.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "publishedAt"
             FROM "${schema}".indicator_value v
             JOIN "${schema}".indicator_value_revision r ON r.value_id = v.id
            WHERE (v.commune_code, v.year) IN (SELECT * FROM unnest(CAST($1 AS varchar[]), CAST($2 AS int[])))
              AND r.published_at <= $3::timestamptz
            ORDER BY v.id, r.revision DESC`,
          [group.codes, group.years, at],
        );
        rows.sort((a, b) => a.set.localeCompare(b.set) || a.indicator.localeCompare(b.indicator));
        for (const { communeCode, year, ...value } of rows) found.get(`${communeCode}|${year}|${at}`)?.push(value);
      }
      return keys.map((key) => found.get(key) ?? []);
    }),
    communeInYear: new DataLoader(async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, string]);
      const found = await reference.communesByCodes([...new Set(pairs.map(([code]) => code))]);
      return pairs.map(([code, year]) => periodInYear(found.get(code) ?? [], Number(year)) ?? null);
    }),
    valuesByCommuneYear: new DataLoader<string, IndicatorValue[]>(async (keys) => {
      const pairs = keys.map((key) => key.split('|') as [string, string]);
      const rows = await dataSource
        .getRepository(IndicatorValue)
        .createQueryBuilder('v')
        .where('(v.commune_code, v.year) IN (SELECT * FROM unnest(CAST(:codes AS varchar[]), CAST(:years AS int[])))', {
          codes: pairs.map(([code]) => code),
          years: pairs.map(([, year]) => Number(year)),
        })
        .orderBy('v.criteria_set_id')
        .addOrderBy('v.indicator_code')
        .getMany();
      const byKey = new Map<string, IndicatorValue[]>(keys.map((key) => [key, []]));
      for (const row of rows) byKey.get(communeYearKey(row.communeCode, row.year))?.push(row);
      return keys.map((key) => byKey.get(key) ?? []);
    }),
    revisionsByValueId: new DataLoader<string, IndicatorValueRevision[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(IndicatorValueRevision)
        .createQueryBuilder('r')
        .where('r.value_id = ANY(CAST(:ids AS bigint[]))', { ids: [...ids] })
        .orderBy('r.value_id')
        .addOrderBy('r.revision')
        .getMany();
      const byId = new Map<string, IndicatorValueRevision[]>(ids.map((id) => [id, []]));
      for (const row of rows) byId.get(String(row.valueId))?.push(row);
      return ids.map((id) => byId.get(id) ?? []);
    }),
  };
}
