/**
 * TypeScript types of the hub's schemas, generated with GraphQL Code Generator (federation mode):
 * every argument, input, enum and output type, and a `Resolvers` type that each module's resolver
 * map is checked against. Two files: LĐTBXH's, from the SDL its slices serve, and the department
 * module's (shared/department/), from the SDL a template department serves — the department
 * module serves every department with the same types under names that carry the department's slug
 * (`<slug>Template`, `publish<Pascal>Values`), so its resolvers take the template's field types.
 * `npm run compose` writes the files; `npm run compose -- --check` reports them stale when a schema
 * changed without them.
 */
import { codegen } from '@graphql-codegen/core';
import * as typescriptPlugin from '@graphql-codegen/typescript';
import * as resolversPlugin from '@graphql-codegen/typescript-resolvers';
import { parse } from 'graphql';
import { TEMPLATE_DEPARTMENT } from '../../shared/department/template';
import type { GeneratedFile } from './department-sdl';

/** Where LĐTBXH's generated types live. */
export const LDTBXH_SCHEMA_TYPES = 'subgraphs/ldtbxh/generated/schema-types.ts';

/** Where the department module's generated types live. */
export const DEPARTMENT_SCHEMA_TYPES = 'shared/department/generated/schema-types.ts';

/**
 * How scalars are typed in TypeScript: the internal payloads as the types their scalars check. A
 * JSON field's resolver answers `unknown`: its shapes are TypeScript interfaces, which a recursive
 * JSON type would not accept, and the scalar itself refuses what JSON cannot carry.
 */
const SCALARS: Readonly<Record<string, string>> = {
  ID: 'string',
  Date: 'string',
  DateTime: 'string',
  JSON: 'unknown',
  ScoringInputs: '../../../shared/scoring-inputs#ScoringInputs',
  BoardInputs: '../../../shared/scoring-inputs#BoardInputs',
};

/**
 * Parents as the resolvers receive them. A type without a mapper is what its resolvers return,
 * typed by the schema; a type listed here is the row or view its parent resolver returns instead.
 */
const MAPPERS: Readonly<Record<string, string>> = {
  Province: '../../../shared/reference/reader#ProvinceRow',
  District: '../../../shared/reference/reader#DistrictRow',
  Commune: '../../../shared/reference/reader#CommuneRow',
  CommuneYear: '../representations#CommuneYearParent',
  CommuneYearAsOf: '../representations#CommuneYearAsOfParent',
  AssessmentBoard: '../assessment/board#BoardRef',
  AssessmentBoardAsOf: '../assessment/board#BoardAsOfRef',
  Assessment: '../assessment/service#AssessmentParent',
  RecognitionCycle: '../recognition/resolvers#CycleView',
  RewardDecision: '../recognition/records-resolvers#RewardRecordView',
  UnitLink: '../places/resolvers#LinkView',
  CommuneCategoryAssignment: '../places/resolvers#CategoryView',
  CriteriaSet: '../catalogue/resolvers#SetView',
  CriteriaSetAssignment: '../catalogue/admin-resolvers#AssignmentView',
  Report: '../reports/service#ReportParent',
  PublicationCompleteness: '../follow-up/resolvers#LineView',
  DepartmentReminder: '../follow-up/resolvers#ReminderView',
  CommuneIndicators: '../follow-up/resolvers#CommuneIndicatorsView',
  Criterion: '../../../shared/criteria/types#Criterion as CriterionDocument',
  Indicator: '../../../shared/criteria/types#Indicator as IndicatorDocument',
};

/**
 * The generator types its subscription helpers and scalar configurations with the escape hatch;
 * the hub serves no subscriptions and constrains no scalar's serialised form, so those parameters
 * are `unknown` (an argument list, `never[]`) whatever the generator writes there. The file is
 * linted like the rest, so an escape hatch anywhere else fails `npm test` (no-explicit-any).
 */
function withoutEscapeHatches(content: string): string {
  return content
    .replace(/(subscribe: SubscriptionSubscribeFn<)\w+,/g, '$1unknown,')
    .replace(/(resolve: SubscriptionResolveFn<TResult, )\w+,/g, '$1unknown,')
    .replace(/\(\.\.\.args: \w+\[\]\)/g, '(...args: never[])')
    .replace(/(GraphQLScalarTypeConfig<ResolversTypes\['\w+'\]), \w+>/g, '$1, unknown>');
}

/** Parents of the department module's types that are rows or views (paths from its generated folder). */
const DEPARTMENT_MAPPERS: Readonly<Record<string, string>> = {
  CommuneYear: '../resolvers#CommuneYearRef',
  CommuneYearAsOf: '../resolvers#CommuneYearAsOfRef',
  AssessmentBoard: '../resolvers#BoardKey',
  IndicatorValue: '../resolvers#IndicatorValueView',
  RowRejection: '../publish#RowRejection as PublishRowRejection',
};

/** What one generated file is made of. */
interface SchemaTypesOptions {
  path: string;
  /** Whose schema, for the file's first line. */
  whose: string;
  sdl: string;
  /** `<module>#<type>` of the resolvers' context, from the generated folder. */
  contextType: string;
  mappers: Readonly<Record<string, string>>;
  scalars: Readonly<Record<string, string>>;
}

/** The generated types of LĐTBXH's schema `sdl`. */
export function ldtbxhSchemaTypes(sdl: string): Promise<GeneratedFile> {
  return schemaTypes({
    path: LDTBXH_SCHEMA_TYPES,
    whose: "the schema LĐTBXH's slices serve",
    sdl,
    contextType: '../context#LdtbxhContext',
    mappers: MAPPERS,
    scalars: SCALARS,
  });
}

/** The generated types of the department module, from `sdl`, the SDL {@link TEMPLATE_DEPARTMENT} would serve. */
export function departmentSchemaTypes(sdl: string): Promise<GeneratedFile> {
  return schemaTypes({
    path: DEPARTMENT_SCHEMA_TYPES,
    whose: `the schema the department module serves (template department \`${TEMPLATE_DEPARTMENT.slug}\`)`,
    sdl,
    contextType: '../context#DepartmentContext',
    mappers: DEPARTMENT_MAPPERS,
    // One folder less deep than LĐTBXH's.
    scalars: Object.fromEntries(Object.entries(SCALARS).map(([k, v]) => [k, v.replace('../../../shared/', '../../')])),
  });
}

async function schemaTypes(options: SchemaTypesOptions): Promise<GeneratedFile> {
  const content = await codegen({
    filename: options.path,
    schema: parse(options.sdl),
    documents: [],
    config: {},
    plugins: [
      {
        typescript: {
          enumsAsTypes: true,
          useTypeImports: true,
          scalars: options.scalars,
          avoidOptionals: { defaultValue: true },
        },
      },
      {
        typescriptResolvers: {
          federation: true,
          useTypeImports: true,
          contextType: options.contextType,
          mappers: options.mappers,
        },
      },
    ],
    pluginMap: { typescript: typescriptPlugin, typescriptResolvers: resolversPlugin },
  });
  const header = `// Generated by \`npm run compose\` (scripts/lib/schema-types.ts) from ${options.whose}; do not edit.\n`;
  return { path: options.path, content: header + withoutEscapeHatches(content) };
}
