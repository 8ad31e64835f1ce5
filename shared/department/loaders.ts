/**
 * Per-request DataLoaders of a department subgraph. Created for each request (never at module
 * scope: a loader caches, and a cache shared across requests would leak data between users).
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { currentPeriod, type CommuneRow, type ReferenceReader } from '../reference/reader';
import { IndicatorValue } from './entities/IndicatorValue';
import { IndicatorValueRevision } from './entities/IndicatorValueRevision';

/** Key of a commune in one year: `${communeCode}|${year}`. */
export const communeYearKey = (communeCode: string, year: number): string => `${communeCode}|${year}`;

export interface DepartmentLoaders {
  /** Every current value the department published for the commune and year (all criteria sets); [] when none. One statement per batch. */
  valuesByCommuneYear: DataLoader<string, IndicatorValue[]>;
  /** Every revision of a value, oldest first; [] for an unknown id. One statement per batch. */
  revisionsByValueId: DataLoader<string, IndicatorValueRevision[]>;
  /** The unit a commune code designates today (its district decides officers' rights), or null. */
  communeByCode: DataLoader<string, CommuneRow | null>;
}

/** Builds the loaders of one request. */
export function createDepartmentLoaders(dataSource: DataSource, reference: ReferenceReader): DepartmentLoaders {
  return {
    communeByCode: new DataLoader(async (codes) => {
      const found = await reference.communesByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
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
