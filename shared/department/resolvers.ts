/**
 * Resolvers every department subgraph has: its values on CommuneYear, their history, and its
 * publishing mutation. Thin: arguments in, loader or service call, errors mapped.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Department } from '../departments';
import { readAuditTrail } from '../audit/query';
import { actorFor, authorizeAudit, authorizePublish, maySeeSensitive, SENSITIVE_DEPARTMENTS } from '../authorization';
import type { DepartmentContext } from './context';
import type { Resolvers } from './generated/schema-types';
import { forDepartment } from './template';
import type { IndicatorValue } from './entities/IndicatorValue';
import type { IndicatorValueRevision } from './entities/IndicatorValueRevision';
import { communeYearKey } from './loaders';
import { graphCallerOf, intakeDepsOf, publishWithRules } from './staging';
import { countPublished } from '../observability/publishing';
import { parseBoardScope } from '../board-scope';
import { parseBoardSince } from '../board-since';
import { boardChanges } from './stamps';
import { badInput } from '../errors';
import { DateScalar, DateTimeScalar, JsonScalar } from '../scalars';
import {
  BoardInputsScalar,
  formatBoardStamps,
  ScoringInputsScalar,
  sealValues,
  stampOf,
  type ScoringInputs,
  type ScoringValue,
} from '../scoring-inputs';

/** A CommuneYear as every subgraph sees it: its key. */
export interface CommuneYearRef {
  communeCode: string;
  year: number;
}

/** An AssessmentBoard as every subgraph sees it: its key (`since` '' when LĐTBXH stored nothing for it). */
export interface BoardKey {
  scope: string;
  year: number;
  since: string;
}

/** A CommuneYearAsOf as every subgraph sees it: its key, `at` an ISO 8601 moment. */
export interface CommuneYearAsOfRef extends CommuneYearRef {
  at: string;
}

/** The moment of an as-of key, normalised. @throws BAD_USER_INPUT */
function parseMoment(at: string): string {
  const moment = new Date(at);
  if (Number.isNaN(moment.getTime())) throw badInput('at', `"${at}" is not an ISO 8601 moment`);
  return moment.toISOString();
}

/** A stored value as scoring needs it (LĐTBXH reads its own values the same way). */
export function scoringValueOf(row: IndicatorValue): ScoringValue {
  return {
    set: row.criteriaSetId,
    indicator: row.indicatorCode,
    kind: row.kind as ScoringValue['kind'],
    numerator: row.numerator,
    denominator: row.denominator,
    count: row.count,
    value: row.flag,
    grade: row.grade,
    revision: row.revision,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt.toISOString(),
  };
}

/** The payload of a `<slug>Inputs` field: sealed for LĐTBXH when the department's figures are sensitive. */
function scoringInputs(
  department: Department,
  context: DepartmentContext,
  ref: CommuneYearRef,
  at: string,
  values: ScoringValue[],
): ScoringInputs {
  const key = { communeCode: ref.communeCode, year: ref.year, at };
  const stamp = stampOf(values);
  if (!SENSITIVE_DEPARTMENTS.includes(department.code)) return { ...key, stamp, values };
  const sealed = sealValues(values, context.services.internalSecret, { department: department.code, ...key });
  return { ...key, stamp, sealed };
}

/** The GraphQL shape of an IndicatorValue, with the row id kept for `history`. */
export function indicatorValueView(row: IndicatorValue, department: Department, withheld = false) {
  const view = {
    id: String(row.id),
    communeCode: row.communeCode,
    year: row.year,
    criteriaSetId: row.criteriaSetId,
    indicator: row.indicatorCode,
    kind: row.kind,
    department: department.code,
    numerator: row.numerator,
    denominator: row.denominator,
    count: row.count,
    value: row.flag,
    grade: row.grade,
    note: row.note,
    sourceRef: row.sourceRef,
    revision: row.revision,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt.toISOString(),
    firstPublishedAt: row.firstPublishedAt.toISOString(),
    publicationId: String(row.publicationId),
    withheld,
  };
  return withheld
    ? {
        ...view,
        numerator: null,
        denominator: null,
        count: null,
        value: null,
        grade: null,
        note: null,
        sourceRef: null,
      }
    : view;
}

export type IndicatorValueView = ReturnType<typeof indicatorValueView>;

