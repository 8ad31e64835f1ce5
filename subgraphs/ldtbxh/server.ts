/**
 * The LĐTBXH subgraph: the lead department. Owns places (Province, District, Commune), commune
 * categories, CommuneYear and the criteria-set catalogue, and publishes its own indicator values.
 * Builds the module; never listens (index.ts does).
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse } from 'graphql';
import { intakeResolvers } from '../../shared/department/intake-resolvers';
import { departmentServices, departmentTypeDefs, DEPARTMENT_ENTITIES, DEPARTMENT_MIGRATIONS, intakeSdl, shippedRuleSets, subgraphTypeDefs } from '../../shared/department/module';
import { departmentResolvers } from '../../shared/department/resolvers';
import { department } from '../../shared/departments';
import { Commune } from '../../shared/reference/entities/Commune';
import { CommuneCategoryAssignment } from '../../shared/reference/entities/CommuneCategoryAssignment';
import { CriteriaSetVersion } from '../../shared/reference/entities/CriteriaSetVersion';
import { District } from '../../shared/reference/entities/District';
import { Province } from '../../shared/reference/entities/Province';
import { REFERENCE_MIGRATIONS } from '../../shared/reference/migrations';
import { seedReference } from '../../shared/reference/seed';
import { mergeResolvers } from '../../shared/resolvers';
import type { SubgraphModule } from '../../shared/service';
import { createLdtbxhContext, type LdtbxhContext } from './context';
import { seedDefaultTargets } from './recognition/seed';
import { CreateRecognition1764300000600 } from './migrations/1764300000600-CreateRecognition';
import { CreateProcedurePeriod1764300001510 } from './migrations/1764300001510-CreateProcedurePeriod';
import { procedureResolvers } from './procedure/resolvers';
import { seedProcedure } from './procedure/store';
import { systemActor, withActor } from '../../shared/audit/actor';
import { SYSTEM_ACTOR } from '../../shared/reference/seed';
import { CreateAssessmentStore1764300000810 } from './migrations/1764300000810-CreateAssessmentStore';
import { approvalResolvers } from './approval/resolvers';
import { CreateApprovalRequirement1764300013000 } from './migrations/1764300013000-CreateApprovalRequirement';
import { AddAssessmentStoreInputs1764300000820 } from './migrations/1764300000820-AddAssessmentStoreInputs';
import { assessmentResolvers } from './resolvers/assessment';
import { catalogueAdminResolvers } from './resolvers/catalogue-admin';
import { criteriaResolvers } from './resolvers/criteria';
import { placeResolvers } from './resolvers/places';
import { recognitionResolvers } from './resolvers/recognition';

const LDTBXH = department('LDTBXH');

/** The LĐTBXH subgraph module. */
export function ldtbxhModule(): SubgraphModule<LdtbxhContext> {
  return {
    name: LDTBXH.slug,
    dbSchema: LDTBXH.slug,
    typeDefs: [departmentTypeDefs(), subgraphTypeDefs(LDTBXH.slug), parse(intakeSdl(LDTBXH))],
    resolvers: [
      {},
      mergeResolvers<LdtbxhContext>(departmentResolvers(LDTBXH) as Record<string, unknown>, placeResolvers, criteriaResolvers, catalogueAdminResolvers, assessmentResolvers, recognitionResolvers, procedureResolvers, approvalResolvers) as GraphQLResolverMap<LdtbxhContext>,
      intakeResolvers(LDTBXH, shippedRuleSets()) as unknown as GraphQLResolverMap<LdtbxhContext>,
    ],
    entities: [...DEPARTMENT_ENTITIES, Province, District, Commune, CommuneCategoryAssignment, CriteriaSetVersion],
    migrations: [...REFERENCE_MIGRATIONS, ...DEPARTMENT_MIGRATIONS, CreateRecognition1764300000600, CreateAssessmentStore1764300000810, AddAssessmentStoreInputs1764300000820, CreateProcedurePeriod1764300001510, CreateApprovalRequirement1764300013000],
    prepare: async (db, logger) => {
      await seedReference(db.dataSource, logger);
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
