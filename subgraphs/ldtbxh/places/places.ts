/**
 * Loading the published unit lists into the `reference` schema. Loads are idempotent and never
 * rewrite a stored unit: a code already present with other attributes is reported as a conflict
 * and left as it is (a real change of a unit is recorded by closing its period, not by editing).
 */
import type { EntityManager } from 'typeorm';
import { parseCsv } from '../csv';
import { readProjectFile } from '../../../shared/paths';

export const NINH_THUAN = { code: '58', name: 'Ninh Thuận', type: 'tỉnh' } as const;
const NINH_THUAN_SOURCE = 'ninh-thuan-units (2017–2020)';
const NATIONAL_SOURCE = 'vn-units-2023';
/** The year each list describes: a unit is "already stored" when a period of its code was in force then. */
const NINH_THUAN_YEAR = 2020;
const NATIONAL_YEAR = 2023;
const COMMUNE_TYPES = new Set(['xã', 'phường', 'thị trấn']);
const CATEGORIES = new Set(['URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER']);

/** What a load did. */
export interface PlacesLoadSummary {
  provinces: number;
  districts: number;
  communes: number;
  categories: number;
  /** Units already stored whose published attributes differ; they were left unchanged. */
  conflicts: string[];
}

interface UnitRecord {
  code: string;
  name: string;
  type: string;
  districtCode: string;
  provinceCode: string;
}

function requireField(record: Record<string, string>, field: string, origin: string, line: number): string {
  const value = record[field]?.trim();
  if (!value) throw new Error(`${origin}: line ${line}: ${field} is empty`);
  return value.normalize('NFC');
}

/** The condition "the period was in force during the list's year" on table alias-less columns, with the year as $N. */
const IN_LIST_YEAR = (n: number) =>
  `(valid_from IS NULL OR valid_from <= make_date($${n}::int, 12, 31)) AND (valid_to IS NULL OR valid_to >= make_date($${n}::int, 1, 1))`;

async function insertProvince(
  m: EntityManager,
  code: string,
  name: string,
  type: string,
  source: string,
  listYear: number,
): Promise<number> {
  const rows: unknown[] = await m.query(
    `INSERT INTO reference.province (code, name, type, source) SELECT $1::varchar, $2::text, $3::text, $4::text
      WHERE NOT EXISTS (SELECT 1 FROM reference.province WHERE code = $1::varchar AND ${IN_LIST_YEAR(5)}) RETURNING code`,
    [code, name, type, source, listYear],
  );
  return rows.length;
}

// A unit counts as stored when a period of its code was in force in the list's year: a list
// loaded again after a reorganisation closed its units adds nothing.
async function insertDistricts(
  m: EntityManager,
  districts: { code: string; name: string; type: string; provinceCode: string }[],
  source: string,
  listYear: number,
): Promise<{ inserted: number; conflicts: string[] }> {
  const existing: { code: string; name: string; province_code: string }[] = await m.query(
    `SELECT code, name, province_code FROM reference.district WHERE code = ANY($1) AND ${IN_LIST_YEAR(2)}`,
    [districts.map((d) => d.code), listYear],
  );
  const byCode = new Map(existing.map((row) => [row.code, row]));
  const conflicts: string[] = [];
  const fresh = districts.filter((d) => {
    const found = byCode.get(d.code);
    if (!found) return true;
    if (found.name !== d.name || found.province_code !== d.provinceCode) {
      conflicts.push(
        `district ${d.code}: stored "${found.name}" (province ${found.province_code}), list says "${d.name}" (province ${d.provinceCode})`,
      );
    }
    return false;
  });
  if (fresh.length > 0) {
    await m.query(
      `INSERT INTO reference.district (code, name, type, province_code, source)
       SELECT * , $5::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])`,
      [
        fresh.map((d) => d.code),
        fresh.map((d) => d.name),
        fresh.map((d) => d.type),
        fresh.map((d) => d.provinceCode),
        source,
      ],
    );
  }
  return { inserted: fresh.length, conflicts };
}

