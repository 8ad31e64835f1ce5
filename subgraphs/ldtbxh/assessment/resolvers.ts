/**
 * Resolvers of assessments: one commune-year (with `@requires` on every department's inputs), the
 * what-if form, the as-of forms, and the board of a district, a province or the country. Thin: the
 * work is in assessment/service.ts and assessment/board.ts.
 */
import type { Resolvers } from '../generated/schema-types';
import { WhatIfError } from './what-if';
import { badInput, hubError, parseIsoDateArgument } from '../../../shared/errors';
import { fieldVi } from '../../../shared/intake/messages';
import { assessCommuneYear } from './service';
import { asOfBoard, boardKey, currentBoard, resolveScope } from './board';

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

export const assessmentResolvers: Resolvers = {
  Query: {
    assessmentBoard: async (_, args, ctx) => {
      const { year, scope } = await resolveScope(ctx, args);
      return boardKey(ctx, scope, year);
    },
  },
  CommuneYear: {
    assessment: (parent, _args, ctx) => assessCommuneYear(ctx, { ...parent, at: '' }),
    whatIf: (parent, args, ctx) =>
      withWhatIfErrors(() => assessCommuneYear(ctx, { ...parent, at: '' }, args.overrides)),
    asOf: (parent, args) => ({ communeCode: parent.communeCode, year: parent.year, at: moment(args.at) }),
  },
  Assessment: {
    indicator: (assessment, args) =>
      assessment.criteria?.flatMap((c) => c.indicators).find((i) => i.concept === args.concept) ?? null,
  },
  CommuneYearAsOf: {
    __resolveReference: (ref) => ({ ...ref, at: moment(ref.at) }),
    assessment: (parent, _args, ctx) => assessCommuneYear(ctx, parent),
    whatIf: (parent, args, ctx) => withWhatIfErrors(() => assessCommuneYear(ctx, parent, args.overrides)),
  },
  AssessmentBoard: {
    __resolveReference: (ref) => ref,
    communeYears: async (board, _, ctx) =>
      (await currentBoard.communes(ctx, board)).map((commune) => ({ communeCode: commune.code, year: board.year })),
    count: async (board, _, ctx) => (await currentBoard.communes(ctx, board)).length,
    assessments: (board, args, ctx, info) => currentBoard.assessments(ctx, board, args, info),
    asOf: (board, args) => ({ scope: board.scope, year: board.year, at: moment(args.at) }),
  },
  AssessmentBoardAsOf: {
    __resolveReference: (ref) => ({ ...ref, at: moment(ref.at) }),
    communeYears: async (board, _, ctx) =>
      (await currentBoard.communes(ctx, board)).map((commune) => ({
        communeCode: commune.code,
        year: board.year,
        at: board.at,
      })),
    assessments: (board, args, ctx) => asOfBoard(ctx, board, args),
  },
};
