/**
 * The LĐTBXH subgraph's request context: the department context every subgraph has, plus the
 * place loaders of the reference data it owns.
 */
import type { IncomingMessage } from 'node:http';
import {
  createDepartmentContext,
  type DepartmentContext,
  type DepartmentServices,
} from '../../shared/department/context';
import { createAssessmentLoaders, type AssessmentLoaders } from './assessment/loaders';
import { createPlaceLoaders, type PlaceLoaders } from './places/loaders';
import { createRecognitionLoaders, type RecognitionLoaders } from './recognition/store';
import type DataLoader from 'dataloader';
import { createProcedureLoader, type ProcedurePeriod } from './procedure/store';

export interface LdtbxhContext extends DepartmentContext {
  places: PlaceLoaders;
  assessment: AssessmentLoaders;
  recognition: RecognitionLoaders;
  /** The procedure periods in force (one statement per request). */
  procedure: DataLoader<'now', ProcedurePeriod[]>;
  /** The gateway's URL, for asking the graph on the caller's behalf. */
  gatewayUrl: () => string;
}

/** Builds a request's context with fresh loaders. */
export async function createLdtbxhContext(
  services: DepartmentServices,
  req: IncomingMessage,
  requestId: string,
  gatewayUrl: () => string,
): Promise<LdtbxhContext> {
  const base = await createDepartmentContext(services, req, requestId);
  return {
    ...base,
    places: createPlaceLoaders(services.reference),
    assessment: createAssessmentLoaders(services.db.dataSource, services.catalogue),
    recognition: createRecognitionLoaders(services.db.dataSource),
    procedure: createProcedureLoader(services.db.dataSource),
    gatewayUrl,
  };
}
