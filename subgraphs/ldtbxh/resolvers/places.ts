/**
 * Resolvers of provinces, districts, communes and their categories. Thin: every read goes through
 * a per-request loader; rules (validity in a year, category in force) live in shared/reference.
 */
import { badInput, hubError, notFound } from '../../../shared/errors';
import { categoryForYear, type CategoryRow, type CommuneRow, type DistrictRow, type ProvinceRow } from '../../../shared/reference/reader';
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import type { CommuneYearRef } from '../../../shared/department/resolvers';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../loaders/places';

const COMMUNE_TYPES: Record<string, 'XA' | 'PHUONG' | 'THI_TRAN'> = { 'xã': 'XA', 'phường': 'PHUONG', 'thị trấn': 'THI_TRAN' };
const CATEGORIES = new Set(['URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER']);

/** Years the hub accepts in arguments. */
export function checkYear(year: number | null | undefined, field = 'year'): number | null {
  if (year === null || year === undefined) return null;
  if (year < 2000 || year > 2100) throw badInput(field, `${field} ${year} is outside 2000–2100`);
  return year;
}

function categoryView(row: CategoryRow) {
  return { ...row, setAt: row.setAt.toISOString() };
}

export const placeResolvers = {
  Query: {
    provinces: async (_: unknown, __: unknown, ctx: LdtbxhContext) => ctx.services.reference.provinces(),
    province: (_: unknown, args: { code: string }, ctx: LdtbxhContext) => ctx.places.provinceByCode.load(args.code),
    district: (_: unknown, args: { code: string }, ctx: LdtbxhContext) => ctx.places.districtByCode.load(args.code),
    commune: (_: unknown, args: { code: string }, ctx: LdtbxhContext) => ctx.places.communeByCode.load(args.code),
    communes: (_: unknown, args: { provinceCode?: string | null; districtCode?: string | null; year?: number | null }, ctx: LdtbxhContext) => {
      const year = checkYear(args.year);
      if (args.districtCode) return ctx.places.communesOfDistrict.load(inYearKey(args.districtCode, year));
      if (!args.provinceCode) throw badInput('provinceCode', 'provinceCode or districtCode is required');
      return ctx.places.communesOfProvince.load(inYearKey(args.provinceCode, year));
    },
  },
  Mutation: {
    setCommuneCategory: async (
      _: unknown,
      args: { input: { commune: string; category: string; fromYear: number; source: string; provisional: boolean } },
      ctx: LdtbxhContext,
    ) => {
      authorizeAdministration(ctx.identity, 'set a commune category');
      const actor = actorFor(ctx.identity, ctx.requestId);
      const { input } = args;
      checkYear(input.fromYear, 'fromYear');
      if (!CATEGORIES.has(input.category)) throw badInput('category', `unknown category ${input.category}`);
      const source = input.source.normalize('NFC').trim();
      if (source === '' || source.length > 500 || source.includes('\u0000')) throw badInput('source', 'source must name the decision or document, 1–500 characters, without NUL');
      const commune = await ctx.places.communeByCode.load(input.commune);
      if (!commune) throw notFound('commune', input.commune);
      const rows: { id: number }[] = await withActor(ctx.services.db.dataSource, actor, (m) =>
        m.query(
          `INSERT INTO reference.commune_category (commune_id, category, from_year, provisional, source, set_by)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, from_year) DO NOTHING RETURNING id`,
          [commune.id, input.category, input.fromYear, input.provisional, source, actor.name],
        ),
      );
      if (rows.length === 0) {
        throw hubError(
          'INVALID_CATEGORY_CHANGE',
          `commune ${input.commune} already has a category recorded from ${input.fromYear}; record the change from another year`,
          { field: 'fromYear' },
        );
      }
      ctx.places.categoriesByCommuneId.clear(commune.id);
      const history = await ctx.places.categoriesByCommuneId.load(commune.id);
      const created = history.find((row) => row.fromYear === input.fromYear);
      if (!created) throw new Error('category row not found after insert');
      return categoryView(created);
    },
  },
  Province: {
    __resolveReference: (ref: { code: string }, ctx: LdtbxhContext) => ctx.places.provinceByCode.load(ref.code),
    districts: (province: ProvinceRow, _: unknown, ctx: LdtbxhContext) => ctx.places.districtsOfProvince.load(province.code),
  },
  District: {
    __resolveReference: (ref: { code: string }, ctx: LdtbxhContext) => ctx.places.districtByCode.load(ref.code),
    province: (district: DistrictRow, _: unknown, ctx: LdtbxhContext) => ctx.places.provinceByCode.load(district.provinceCode),
    communes: (district: DistrictRow, args: { year?: number | null }, ctx: LdtbxhContext) =>
      ctx.places.communesOfDistrict.load(inYearKey(district.code, checkYear(args.year))),
  },
  Commune: {
    __resolveReference: (ref: { code: string }, ctx: LdtbxhContext) => ctx.places.communeByCode.load(ref.code),
    type: (commune: CommuneRow) => {
      const type = COMMUNE_TYPES[commune.type];
      if (!type) throw new Error(`commune ${commune.code} has unknown type ${commune.type}`);
      return type;
    },
    typeName: (commune: CommuneRow) => commune.type,
    district: async (commune: CommuneRow, _: unknown, ctx: LdtbxhContext) => {
      const district = await ctx.places.districtByCode.load(commune.districtCode);
      if (!district) throw new Error(`commune ${commune.code} refers to missing district ${commune.districtCode}`);
      return district;
    },
    province: async (commune: CommuneRow, _: unknown, ctx: LdtbxhContext) => {
      const province = await ctx.places.provinceByCode.load(commune.provinceCode);
      if (!province) throw new Error(`commune ${commune.code} refers to missing province ${commune.provinceCode}`);
      return province;
    },
    category: async (commune: CommuneRow, args: { year?: number | null }, ctx: LdtbxhContext) => {
      const year = checkYear(args.year) ?? new Date().getUTCFullYear();
      const row = categoryForYear(await ctx.places.categoriesByCommuneId.load(commune.id), year);
      return row ? categoryView(row) : null;
    },
    categoryHistory: async (commune: CommuneRow, _: unknown, ctx: LdtbxhContext) =>
      (await ctx.places.categoriesByCommuneId.load(commune.id)).map(categoryView),
    year: (commune: CommuneRow, args: { year: number }): CommuneYearRef => {
      const year = checkYear(args.year);
      if (year === null) throw badInput('year', 'year is required');
      return { communeCode: commune.code, year };
    },
  },
  CommuneYear: {
    commune: async (parent: CommuneYearRef, _: unknown, ctx: LdtbxhContext) => {
      const commune = await ctx.places.communeByCode.load(parent.communeCode);
      if (!commune) throw notFound('commune', parent.communeCode);
      return commune;
    },
  },
};
