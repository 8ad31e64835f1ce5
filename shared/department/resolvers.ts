/**
 * Resolvers every department subgraph has: its values on CommuneYear, their history, and its
 * publishing mutation. Thin: arguments in, loader or service call, errors mapped.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { Department } from '../departments';
import { hubError } from '../errors';
import type { DepartmentContext } from './context';
import type { IndicatorValue } from './entities/IndicatorValue';
import type { IndicatorValueRevision } from './entities/IndicatorValueRevision';
import { communeYearKey } from './loaders';
import { publishValues, type PublishInput } from './publish';

/** A CommuneYear as every subgraph sees it: its key. */
export interface CommuneYearRef {
  communeCode: string;
  year: number;
}

/** The GraphQL shape of an IndicatorValue, with the row id kept for `history`. */
export function indicatorValueView(row: IndicatorValue, department: Department) {
  return {
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
  };
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

/** The acting identity, required for every write. @throws ACTOR_REQUIRED */
export function requireActor(context: { actor: string | null }): string {
  if (!context.actor) {
    throw hubError('ACTOR_REQUIRED', 'a write needs the x-hub-actor header naming the person or system publishing', { field: 'x-hub-actor' });
  }
  return context.actor;
}

/** Resolvers of the department's own part of the graph. */
export function departmentResolvers(department: Department): GraphQLResolverMap<DepartmentContext> {
  return {
    CommuneYear: {
      // The whole representation is kept: it carries the fields a `@requires` asked for.
      __resolveReference: (ref: CommuneYearRef): CommuneYearRef => ref,
      [department.slug]: async (parent: CommuneYearRef, _args: unknown, context: DepartmentContext) => {
        const rows = await context.loaders.valuesByCommuneYear.load(communeYearKey(parent.communeCode, parent.year));
        return rows.map((row) => indicatorValueView(row, department));
      },
    },
    IndicatorValue: {
      history: async (parent: IndicatorValueView, _args: unknown, context: DepartmentContext) =>
        (await context.loaders.revisionsByValueId.load(parent.id)).map(revisionView),
    },
    Mutation: {
      [`publish${department.pascal}Values`]: async (_root: unknown, args: { input: PublishInput }, context: DepartmentContext) => {
        const actor = requireActor(context);
        const { services } = context;
        return publishValues(
          {
            dataSource: services.db.dataSource,
            reference: services.reference,
            catalogue: services.catalogue,
            department: services.department,
            maxRows: services.maxPublishRows,
          },
          args.input,
          actor,
          context.requestId,
        );
      },
    },
  };
}