async function insertCommunes(
  m: EntityManager,
  communes: UnitRecord[],
  source: string,
  listYear: number,
): Promise<{ inserted: number; conflicts: string[] }> {
  const existing: { code: string; name: string; district_code: string }[] = await m.query(
    `SELECT code, name, district_code FROM reference.commune WHERE code = ANY($1) AND ${IN_LIST_YEAR(2)}`,
    [communes.map((c) => c.code), listYear],
  );
  const byCode = new Map(existing.map((row) => [row.code, row]));
  const conflicts: string[] = [];
  const fresh = communes.filter((c) => {
    const found = byCode.get(c.code);
    if (!found) return true;
    if (found.name !== c.name || found.district_code !== c.districtCode) {
      conflicts.push(
        `commune ${c.code}: stored "${found.name}" (district ${found.district_code}), list says "${c.name}" (district ${c.districtCode})`,
      );
    }
    return false;
  });
  if (fresh.length > 0) {
    await m.query(
      `INSERT INTO reference.commune (code, name, type, district_code, province_code, source)
       SELECT *, $6::text FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        fresh.map((c) => c.code),
        fresh.map((c) => c.name),
        fresh.map((c) => c.type),
        fresh.map((c) => c.districtCode),
        fresh.map((c) => c.provinceCode),
        source,
      ],
    );
  }
  return { inserted: fresh.length, conflicts };
}

function readUnits(file: string, provinceCode: string | null): UnitRecord[] {
  const records = parseCsv(readProjectFile('data', file), file);
  const seen = new Set<string>();
  return records.map((record, index) => {
    const line = index + 2;
    const unit: UnitRecord = {
      code: requireField(record, 'code', file, line),
      name: requireField(record, 'name', file, line),
      type: requireField(record, 'type', file, line),
      districtCode: requireField(record, 'district_code', file, line),
      provinceCode: provinceCode ?? requireField(record, 'province_code', file, line),
    };
    if (!/^\d{5}$/.test(unit.code)) throw new Error(`${file}: line ${line}: code ${unit.code} is not 5 digits`);
    if (!COMMUNE_TYPES.has(unit.type))
      throw new Error(`${file}: line ${line}: type "${unit.type}" is not xã, phường or thị trấn`);
    if (seen.has(unit.code)) throw new Error(`${file}: line ${line}: code ${unit.code} appears twice`);
    seen.add(unit.code);
    return unit;
  });
}

/**
 * Loads Ninh Thuận's 7 districts and 65 communes, and the provisional category of each commune,
 * unless they are there already. Run it inside withActor (one transaction, audited).
 */
export async function loadNinhThuan(m: EntityManager, loadedBy: string): Promise<PlacesLoadSummary> {
  const districts = parseCsv(readProjectFile('data', 'ninh-thuan-districts.csv'), 'ninh-thuan-districts.csv').map(
    (record, index) => ({
      code: requireField(record, 'code', 'ninh-thuan-districts.csv', index + 2),
      name: requireField(record, 'name', 'ninh-thuan-districts.csv', index + 2),
      type: requireField(record, 'type', 'ninh-thuan-districts.csv', index + 2),
      provinceCode: NINH_THUAN.code,
    }),
  );
  const communes = readUnits('ninh-thuan-units.csv', NINH_THUAN.code);
  const categories = parseCsv(
    readProjectFile('data', 'ninh-thuan-categories.provisional.csv'),
    'ninh-thuan-categories.provisional.csv',
  );
  const communeCodes = new Set(communes.map((c) => c.code));
  for (const [index, record] of categories.entries()) {
    const code = requireField(record, 'code', 'categories', index + 2);
    const category = requireField(record, 'category', 'categories', index + 2);
    if (!communeCodes.has(code))
      throw new Error(`ninh-thuan-categories.provisional.csv: line ${index + 2}: unknown commune ${code}`);
    if (!CATEGORIES.has(category))
      throw new Error(`ninh-thuan-categories.provisional.csv: line ${index + 2}: unknown category ${category}`);
  }
  {
    const provinces = await insertProvince(
      m,
      NINH_THUAN.code,
      NINH_THUAN.name,
      NINH_THUAN.type,
      NINH_THUAN_SOURCE,
      NINH_THUAN_YEAR,
    );
    const d = await insertDistricts(m, districts, NINH_THUAN_SOURCE, NINH_THUAN_YEAR);
    const c = await insertCommunes(m, communes, NINH_THUAN_SOURCE, NINH_THUAN_YEAR);
    // A category is recorded once for the first assessment year the hub covers; later changes
    // are new rows from the year they take effect.
    const inserted: unknown[] = await m.query(
      `INSERT INTO reference.commune_category (commune_id, category, from_year, provisional, source, set_by)
       SELECT cm.id, x.category, 2015, true, x.source, $4
         FROM unnest($1::text[], $2::text[], $3::text[]) AS x(code, category, source)
         JOIN reference.commune cm ON cm.code = x.code
              AND (cm.valid_from IS NULL OR cm.valid_from <= '2015-12-31') AND (cm.valid_to IS NULL OR cm.valid_to >= '2015-01-01')
        WHERE NOT EXISTS (SELECT 1 FROM reference.commune_category cc WHERE cc.commune_id = cm.id)
       RETURNING id`,
      [categories.map((r) => r.code), categories.map((r) => r.category), categories.map((r) => r.source), loadedBy],
    );
    return {
      provinces,
      districts: d.inserted,
      communes: c.inserted,
      categories: inserted.length,
      conflicts: [...d.conflicts, ...c.conflicts],
    };
  }
}

/**
 * Loads every province, district and commune of the 2023 national list that is not stored yet.
 * Stored units are never changed; differences are returned as conflicts. Run it inside withActor.
 */
export async function loadNational(m: EntityManager): Promise<PlacesLoadSummary> {
  const file = 'vn-units-2023.csv';
  const records = parseCsv(readProjectFile('data', file), file);
  const provinces = new Map<string, { name: string; type: string }>();
  const districts = new Map<string, { code: string; name: string; type: string; provinceCode: string }>();
  for (const [index, record] of records.entries()) {
    const line = index + 2;
    provinces.set(requireField(record, 'province_code', file, line), {
      name: requireField(record, 'province_name', file, line),
      type: requireField(record, 'province_type', file, line),
    });
    const districtCode = requireField(record, 'district_code', file, line);
    districts.set(districtCode, {
      code: districtCode,
      name: requireField(record, 'district_name', file, line),
      type: requireField(record, 'district_type', file, line),
      provinceCode: requireField(record, 'province_code', file, line),
    });
  }
  const communes = readUnits(file, null);
  {
    let provinceCount = 0;
    for (const [code, p] of provinces)
      provinceCount += await insertProvince(m, code, p.name, p.type, NATIONAL_SOURCE, NATIONAL_YEAR);
    const d = await insertDistricts(m, [...districts.values()], NATIONAL_SOURCE, NATIONAL_YEAR);
    const c = await insertCommunes(m, communes, NATIONAL_SOURCE, NATIONAL_YEAR);
    return {
      provinces: provinceCount,
      districts: d.inserted,
      communes: c.inserted,
      categories: 0,
      conflicts: [...d.conflicts, ...c.conflicts],
    };
  }
}
