/**
 * Per-request loaders of places. Each batch function issues one statement and returns exactly one
 * result per key, in key order: `null` (or `[]` for lists) for a key that matches nothing.
 */
import DataLoader from 'dataloader';
import {
  currentPeriod,
  type CategoryRow,
  type CommuneRow,
  type DistrictRow,
  type ProvinceRow,
  type ReferenceReader,
} from '../../../shared/reference/reader';

/** Key of a list of places in one year: `${code}|${year}`, year empty for "today". */
export const inYearKey = (code: string, year: number | null | undefined): string => `${code}|${year ?? ''}`;

function splitInYear(keys: readonly string[]): { codes: string[]; years: (number | null)[] } {
  const codes: string[] = [];
  const years: (number | null)[] = [];
  for (const key of keys) {
    const [code = '', year = ''] = key.split('|');
    codes.push(code);
    years.push(year === '' ? null : Number(year));
  }
  return { codes, years };
}

/** Groups keys by year so one statement serves every key of a year. */
async function byYear<T>(
  keys: readonly string[],
  fetch: (codes: string[], year: number | null) => Promise<Map<string, T[]>>,
): Promise<T[][]> {
  const { codes, years } = splitInYear(keys);
  const distinctYears = [...new Set(years)];
  const results = new Map<number | null, Map<string, T[]>>();
  for (const year of distinctYears) {
    results.set(year, await fetch(codes.filter((_, i) => years[i] === year), year));
  }
  return codes.map((code, i) => results.get(years[i] ?? null)?.get(code) ?? []);
}

export interface PlaceLoaders {
  /** The unit a commune code designates today, or null. */
  communeByCode: DataLoader<string, CommuneRow | null>;
  /** The current period of a district code, or null. */
  districtByCode: DataLoader<string, DistrictRow | null>;
  provinceByCode: DataLoader<string, ProvinceRow | null>;
  /** Communes of a district in a year (`inYearKey`). */
  communesOfDistrict: DataLoader<string, CommuneRow[]>;
  /** Communes of a province in a year (`inYearKey`). */
  communesOfProvince: DataLoader<string, CommuneRow[]>;
  /** Districts existing today in a province. */
  districtsOfProvince: DataLoader<string, DistrictRow[]>;
  /** Category assignments of a commune period id, oldest first. */
  categoriesByCommuneId: DataLoader<number, CategoryRow[]>;
}

/** Builds the place loaders of one request. */
export function createPlaceLoaders(reader: ReferenceReader): PlaceLoaders {
  return {
    communeByCode: new DataLoader(async (codes) => {
      const found = await reader.communesByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
    }),
    districtByCode: new DataLoader(async (codes) => {
      const found = await reader.districtsByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
    }),
    provinceByCode: new DataLoader(async (codes) => {
      const found = await reader.provincesByCodes(codes);
      return codes.map((code) => found.get(code) ?? null);
    }),
    communesOfDistrict: new DataLoader((keys) => byYear(keys, (codes, year) => reader.communesOfDistricts(codes, year))),
    communesOfProvince: new DataLoader((keys) => byYear(keys, (codes, year) => reader.communesOfProvinces(codes, year))),
    districtsOfProvince: new DataLoader(async (codes) => {
      const found = await reader.districtsOfProvinces(codes);
      return codes.map((code) => found.get(code) ?? []);
    }),
    categoriesByCommuneId: new DataLoader(async (ids) => {
      const found = await reader.categoriesByCommuneIds(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
