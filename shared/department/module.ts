/**
 * The subgraph module of one department: the shared department SDL plus the department's own
 * `schema.graphql`, its tables in its own schema, and its resolvers.
 */
import { parse, type DocumentNode } from 'graphql';
import type { Department } from '../departments';
import { projectPath, readProjectFile } from '../paths';
import { readRuleSets, type RuleSet } from '../rules/rules';
import { intakeResolvers } from './intake-resolvers';
import { intakeSdl } from './intake-sdl';

export { intakeSdl };
import { CreateIntake1764300012000 } from './migrations/1764300012000-CreateIntake';
import { AddStagedOutcome1764300014000 } from './migrations/1764300014000-AddStagedOutcome';
import { ApprovalPerProvince1764300023000 } from './migrations/1764300023000-ApprovalPerProvince';
import { AddValueWriter1764300024000 } from './migrations/1764300024000-AddValueWriter';
import { CriteriaCatalogue } from '../reference/catalogue';
import { ReferenceReader } from '../reference/reader';
import type { ServiceSettings, SubgraphModule } from '../service';
import type { SchemaSlice } from '../subgraph';
import { createDepartmentContext, type DepartmentContext, type DepartmentServices } from './context';
import { IndicatorValue } from './entities/IndicatorValue';
import { IndicatorValueRevision } from './entities/IndicatorValueRevision';
import { CreateDepartmentValues1764300000100 } from './migrations/1764300000100-CreateDepartmentValues';
import { AddDepartmentAudit1764300000300 } from './migrations/1764300000300-AddDepartmentAudit';
import { AddPublishIdempotency1764300010000 } from './migrations/1764300010000-AddPublishIdempotency';
import { departmentResolvers } from './resolvers';
import type { Database } from '../database';
import type { Logger } from '../logger';

/** One slice's SDL: its name, the project file it is read from (none for the intake template), its document. */
export interface SliceSdl {
  name: string;
  source?: string;
  typeDefs: DocumentNode;
}

/**
 * The SDL of the slices every department serves, in order: the types every department declares
 * (shared/department/department.graphql), its own `subgraphs/<slug>/schema.graphql`, its intake.
 * `read` gives a project file's text: the committed one, or (composing for another departments
 * table) the one the table generates, before the department's folder exists.
 */
export function departmentSliceSdl(
  department: { readonly slug: string; readonly pascal: string; readonly nameVi: string },
  read: (file: string) => string = (file) => readProjectFile(file),
): [shared: SliceSdl, own: SliceSdl, intake: SliceSdl] {
  const shared = 'shared/department/department.graphql';
  const own = `subgraphs/${department.slug}/schema.graphql`;
  return [
    { name: 'department', source: shared, typeDefs: parse(read(shared)) },
    { name: department.slug, source: own, typeDefs: parse(read(own)) },
    { name: `${department.slug}/intake`, typeDefs: parse(intakeSdl(department)) },
  ];
}

/** The validation rules shipped in validation-rules/ (structure checked here; references when first used). */
export function shippedRuleSets(): RuleSet[] {
  return readRuleSets(projectPath('validation-rules'));
}

/**
 * The TypeORM entities a department reads through repositories (the value loaders). Every other
 * table is read and written with SQL, its row types beside the statements.
 */
export const DEPARTMENT_ENTITIES = [IndicatorValue, IndicatorValueRevision];
export const DEPARTMENT_MIGRATIONS = [
  CreateDepartmentValues1764300000100,
  AddDepartmentAudit1764300000300,
  AddPublishIdempotency1764300010000,
  CreateIntake1764300012000,
  AddStagedOutcome1764300014000,
  ApprovalPerProvince1764300023000,
  AddValueWriter1764300024000,
];

/** The long-lived services of a department, built once the database is open. */
export function departmentServices(
  department: Department,
  db: Database,
  settings: Pick<ServiceSettings, 'maxPublishRows' | 'internalSecret' | 'gatewayUrl' | 'operationTimeoutMs'>,
  logger: Logger,
): DepartmentServices {
  return {
    gatewayUrl: settings.gatewayUrl,
    department,
    db,
    reference: new ReferenceReader(db.dataSource),
    catalogue: new CriteriaCatalogue(db.dataSource),
    maxPublishRows: settings.maxPublishRows,
    internalSecret: settings.internalSecret,
    operationTimeoutMs: settings.operationTimeoutMs ?? 30000,
    logger,
  };
}

/** Ready when the reference data the department validates against has been loaded. */
export async function referenceReady(db: Database): Promise<{ criteriaSets: number }> {
  const [row]: { n: number }[] = await db.dataSource.query(
    `SELECT count(*)::int AS n FROM reference.criteria_set_version`,
  );
  if (!row || row.n === 0)
    throw new Error('reference data not loaded yet (the LĐTBXH subgraph loads it on first start)');
  return { criteriaSets: row.n };
}

/**
 * The slices every department serves: the shared department SDL, the department's own
 * `schema.graphql` with its resolvers, and the intake (templates, imports, rules, approval).
 */
export function departmentSlices<TContext extends DepartmentContext>(department: Department): SchemaSlice<TContext>[] {
  const [shared, own, intake] = departmentSliceSdl(department);
  return [
    { ...shared, resolvers: {} },
    { ...own, resolvers: departmentResolvers<TContext>(department) },
    { ...intake, resolvers: intakeResolvers<TContext>(department, shippedRuleSets()) },
  ];
}

/** The subgraph module of a department other than the lead. */
export function departmentModule(department: Department): SubgraphModule<DepartmentContext> {
  return {
    name: department.slug,
    dbSchema: department.slug,
    slices: departmentSlices<DepartmentContext>(department),
    entities: DEPARTMENT_ENTITIES,
    migrations: DEPARTMENT_MIGRATIONS,
    contextFactory: (db, settings) => {
      const services = departmentServices(
        department,
        db,
        settings,
        settings.logger.child({ service: department.slug }),
      );
      return (req, requestId) => createDepartmentContext(services, req, requestId);
    },
    healthCheck: referenceReady,
    healthDependency: 'ldtbxh',
  };
}