function revisionView(row: IndicatorValueRevision) {
  return {
    revision: row.revision,
    numerator: row.numerator,
    denominator: row.denominator,
    count: row.count,
    value: row.flag,
    grade: row.grade,
    note: row.note,
    sourceRef: row.sourceRef,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt.toISOString(),
    publicationId: String(row.publicationId),
  };
}

/** Resolvers of the department's own part of the graph. */
export function departmentResolvers<TContext extends DepartmentContext = DepartmentContext>(
  department: Department,
): GraphQLResolverMap<TContext> {
  const resolvers: Resolvers = {
    ScoringInputs: ScoringInputsScalar,
    BoardInputs: BoardInputsScalar,
    Date: DateScalar,
    DateTime: DateTimeScalar,
    JSON: JsonScalar,
    CommuneYear: {
      // The whole representation is kept: it carries the fields a `@requires` asked for.
      __resolveReference: (ref) => ref,
      dept: async (parent, _args, context) => {
        const rows = await context.loaders.valuesByCommuneYear.load(communeYearKey(parent.communeCode, parent.year));
        // Only an officer's right depends on where the commune lies; read it only then.
        const officer =
          context.identity.role === 'DISTRICT_OFFICER' ||
          context.identity.role === 'COMMUNE_OFFICER' ||
          context.identity.role === 'PROVINCE_OFFICER';
        const commune =
          rows.length > 0 && officer && SENSITIVE_DEPARTMENTS.includes(department.code)
            ? await context.loaders.communeInYear.load(communeYearKey(parent.communeCode, parent.year))
            : null;
        const withheld = !maySeeSensitive(context.identity, department.code, commune);
        return rows.map((row) => indicatorValueView(row, department, withheld));
      },
      // For LĐTBXH's assessment only: @inaccessible, so no client can select it. The lead
      // department reads its own values directly and has no such field.
      ...(department.code === 'LDTBXH'
        ? {}
        : {
            deptInputs: async (parent, _args, context) => {
              const rows = await context.loaders.valuesByCommuneYear.load(
                communeYearKey(parent.communeCode, parent.year),
              );
              return scoringInputs(department, context, parent, '', rows.map(scoringValueOf));
            },
          }),
    },
    ...(department.code === 'LDTBXH'
      ? {}
      : {
          CommuneYearAsOf: {
            __resolveReference: (ref) => ref,
            deptInputs: async (parent, _args, context) => {
              const at = parseMoment(parent.at);
              const values = await context.loaders.scoringValuesAt.load(`${parent.communeCode}|${parent.year}|${at}`);
              return scoringInputs(department, context, parent, at, values);
            },
          },
          AssessmentBoard: {
            __resolveReference: (ref) => ref,
            deptChanges: async (board, _args, context) => {
              const scope = parseBoardScope(board.scope);
              if (!scope)
                throw badInput('scope', `scope "${board.scope}" is not district:<code>, province:<code> or country`);
              const since = parseBoardSince(board.since);
              if (!since) throw badInput('since', `"${board.since}" is not a board's since (shared/board-since.ts)`);
              const { stamps, watermark, values } = await boardChanges(
                context.services.db.dataSource,
                department.slug,
                department.code,
                scope,
                board.year,
                since,
              );
              const inputs: Record<string, ScoringInputs> = {};
              for (const [code, list] of values)
                inputs[code] = scoringInputs(department, context, { communeCode: code, year: board.year }, '', list);
              return {
                scope: board.scope,
                year: board.year,
                since: board.since,
                stamps: formatBoardStamps(stamps),
                watermark,
                inputs,
              };
            },
          },
        }),
    IndicatorValue: {
      history: async (parent, _args, context) =>
        parent.withheld ? [] : (await context.loaders.revisionsByValueId.load(parent.id)).map(revisionView),
    },
    Query: {
      deptAuditTrail: async (_root, args, context) => {
        authorizeAudit(context.identity);
        return readAuditTrail(
          context.services.db.dataSource,
          department.slug,
          args.filter ?? {},
          args.first,
          args.after ?? null,
        );
      },
    },
    Mutation: {
      publishDeptValues: async (_root, args, context) => {
        authorizePublish(context.identity, department);
        return countPublished(
          department.code,
          await publishWithRules(
            intakeDepsOf(context),
            graphCallerOf(context),
            actorFor(context.identity, context.requestId, { deadline: context.deadline, abandoned: context.abandoned }),
            args.input,
          ),
        );
      },
    },
  };
  return forDepartment<TContext>(department, resolvers);
}
