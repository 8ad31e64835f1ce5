/**
 * The LĐTBXH subgraph: the lead department. Owns places (Province, District, Commune), commune
 * categories, CommuneYear, the criteria-set catalogue, the assessment, the recognition procedure
 * and the reports, and publishes its own indicator values like every department. Each module
 * folder serves one slice of the schema (docs/architecture.md). Builds the module; never listens
 * (index.ts does).
 */
import { systemActor, withActor } from '../../shared/audit/actor';
import {
  departmentServices,
  departmentSlices,
  DEPARTMENT_ENTITIES,
  DEPARTMENT_MIGRATIONS,
} from '../../shared/department/module';
import { department } from '../../shared/departments';
import type { SubgraphModule } from '../../shared/service';
import { approvalSlice } from './approval';
import { assessmentSlice } from './assessment';
import { boardCachePlugin } from './assessment/board-cache';
import { catalogueSlice } from './catalogue';
import { createLdtbxhContext, type LdtbxhContext } from './context';
import { followUpSlice } from './follow-up';
import { LDTBXH_MIGRATIONS } from './migrations';
import { placesSlice } from './places';
import { seedReference, SYSTEM_ACTOR } from './places/seed';
import { seedRuleSets } from './catalogue/rule-sets';
import { procedureSlice } from './procedure';
import { seedProcedure } from './procedure/store';
import { recognitionSlice } from './recognition';
import { seedDefaultTargets } from './recognition/seed';
import { reportsSlice } from './reports';

const LDTBXH = department('LDTBXH');

/** The LĐTBXH subgraph module. */
export function ldtbxhModule(): SubgraphModule<LdtbxhContext> {
  return {
    name: LDTBXH.slug,
    dbSchema: LDTBXH.slug,
    slices: [
      ...departmentSlices<LdtbxhContext>(LDTBXH),
      placesSlice(),
      catalogueSlice(),
      assessmentSlice(),
      recognitionSlice(),
      reportsSlice(),
      followUpSlice(),
      procedureSlice(),
      approvalSlice(),
    ],
    entities: DEPARTMENT_ENTITIES,
    // Repeated board fetches answered again while every stamp stands (assessment/board-cache.ts).
    plugins: [boardCachePlugin()],
    migrations: [...DEPARTMENT_MIGRATIONS, ...LDTBXH_MIGRATIONS],
    prepare: async (db, logger) => {
      await seedReference(db.dataSource, logger);
      await seedRuleSets(db.dataSource, SYSTEM_ACTOR, logger);
      await seedDefaultTargets(db.dataSource, logger);
      const added = await withActor(db.dataSource, systemActor(SYSTEM_ACTOR), (m) => seedProcedure(m, SYSTEM_ACTOR));
      if (added > 0) logger.info('default procedure periods recorded', { periods: added });
    },
    contextFactory: (db, settings) => {
      const services = departmentServices(LDTBXH, db, settings, settings.logger.child({ service: LDTBXH.slug }));
      const gatewayUrl =
        settings.gatewayUrl ??
        (() => {
          throw new Error('the LĐTBXH service has no gateway URL configured (HUB_GATEWAY_URL)');
        });
      return (req, requestId) => createLdtbxhContext(services, req, requestId, gatewayUrl);
    },
  };
}
