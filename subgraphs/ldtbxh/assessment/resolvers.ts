/**
 * Resolvers of assessments: one commune-year (with `@requires` on every department's inputs), the
 * what-if form, the as-of forms, and the board of a district, a province or the country. Thin: the
 * work is in assessment/service.ts and assessment/board.ts.
 */
import type { GraphQLResolveInfo } from 'graphql';
import type { IndicatorOverride } from './what-if';
import { WhatIfError } from './what-if';
import { badInput, hubError, parseIsoDateArgument } from '../../../shared/errors';
import { fieldVi } from '../../../shared/intake/messages';
import type { LdtbxhContext } from '../context';
import type { RequiredFields } from './inputs';
import { assessCommuneYear } from './service';
import { asOfBoard, boardKey, currentBoard, resolveScope, type BoardRef, type BoardArgs } from './board';

type CommuneYearWithValues = { communeCode: string; year: number } & RequiredFields;
type CommuneYearAsOfRef = CommuneYearWithValues & { at: string };

/** The Vietnamese of a refused what-if value, naming the indicator and the input at fault. */
function whatIfVi(error: WhatIfError): string {
  if (error.code === 'UNKNOWN_INDICATOR') return `Chỉ tiêu ${error.indicator} không có trong bộ tiêu chí`;
  if (error.code === 'DUPLICATE_OVERRIDE') return `Chỉ tiêu ${error.indicator} được giả định hơn một lần`;
  return `Giá trị giả định của chỉ tiêu ${error.indicator} không hợp lệ: ${fieldVi(error.field)} (${error.code})`;
}

function withWhatIfErrors<T>(run: () => Promise<T>): Promise<T> {
  return run().catch((error: unknown) => {
    if (error instanceof WhatIfError) {
      throw hubError('WHAT_IF_INVALID', error.message, {
        field: error.field,
        indicator: error.indicator,
        reason: error.code,
        messageVi: whatIfVi(error),
      });
    }
    throw error;
  });
}

/** The moment of an as-of field, normalised to ISO 8601 UTC. @throws BAD_USER_INPUT */
function moment(at: string, field = 'at'): string {
  const parsed = parseIsoDateArgument(at, field);
  if (!parsed) throw badInput(field, `${field} is required`);
  return parsed.toISOString();
}

export const assessmentResolvers = {
  Query: {
    assessmentBoard: async (
      _: unknown,
      args: { year: number; districtCode?: string | null; provinceCode?: string | null; country?: boolean | null },
      ctx: LdtbxhContext,
    ): Promise<BoardRef> => {
      const { year, scope } = await resolveScope(ctx, args);
      return boardKey(ctx, scope, year);
    },
  },
  CommuneYear: {
    assessment: (parent: CommuneYearWithValues, _args: unknown, ctx: LdtbxhContext) =>
      assessCommuneYear(ctx, { ...parent, at: '' }),
    whatIf: (parent: CommuneYearWithValues, args: { overrides: IndicatorOverride[] }, ctx: LdtbxhContext) =>
      withWhatIfErrors(() => assessCommuneYear(ctx, { ...parent, at: '' }, args.overrides)),
    asOf: (parent: { communeCode: string; year: number }, args: { at: string }) => ({
      communeCode: parent.communeCode,
      year: parent.year,
      at: moment(args.at),
    }),
  },
  Assessment: {
    indicator: (
      assessment: { criteria?: readonly { indicators: readonly { concept: string | null }[] }[] },
      args: { concept: string },
    ) => assessment.criteria?.flatMap((c) => c.indicators).find((i) => i.concept === args.concept) ?? null,
  },
  CommuneYearAsOf: {
    __resolveReference: (ref: CommuneYearAsOfRef): CommuneYearAsOfRef => ({ ...ref, at: moment(ref.at) }),
    assessment: (parent: CommuneYearAsOfRef, _args: unknown, ctx: LdtbxhContext) => assessCommuneYear(ctx, parent),
    whatIf: (parent: CommuneYearAsOfRef, args: { overrides: IndicatorOverride[] }, ctx: LdtbxhContext) =>
      withWhatIfErrors(() => assessCommuneYear(ctx, parent, args.overrides)),
  },
  AssessmentBoard: {
    __resolveReference: (ref: BoardRef): BoardRef => ref,
    communeYears: async (board: BoardRef, _: unknown, ctx: LdtbxhContext) =>
      (await currentBoard.communes(ctx, board)).map((commune) => ({ communeCode: commune.code, year: board.year })),
    count: async (board: BoardRef, _: unknown, ctx: LdtbxhContext) => (await currentBoard.communes(ctx, board)).length,
    assessments: (board: BoardRef, args: BoardArgs, ctx: LdtbxhContext, info: GraphQLResolveInfo) =>
      currentBoard.assessments(ctx, board, args, info),
    asOf: (board: BoardRef, args: { at: string }) => ({ scope: board.scope, year: board.year, at: moment(args.at) }),
  },
  AssessmentBoardAsOf: {
    __resolveReference: (ref: BoardRef & { at: string }) => ({ ...ref, at: moment(ref.at) }),
    communeYears: async (board: BoardRef & { at: string }, _: unknown, ctx: LdtbxhContext) =>
      (await currentBoard.communes(ctx, board)).map((commune) => ({
        communeCode: commune.code,
        year: board.year,
        at: board.at,
      })),
    assessments: (
      board: BoardRef & { at: string; communeYears?: CommuneYearAsOfRef[] },
      args: BoardArgs,
      ctx: LdtbxhContext,
    ) => asOfBoard(ctx, board, args),
  },
};
