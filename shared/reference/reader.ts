/**
 * Read-only access to the reference data (places, categories, criteria sets). The LĐTBXH subgraph
 * writes it; every department reads it to validate what it is sent. Reads are batched by key so
 * that loaders issue one statement per batch.
 */
import type { DataSource } from 'typeorm';

/** One period of validity of a commune. Dates are ISO `YYYY-MM-DD` strings or null. */
export interface CommuneRow {
  id: number;
  code: string;
  name: string;
  type: string;
  /** Null for a unit of the two-tier map (from 1 July 2025 there is no district level). */
  districtCode: string | null;
  provinceCode: string;
  validFrom: string | null;
  validTo: string | null;
  source: string;
}

export interface DistrictRow {
  id: number;
  code: string;
  name: string;
  type: string;
  provinceCode: string;
  validFrom: string | null;
  validTo: string | null;
}

/** One period of validity of a province (a code such as 56 designates a different territory after 1 July 2025). */
export interface ProvinceRow {
  id: number;
  code: string;
  name: string;
  type: string;
  validFrom: string | null;
  validTo: string | null;
}

/** One link of lineage: an old unit (a period, or only a code and name when the hub never stored it) and the unit it went into. */
export interface LineageRow {
  id: number;
  oldCommuneId: number | null;
  oldCode: string | null;
  oldName: string;
  oldProvinceCode: string;
  newCommuneId: number | null;
  newCode: string | null;
  newName: string | null;
  kind: 'WHOLE' | 'PART' | 'UNCHANGED' | 'RENAMED' | 'RETYPED' | 'RETIRED';
  shareNote: string;
  sourceNote: string;
  effectiveFrom: string;
  resolution: string;
}

export interface CategoryRow {
  communeId: number;
  category: 'URBAN_WARD' | 'MOUNTAIN_ISLAND_DISADVANTAGED' | 'OTHER';
  fromYear: number;
  provisional: boolean;
  source: string;
  setBy: string;
  setAt: Date;
}

