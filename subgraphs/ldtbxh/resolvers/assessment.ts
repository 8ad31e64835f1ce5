/**
 * Resolvers of assessments: one commune-year (with `@requires` on every department's values), the
 * what-if form, and the board of a district or province. Thin: the work is in assessment/service.ts.
 */
import type { IndicatorOverride } from '../../../shared/criteria/assess';
import { WhatIfError } from '../../../shared/criteria/assess';
import { badInput, hubError } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';
import type { RequiredFields } from '../assessment/inputs';
import { assessCommuneYear, type AssessmentView } from '../assessment/service';
import { inYearKey } from '../loaders/places';
import { parseAsOf } from './catalogue-admin';
import { checkYear } from './places';

type CommuneYearWithValues = { communeCode: string; year: number } & RequiredFields;

interface BoardRef {
  scope: string;
  year: number;
  communeYears?: RequiredFields[];
}

const SCOPE = /^(province|district):(\d{2,3})$/;

function parseScope(scope: string): { kind: 'province' | 'district'; code: string } {
  const match = SCOPE.exec(scope);
  if (!match) throw badInput('scope', `scope "${scope}" is not province:<code> or district:<code>`);
  return { kind: match[1] as 'province' | 'district', code: match[2] ?? '' };
}

async function communesOf(ctx: LdtbxhContext, board: BoardRef) {
  const { kind, code } = parseScope(board.scope);
  const key = inYearKey(code, board.year);
  return kind === 'district' ? ctx.places.communesOfDistrict.load(key) : ctx.places.communesOfProvince.load(key);
}

function withWhatIfErrors<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof WhatIfError) {
      throw hubError('WHAT_IF_INVALID', error.message, { field: error.field, indicator: error.indicator, reason: error.code });
    }
    throw error;
  });
}

function rankAndSort(items: { commune: { code: string }; assessment: AssessmentView }[], sort: 'TOTAL_DESC' | 'TOTAL_ASC' | 'CODE') {
  const byTotal = [...items].sort((a, b) => b.assessment.total - a.assessment.total || a.commune.code.localeCompare(b.commune.code));
  const ranks = new Map<string, number>();
  byTotal.forEach((item, index) => {
    const previous = byTotal[index - 1];
    const rank = previous && previous.assessment.total === item.assessment.total ? (ranks.get(previous.commune.code) ?? index + 1) : index + 1;
    ranks.set(item.commune.code, rank);
  });
  const ordered =
    sort === 'TOTAL_DESC'
      ? byTotal
      : sort === 'TOTAL_ASC'
        ? [...items].sort((a, b) => a.assessment.total - b.assessment.total || a.commune.code.localeCompare(b.commune.code))
        : [...items].sort((a, b) => a.commune.code.localeCompare(b.commune.code));
  return ordered.map((item) => ({ rank: ranks.get(item.commune.code) ?? 0, ...item }));
}

export const assessmentResolvers = {
  Query: {
    assessmentBoard: (_: unknown, args: { year: number; districtCode?: string | null; provinceCode?: string | null }): BoardRef => {
      const year = checkYear(args.year);
      if (year === null) throw badInput('year', 'year is required');
      if (args.districtCode) return { scope: `district:${args.districtCode}`, year };
      if (!args.provinceCode) throw badInput('provinceCode', 'provinceCode or districtCode is required');
      return { scope: `province:${args.provinceCode}`, year };
    },
  },
  CommuneYear: {
    assessment: (parent: CommuneYearWithValues, args: { asOf?: string | null }, ctx: LdtbxhContext) =>
      assessCommuneYear(ctx, parent, parseAsOf(args.asOf)),
    whatIf: (parent: CommuneYearWithValues, args: { overrides: IndicatorOverride[]; asOf?: string | null }, ctx: LdtbxhContext) =>
      withWhatIfErrors(() => assessCommuneYear(ctx, parent, parseAsOf(args.asOf), args.overrides)),
  },
  AssessmentBoard: {
    __resolveReference: (ref: BoardRef): BoardRef => {
      parseScope(ref.scope);
      return ref;
    },
    communeYears: async (board: BoardRef, _: unknown, ctx: LdtbxhContext) =>
      (await communesOf(ctx, board)).map((commune) => ({ communeCode: commune.code, year: board.year })),
    assessments: async (board: BoardRef, args: { sort: 'TOTAL_DESC' | 'TOTAL_ASC' | 'CODE'; asOf?: string | null }, ctx: LdtbxhContext) => {
      const asOf = parseAsOf(args.asOf);
      const communes = await communesOf(ctx, board);
      const required = board.communeYears ?? [];
      // The gateway sends the departments' values in the order of `communeYears`, which lists the
      // same communes in the same order; collectValues checks every value's commune and year.
      if (required.length !== communes.length) {
        throw new Error(`board ${board.scope}/${board.year}: ${required.length} commune-years received, ${communes.length} expected`);
      }
      const items = await Promise.all(
        communes.map(async (commune, index) => ({
          commune,
          assessment: await assessCommuneYear(ctx, { ...required[index], communeCode: commune.code, year: board.year }, asOf),
        })),
      );
      return rankAndSort(items, args.sort);
    },
  },
};
