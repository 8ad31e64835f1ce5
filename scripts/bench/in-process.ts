/**
 * The comparison the gateway's board is measured against: the same assessments computed in one
 * process from the same rows — one SQL statement per department for the scope's values, then
 * `assess()` for every commune and the JSON of the results.
 */
import { Client } from 'pg';
import { assess } from '../../subgraphs/ldtbxh/assessment/assess';
import type { PublishedValue } from '../../subgraphs/ldtbxh/assessment/model';
import type { CriteriaSet } from '../../shared/criteria/types';
import { DEPARTMENTS } from '../../shared/departments';
import { categoryForYear, type CategoryRow } from '../../shared/reference/reader';

interface Row {
  code: string;
  indicator: string;
  set: string;
  kind: PublishedValue['kind'];
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  flag: boolean | null;
  grade: string | null;
  revision: number;
  publishedBy: string;
  publishedAt: Date;
}

/** Assesses every commune of a province for a year in this process; returns the answer's size in bytes. */
export async function assessProvinceInProcess(
  client: Client,
  set: CriteriaSet,
  provinceCode: string,
  year: number,
): Promise<{ communes: number; bytes: number }> {
  const communes: { id: number; code: string; name: string; type: string }[] = (
    await client.query(
      `SELECT id, code, name, type FROM reference.commune WHERE province_code = $1 AND (valid_from IS NULL OR valid_from <= $3::date) AND (valid_to IS NULL OR valid_to >= $2::date) ORDER BY code`,
      [provinceCode, `${year}-01-01`, `${year}-12-31`],
    )
  ).rows;
  const codes = communes.map((c) => c.code);
  const categories: CategoryRow[] = (
    await client.query(
      `SELECT commune_id AS "communeId", category, from_year AS "fromYear", provisional, source, set_by AS "setBy", set_at AS "setAt" FROM reference.commune_category WHERE commune_id = ANY($1::int[])`,
      [communes.map((c) => c.id)],
    )
  ).rows;
  const values = new Map<string, PublishedValue[]>(codes.map((code) => [code, []]));
  for (const department of DEPARTMENTS) {
    const rows: Row[] = (
      await client.query(
        `SELECT commune_code AS code, indicator_code AS indicator, criteria_set_id AS set, kind, numerator, denominator, count, flag, grade, revision,
                published_by AS "publishedBy", published_at AS "publishedAt"
           FROM "${department.slug}".indicator_value WHERE year = $1 AND commune_code = ANY($2::varchar[])`,
        [year, codes],
      )
    ).rows;
    for (const row of rows) {
      if (row.set !== set.id) continue;
      values.get(row.code)?.push({
        indicator: row.indicator,
        department: department.code,
        kind: row.kind,
        numerator: row.numerator,
        denominator: row.denominator,
        count: row.count,
        value: row.flag,
        grade: row.grade,
        publishedBy: row.publishedBy,
        publishedAt: row.publishedAt.toISOString(),
        revision: row.revision,
      });
    }
  }
  const results = communes.map((commune) => {
    const category =
      categoryForYear(
        categories.filter((c) => c.communeId === commune.id),
        year,
      ) ?? null;
    return assess({
      set,
      category: category ? { category: category.category, provisional: category.provisional } : null,
      values: values.get(commune.code) ?? [],
      unavailableDepartments: [],
      context: { communeName: `${commune.type} ${commune.name}`, year },
    });
  });
  return { communes: communes.length, bytes: Buffer.byteLength(JSON.stringify(results)) };
}