const COMMUNE_COLUMNS = `id, code, name, type, district_code AS "districtCode", province_code AS "provinceCode",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo", source`;
const PROVINCE_COLUMNS = `id, code, name, type, to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;
const LINEAGE_COLUMNS = `l.id, l.old_commune_id AS "oldCommuneId", l.old_code AS "oldCode", l.old_name AS "oldName", l.old_province_code AS "oldProvinceCode",
  l.new_commune_id AS "newCommuneId", l.new_code AS "newCode", l.new_name AS "newName", l.kind, l.share_note AS "shareNote", l.source_note AS "sourceNote",
  to_char(r.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", r.name AS resolution`;
const DISTRICT_COLUMNS = `id, code, name, type, province_code AS "provinceCode",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;

/** True when the unit existed at some time during `year`. */
export function validInYear(row: { validFrom: string | null; validTo: string | null }, year: number): boolean {
  return (
    (row.validFrom === null || row.validFrom <= `${year}-12-31`) &&
    (row.validTo === null || row.validTo >= `${year}-01-01`)
  );
}

/** When a list of places is asked for: today (the open periods), any time in a year, or one day. */
export type When = { kind: 'today' } | { kind: 'year'; year: number } | { kind: 'date'; date: string };

/** True when the period was in force at some time of `when`. */
export function validAt(row: { validFrom: string | null; validTo: string | null }, when: When): boolean {
  if (when.kind === 'today') return row.validTo === null;
  const [from, to] = when.kind === 'year' ? [`${when.year}-01-01`, `${when.year}-12-31`] : [when.date, when.date];
  return (row.validFrom === null || row.validFrom <= to) && (row.validTo === null || row.validTo >= from);
}

/**
 * The period of a code that stands for it in an assessment year: the one in force on 31 December
 * (the map a year's decisions and reports are made on), else the last one that ended during the
 * year; undefined when the code designated nothing that year.
 */
export function periodInYear<T extends { validFrom: string | null; validTo: string | null }>(
  rows: readonly T[],
  year: number,
): T | undefined {
  const end = rows.find((row) => validAt(row, { kind: 'date', date: `${year}-12-31` }));
  if (end) return end;
  return rows
    .filter((row) => validInYear(row, year))
    .sort((a, b) => (a.validTo ?? '').localeCompare(b.validTo ?? ''))
    .at(-1);
}

/** The period of a code in force on a day, or undefined. */
export function periodOn<T extends { validFrom: string | null; validTo: string | null }>(
  rows: readonly T[],
  date: string,
): T | undefined {
  return rows.find((row) => validAt(row, { kind: 'date', date }));
}

/**
 * The period a code designates today: the open one, else the one that ended last.
 * Returns undefined for an empty list.
 */
export function currentPeriod<T extends { validTo: string | null }>(rows: readonly T[]): T | undefined {
  const open = rows.find((row) => row.validTo === null);
  if (open) return open;
  return [...rows].sort((a, b) => (a.validTo ?? '').localeCompare(b.validTo ?? '')).at(-1);
}

/** The category assignment in force for `year`: the latest one whose `fromYear` ≤ year. */
export function categoryForYear(rows: readonly CategoryRow[], year: number): CategoryRow | undefined {
  let best: CategoryRow | undefined;
  for (const row of rows) {
    if (row.fromYear <= year && (!best || row.fromYear > best.fromYear)) best = row;
  }
  return best;
}

function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** Batched reads of the `reference` schema. Each method issues exactly one statement. */
export class ReferenceReader {
  constructor(private readonly dataSource: DataSource) {}

  /** Every period of each code; a code never seen maps to nothing. */
  async communesByCodes(codes: readonly string[]): Promise<Map<string, CommuneRow[]>> {
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE code = ANY($1) ORDER BY code, valid_from NULLS FIRST`,
      [codes],
    );
    return groupBy(rows, (row) => row.code);
  }

  /** Communes of the given districts in force at `when` (a year: at any time of it; null: today), by code. */
  async communesOfDistricts(
    districtCodes: readonly string[],
    when: When | number | null,
  ): Promise<Map<string, CommuneRow[]>> {
    const w = toWhen(when);
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE district_code = ANY($1) AND ${periodFilter(w)} ORDER BY code, valid_from NULLS FIRST`,
      [districtCodes, ...periodParams(w)],
    );
    return groupBy(rows, (row) => row.districtCode ?? '');
  }

  /** Communes of the given provinces in force at `when` (a year: at any time of it; null: today), by code. */
  async communesOfProvinces(
    provinceCodes: readonly string[],
    when: When | number | null,
  ): Promise<Map<string, CommuneRow[]>> {
    const w = toWhen(when);
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE province_code = ANY($1) AND ${periodFilter(w)} ORDER BY code, valid_from NULLS FIRST`,
      [provinceCodes, ...periodParams(w)],
    );
    return groupBy(rows, (row) => row.provinceCode);
  }

  /** Every commune of the country in force at `when` (a year: at any time of it), by code (one statement). */
  async communesOfCountry(when: When | number): Promise<CommuneRow[]> {
    const w = toWhen(when);
    return this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE ${periodFilter(w, 0)} ORDER BY code, valid_from NULLS FIRST`,
      periodParams(w),
    );
  }

  /** Lineage links into (`new`) or out of (`old`) the given commune periods, oldest resolution first. */
  async lineageOf(side: 'old' | 'new', communeIds: readonly number[]): Promise<Map<number, LineageRow[]>> {
    const column = side === 'old' ? 'old_commune_id' : 'new_commune_id';
    const rows: LineageRow[] = await this.dataSource.query(
      `SELECT ${LINEAGE_COLUMNS} FROM reference.unit_lineage l JOIN reference.unit_resolution r ON r.id = l.resolution_id
        WHERE l.${column} = ANY($1) ORDER BY r.effective_from, l.id`,
      [communeIds],
    );
    return groupBy(rows, (row) => (side === 'old' ? row.oldCommuneId : row.newCommuneId) as number);
  }

  /** Every period of the given commune ids. */
  async communesByIds(ids: readonly number[]): Promise<Map<number, CommuneRow>> {
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE id = ANY($1)`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row]));
  }

  /** Every period of each district code. */
  async districtsByCodes(codes: readonly string[]): Promise<Map<string, DistrictRow[]>> {
    const rows: DistrictRow[] = await this.dataSource.query(
      `SELECT ${DISTRICT_COLUMNS} FROM reference.district WHERE code = ANY($1) ORDER BY code, valid_from NULLS FIRST`,
      [codes],
    );
    return groupBy(rows, (row) => row.code);
  }

  /** Districts of each province in force at `when` (today when null): none after 30 June 2025. */
  async districtsOfProvinces(
    provinceCodes: readonly string[],
    when: When | number | null = null,
  ): Promise<Map<string, DistrictRow[]>> {
    const w = toWhen(when);
    const rows: DistrictRow[] = await this.dataSource.query(
      `SELECT ${DISTRICT_COLUMNS} FROM reference.district WHERE province_code = ANY($1) AND ${periodFilter(w)} ORDER BY code, valid_from NULLS FIRST`,
      [provinceCodes, ...periodParams(w)],
    );
    return groupBy(rows, (row) => row.provinceCode);
  }

  /** Every period of each province code, oldest first. */
  async provincesByCodes(codes: readonly string[]): Promise<Map<string, ProvinceRow[]>> {
    const rows: ProvinceRow[] = await this.dataSource.query(
      `SELECT ${PROVINCE_COLUMNS} FROM reference.province WHERE code = ANY($1) ORDER BY code, valid_from NULLS FIRST`,
      [codes],
    );
    return groupBy(rows, (row) => row.code);
  }

  /** The provinces in force at `when` (today: the open periods), by code. */
  async provinces(when: When = { kind: 'today' }): Promise<ProvinceRow[]> {
    return this.dataSource.query(
      `SELECT ${PROVINCE_COLUMNS} FROM reference.province WHERE ${periodFilter(when, 0)} ORDER BY code, valid_from NULLS FIRST`,
      periodParams(when),
    );
  }

  /** Every category assignment of each commune period id, oldest first. */
  async categoriesByCommuneIds(ids: readonly number[]): Promise<Map<number, CategoryRow[]>> {
    const rows: CategoryRow[] = await this.dataSource.query(
      `SELECT commune_id AS "communeId", category, from_year AS "fromYear", provisional, source,
              set_by AS "setBy", set_at AS "setAt"
         FROM reference.commune_category WHERE commune_id = ANY($1) ORDER BY commune_id, from_year`,
      [ids],
    );
    return groupBy(rows, (row) => row.communeId);
  }
}

function toWhen(when: When | number | null): When {
  if (when === null) return { kind: 'today' };
  if (typeof when === 'number') return { kind: 'year', year: when };
  return when;
}

/** The SQL condition of `when`; its parameters (periodParams) follow the `before` parameters already used. */
function periodFilter(when: When, before = 1): string {
  return when.kind === 'today'
    ? 'valid_to IS NULL'
    : `(valid_from IS NULL OR valid_from <= $${before + 2}::date) AND (valid_to IS NULL OR valid_to >= $${before + 1}::date)`;
}

function periodParams(when: When): string[] {
  if (when.kind === 'today') return [];
  return when.kind === 'year' ? [`${when.year}-01-01`, `${when.year}-12-31`] : [when.date, when.date];
}
