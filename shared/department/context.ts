/**
 * What a department subgraph holds for its lifetime (services) and for one request (context).
 */
import type { IncomingMessage } from 'node:http';
import type { RequestScope } from '../apollo';
import type { Database } from '../database';
import type { Department } from '../departments';
import type { Logger } from '../logger';
import type { CriteriaCatalogue } from '../reference/catalogue';
import type { ReferenceReader } from '../reference/reader';
import { createDepartmentLoaders, type DepartmentLoaders } from './loaders';

/** Long-lived parts of a department subgraph, shared by all requests. */
export interface DepartmentServices {
  department: Department;
  db: Database;
  reference: ReferenceReader;
  catalogue: CriteriaCatalogue;
  maxPublishRows: number;
  logger: Logger;
}

/** The context of one request. */
export interface DepartmentContext extends RequestScope {
  /** Who is acting, as forwarded by the gateway in `x-hub-actor`; null when not given. */
  actor: string | null;
  services: DepartmentServices;
  loaders: DepartmentLoaders;
}

const ACTOR = /^[\p{L}\p{N} ._@:()\-]{1,200}$/u;

/** The acting person or system named by the request, or null when absent or malformed. */
export function actorOf(req: IncomingMessage): string | null {
  const raw = req.headers['x-hub-actor'];
  if (typeof raw !== 'string') return null;
  const actor = decodeURIComponent(raw).normalize('NFC').trim();
  return ACTOR.test(actor) ? actor : null;
}

/** Builds a request's context with fresh loaders. */
export async function createDepartmentContext(services: DepartmentServices, req: IncomingMessage, requestId: string): Promise<DepartmentContext> {
  return {
    requestId,
    actor: actorOf(req),
    services,
    loaders: createDepartmentLoaders(services.db.dataSource),
  };
}
