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
  districtCode: string;
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

export interface ProvinceRow {
  code: string;
  name: string;
  type: string;
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
const DISTRICT_COLUMNS = `id, code, name, type, province_code AS "provinceCode",
  to_char(valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(valid_to, 'YYYY-MM-DD') AS "validTo"`;

/** True when the unit existed at some time during `year`. */
export function validInYear(row: { validFrom: string | null; validTo: string | null }, year: number): boolean {
  return (row.validFrom === null || row.validFrom <= `${year}-12-31`) && (row.validTo === null || row.validTo >= `${year}-01-01`);
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

  /** Communes of the given districts that exist in `year` (or today when year is null), by code. */
  async communesOfDistricts(districtCodes: readonly string[], year: number | null): Promise<Map<string, CommuneRow[]>> {
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE district_code = ANY($1) AND ${periodFilter(year)} ORDER BY code`,
      year === null ? [districtCodes] : [districtCodes, `${year}-01-01`, `${year}-12-31`],
    );
    return groupBy(rows, (row) => row.districtCode);
  }

  /** Communes of the given provinces that exist in `year` (or today when year is null), by code. */
  async communesOfProvinces(provinceCodes: readonly string[], year: number | null): Promise<Map<string, CommuneRow[]>> {
    const rows: CommuneRow[] = await this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE province_code = ANY($1) AND ${periodFilter(year)} ORDER BY code`,
      year === null ? [provinceCodes] : [provinceCodes, `${year}-01-01`, `${year}-12-31`],
    );
    return groupBy(rows, (row) => row.provinceCode);
  }

  /** Every commune of the country that exists in `year`, by code (one statement). */
  async communesOfCountry(year: number): Promise<CommuneRow[]> {
    return this.dataSource.query(
      `SELECT ${COMMUNE_COLUMNS} FROM reference.commune WHERE (valid_from IS NULL OR valid_from <= $2::date) AND (valid_to IS NULL OR valid_to >= $1::date) ORDER BY code`,
      [`${year}-01-01`, `${year}-12-31`],
    );
  }

  /** Every period of each district code. */
  async districtsByCodes(codes: readonly string[]): Promise<Map<string, DistrictRow[]>> {
    const rows: DistrictRow[] = await this.dataSource.query(
      `SELECT ${DISTRICT_COLUMNS} FROM reference.district WHERE code = ANY($1) ORDER BY code, valid_from NULLS FIRST`,
      [codes],
    );
    return groupBy(rows, (row) => row.code);
  }

  /** Districts existing today in each province. */
  async districtsOfProvinces(provinceCodes: readonly string[]): Promise<Map<string, DistrictRow[]>> {
    const rows: DistrictRow[] = await this.dataSource.query(
      `SELECT ${DISTRICT_COLUMNS} FROM reference.district WHERE province_code = ANY($1) AND valid_to IS NULL ORDER BY code`,
      [provinceCodes],
    );
    return groupBy(rows, (row) => row.provinceCode);
  }

  async provincesByCodes(codes: readonly string[]): Promise<Map<string, ProvinceRow>> {
    const rows: ProvinceRow[] = await this.dataSource.query(
      `SELECT code, name, type FROM reference.province WHERE code = ANY($1)`,
      [codes],
    );
    return new Map(rows.map((row) => [row.code, row]));
  }

  async provinces(): Promise<ProvinceRow[]> {
    return this.dataSource.query(`SELECT code, name, type FROM reference.province ORDER BY code`);
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

function periodFilter(year: number | null): string {
  return year === null
    ? 'valid_to IS NULL'
    : '(valid_from IS NULL OR valid_from <= $3::date) AND (valid_to IS NULL OR valid_to >= $2::date)';
}
