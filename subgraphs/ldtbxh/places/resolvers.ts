/**
 * Resolvers of provinces, districts, communes and their categories. Thin: every read goes through
 * a per-request loader; rules live in shared/reference (validity in a year, category in force)
 * and categories.ts (recording a category).
 */
import { badInput, notFound } from '../../../shared/errors';
import {
  validInYear,
  categoryForYear,
  type CategoryRow,
  type LineageRow,
  type When,
} from '../../../shared/reference/reader';
import { recordCommuneCategory } from './categories';
import { checkYear } from './years';
import { inYearKey } from './loaders';
import type { Resolvers } from '../generated/schema-types';

const COMMUNE_TYPES: Record<string, 'XA' | 'PHUONG' | 'THI_TRAN' | 'DAC_KHU'> = {
  xã: 'XA',
  phường: 'PHUONG',
  'thị trấn': 'THI_TRAN',
  'đặc khu': 'DAC_KHU',
};

export { checkYear } from './years';

/**
 * The time an argument pair asks about: a year, a day (ISO date), or today when neither is given.
 * @throws BAD_USER_INPUT naming the field when both are given or the date is not a calendar date.
 */
export function whenOf(args: { year?: number | null; date?: string | null }): When {
  const year = checkYear(args.year);
  const date = args.date ?? null;
  if (year !== null && date !== null) throw badInput('date', 'give year or date, not both');
  if (date !== null) {
    const parsed = new Date(`${date}T00:00:00Z`);
    if (
      !/^\d{4}-\d\d-\d\d$/.test(date) ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== date
    ) {
      throw badInput('date', `date "${date}" is not an ISO calendar date (YYYY-MM-DD)`);
    }
    return { kind: 'date', date };
  }
  return year === null ? { kind: 'today' } : { kind: 'year', year };
}

/** The time a commune period stands for, to find the province and district it lay in then. */
function timeOf(row: { validFrom: string | null; validTo: string | null }): When {
  return { kind: 'date', date: row.validTo ?? row.validFrom ?? '1900-01-01' };
}

/** A lineage link as the graph shows it, seen from one side. */
function linkView(row: LineageRow, side: 'predecessor' | 'successor') {
  return {
    kind: row.kind,
    effectiveFrom: row.effectiveFrom,
    resolution: row.resolution,
    shareNote: row.shareNote === '' ? null : row.shareNote,
    sourceNote: row.sourceNote,
    code: side === 'predecessor' ? row.oldCode : row.newCode,
    name: side === 'predecessor' ? row.oldName : row.newName,
    fromId: row.oldCommuneId,
    toId: row.newCommuneId,
    side,
  };
}
/** A lineage link as `UnitLink` resolves it. */
export type LinkView = ReturnType<typeof linkView>;

/** A category assignment as `CommuneCategoryAssignment` resolves it. */
export type CategoryView = ReturnType<typeof categoryView>;

function categoryView(row: CategoryRow) {
  return { ...row, setAt: row.setAt.toISOString() };
}

