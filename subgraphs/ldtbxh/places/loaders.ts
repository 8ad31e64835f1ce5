/**
 * Per-request loaders of places. Each batch function issues one statement and returns exactly one
 * result per key, in key order: `null` (or `[]` for lists) for a key that matches nothing.
 */
import DataLoader from 'dataloader';
import {
  currentPeriod,
  periodInYear,
  periodOn,
  type CategoryRow,
  type CommuneRow,
  type DistrictRow,
  type LineageRow,
  type ProvinceRow,
  type ReferenceReader,
  type When,
} from '../../../shared/reference/reader';

/** A `When` as a loader key part: '' today, `y2020` a year, `d2025-06-30` a day. */
export function whenKey(when: When): string {
  return when.kind === 'today' ? '' : when.kind === 'year' ? `y${when.year}` : `d${when.date}`;
}

function parseWhen(key: string): When {
  if (key === '') return { kind: 'today' };
  if (key.startsWith('y')) return { kind: 'year', year: Number(key.slice(1)) };
  return { kind: 'date', date: key.slice(1) };
}

/** Key of places in force at a time: `${code}|${whenKey}`; a bare year (or null for today) is accepted for the common case. */
export const inYearKey = (code: string, when: When | number | null | undefined): string =>
  `${code}|${when === null || when === undefined ? '' : typeof when === 'number' ? `y${when}` : whenKey(when)}`;

function splitKeys(keys: readonly string[]): { codes: string[]; whens: string[] } {
  const codes: string[] = [];
  const whens: string[] = [];
  for (const key of keys) {
    const at = key.indexOf('|');
    codes.push(at < 0 ? key : key.slice(0, at));
    whens.push(at < 0 ? '' : key.slice(at + 1));
  }
  return { codes, whens };
}

/** Groups keys by time so one statement serves every key of a time. */
async function byWhen<T>(
  keys: readonly string[],
  fetch: (codes: string[], when: When) => Promise<Map<string, T[]>>,
): Promise<T[][]> {
  const { codes, whens } = splitKeys(keys);
  const results = new Map<string, Map<string, T[]>>();
  for (const when of new Set(whens))
    results.set(
      when,
      await fetch(
        codes.filter((_, i) => whens[i] === when),
        parseWhen(when),
      ),
    );
  return codes.map((code, i) => results.get(whens[i] ?? '')?.get(code) ?? []);
}

/** The one period of each code at each time: today's, the one standing for a year, or the one of a day. */
function pick<T extends { validFrom: string | null; validTo: string | null }>(
  rows: readonly T[],
  when: When,
): T | null {
  if (when.kind === 'today') return currentPeriod(rows) ?? null;
  if (when.kind === 'year') return periodInYear(rows, when.year) ?? null;
  return periodOn(rows, when.date) ?? null;
}

async function periodsAt<T extends { validFrom: string | null; validTo: string | null }>(
  keys: readonly string[],
  fetch: (codes: string[]) => Promise<Map<string, T[]>>,
): Promise<(T | null)[]> {
  const { codes, whens } = splitKeys(keys);
  const found = await fetch([...new Set(codes)]);
  return codes.map((code, i) => pick(found.get(code) ?? [], parseWhen(whens[i] ?? '')));
}

export interface PlaceLoaders {
  /** The unit a commune code designates today, or null. */
  communeByCode: DataLoader<string, CommuneRow | null>;
  /** The period of a commune code at a time (`inYearKey`): for a year, the one in force on 31 December (periodInYear). */
  communeAt: DataLoader<string, CommuneRow | null>;
  /** Every period of a commune code, oldest first. */
  communePeriods: DataLoader<string, CommuneRow[]>;
  /** A commune period by id. */
  communeById: DataLoader<number, CommuneRow | null>;
  /** The current period of a district code, or null. */
  districtByCode: DataLoader<string, DistrictRow | null>;
  /** The period of a district code at a time (`inYearKey`). */
  districtAt: DataLoader<string, DistrictRow | null>;
  /** The current period of a province code, or null. */
  provinceByCode: DataLoader<string, ProvinceRow | null>;
  /** The period of a province code at a time (`inYearKey`). */
  provinceAt: DataLoader<string, ProvinceRow | null>;
  /** Communes of a district at a time (`inYearKey`). */
  communesOfDistrict: DataLoader<string, CommuneRow[]>;
  /** Communes of a province at a time (`inYearKey`). */
  communesOfProvince: DataLoader<string, CommuneRow[]>;
  /** Districts of a province at a time (`inYearKey`; today when no time): none on the two-tier map. */
  districtsOfProvince: DataLoader<string, DistrictRow[]>;
  /** Category assignments of a commune period id, oldest first. */
  categoriesByCommuneId: DataLoader<number, CategoryRow[]>;
  /** Lineage links into a commune period (what formed it). */
  linksInto: DataLoader<number, LineageRow[]>;
  /** Lineage links out of a commune period (what it became). */
  linksOutOf: DataLoader<number, LineageRow[]>;
}

/** Builds the place loaders of one request. */
export function createPlaceLoaders(reader: ReferenceReader): PlaceLoaders {
  return {
    communeByCode: new DataLoader(async (codes) => {
      const found = await reader.communesByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
    }),
    communeAt: new DataLoader((keys) => periodsAt(keys, (codes) => reader.communesByCodes(codes))),
    communePeriods: new DataLoader(async (codes) => {
      const found = await reader.communesByCodes(codes);
      return codes.map((code) => found.get(code) ?? []);
    }),
    communeById: new DataLoader(async (ids) => {
      const found = await reader.communesByIds(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    districtByCode: new DataLoader(async (codes) => {
      const found = await reader.districtsByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
    }),
    districtAt: new DataLoader((keys) => periodsAt(keys, (codes) => reader.districtsByCodes(codes))),
    provinceByCode: new DataLoader(async (codes) => {
      const found = await reader.provincesByCodes(codes);
      return codes.map((code) => currentPeriod(found.get(code) ?? []) ?? null);
    }),
    provinceAt: new DataLoader((keys) => periodsAt(keys, (codes) => reader.provincesByCodes(codes))),
    communesOfDistrict: new DataLoader((keys) =>
      byWhen(keys, (codes, when) => reader.communesOfDistricts(codes, when)),
    ),
    communesOfProvince: new DataLoader((keys) =>
      byWhen(keys, (codes, when) => reader.communesOfProvinces(codes, when)),
    ),
    districtsOfProvince: new DataLoader((keys) =>
      byWhen(keys, (codes, when) => reader.districtsOfProvinces(codes, when)),
    ),
    categoriesByCommuneId: new DataLoader(async (ids) => {
      const found = await reader.categoriesByCommuneIds(ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    linksInto: new DataLoader(async (ids) => {
      const found = await reader.lineageOf('new', ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
    linksOutOf: new DataLoader(async (ids) => {
      const found = await reader.lineageOf('old', ids);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