export const placeResolvers: Resolvers = {
  Query: {
    provinces: async (_, args, ctx) => ctx.services.reference.provinces(whenOf(args)),
    province: (_, args, ctx) => ctx.places.provinceAt.load(inYearKey(args.code, whenOf(args))),
    district: (_, args, ctx) => ctx.places.districtAt.load(inYearKey(args.code, whenOf(args))),
    commune: (_, args, ctx) => ctx.places.communeAt.load(inYearKey(args.code, whenOf(args))),
    communes: (_, args, ctx) => {
      const when = whenOf(args);
      if (args.districtCode) return ctx.places.communesOfDistrict.load(inYearKey(args.districtCode, when));
      if (!args.provinceCode) throw badInput('provinceCode', 'provinceCode or districtCode is required');
      return ctx.places.communesOfProvince.load(inYearKey(args.provinceCode, when));
    },
  },
  Mutation: {
    setCommuneCategory: async (_, args, ctx) => {
      return categoryView(await recordCommuneCategory(ctx, args.input));
    },
  },
  Province: {
    __resolveReference: (ref, ctx) => ctx.places.provinceByCode.load(ref.code),
    // The districts and communes of this period of the province: a period that ended is asked
    // about on its last day unless a time is given.
    districts: (province, args, ctx) => {
      const when = whenOf(args);
      return ctx.places.districtsOfProvince.load(
        inYearKey(province.code, when.kind === 'today' && province.validTo !== null ? timeOf(province) : when),
      );
    },
    communes: (province, args, ctx) => {
      const when = whenOf(args);
      return ctx.places.communesOfProvince.load(
        inYearKey(province.code, when.kind === 'today' && province.validTo !== null ? timeOf(province) : when),
      );
    },
  },
  District: {
    __resolveReference: (ref, ctx) => ctx.places.districtByCode.load(ref.code),
    province: async (district, _, ctx) => {
      const province = await ctx.places.provinceAt.load(inYearKey(district.provinceCode, timeOf(district)));
      if (!province) throw new Error(`district ${district.code} refers to missing province ${district.provinceCode}`);
      return province;
    },
    communes: (district, args, ctx) => {
      const when = whenOf(args);
      return ctx.places.communesOfDistrict.load(
        inYearKey(district.code, when.kind === 'today' && district.validTo !== null ? timeOf(district) : when),
      );
    },
  },
  Commune: {
    __resolveReference: (ref, ctx) => ctx.places.communeByCode.load(ref.code),
    type: (commune) => {
      const type = COMMUNE_TYPES[commune.type];
      if (!type) throw new Error(`commune ${commune.code} has unknown type ${commune.type}`);
      return type;
    },
    typeName: (commune) => commune.type,
    // The district and province this period lay in (null district on the two-tier map).
    district: async (commune, _, ctx) => {
      if (commune.districtCode === null) return null;
      const district = await ctx.places.districtAt.load(inYearKey(commune.districtCode, timeOf(commune)));
      if (!district) throw new Error(`commune ${commune.code} refers to missing district ${commune.districtCode}`);
      return district;
    },
    province: async (commune, _, ctx) => {
      const province = await ctx.places.provinceAt.load(inYearKey(commune.provinceCode, timeOf(commune)));
      if (!province) throw new Error(`commune ${commune.code} refers to missing province ${commune.provinceCode}`);
      return province;
    },
    predecessors: async (commune, _, ctx) =>
      (await ctx.places.linksInto.load(commune.id)).map((row) => linkView(row, 'predecessor')),
    // What this code's units became: the links out of this period and out of every earlier period
    // of the same code (a reused code's current unit answers what its predecessor under the code became).
    successors: async (commune, _, ctx) => {
      const periods = (await ctx.places.communePeriods.load(commune.code)).filter(
        (period) =>
          period.id === commune.id ||
          (period.validTo !== null && commune.validFrom !== null && period.validTo < commune.validFrom),
      );
      const links = await ctx.places.linksOutOf.loadMany(periods.map((period) => period.id));
      return links.flatMap((list) => {
        if (list instanceof Error) throw list;
        return list.map((row) => linkView(row, 'successor'));
      });
    },
    category: async (commune, args, ctx) => {
      const year = checkYear(args.year) ?? new Date().getUTCFullYear();
      // Each period keeps its own categories; a year this period does not cover asks the period of the code then.
      const period = validInYear(commune, year)
        ? commune
        : ((await ctx.places.communeAt.load(inYearKey(commune.code, year))) ?? commune);
      const row = categoryForYear(await ctx.places.categoriesByCommuneId.load(period.id), year);
      return row ? categoryView(row) : null;
    },
    categoryHistory: async (commune, _, ctx) =>
      (await ctx.places.categoriesByCommuneId.load(commune.id)).map(categoryView),
    year: (commune, args) => {
      const year = checkYear(args.year);
      if (year === null) throw badInput('year', 'year is required');
      return { communeCode: commune.code, year };
    },
  },
  CommuneYear: {
    // The unit the code designated in that year (periodInYear), not today's.
    commune: async (parent, _, ctx) => {
      const commune =
        (await ctx.places.communeAt.load(inYearKey(parent.communeCode, parent.year))) ??
        (await ctx.places.communeByCode.load(parent.communeCode));
      if (!commune) throw notFound('commune', parent.communeCode);
      return commune;
    },
  },
  UnitLink: {
    // The unit on the other side of the link; null when the hub never stored that unit (codes
    // created after the hub's lists, or areas the conversion table names without a commune code).
    commune: async (link, _, ctx) => {
      const id = link.side === 'predecessor' ? link.fromId : link.toId;
      return id === null ? null : ctx.places.communeById.load(id);
    },
    from: async (link, _, ctx) => (link.fromId === null ? null : ctx.places.communeById.load(link.fromId)),
    to: async (link, _, ctx) => (link.toId === null ? null : ctx.places.communeById.load(link.toId)),
  },
};
