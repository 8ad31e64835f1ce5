/**
 * What a department subgraph holds for its lifetime (services) and for one request (context).
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import type { RequestScope } from '../apollo';
import { IdentityError, verifyForwardedIdentity, type ForwardBinding, type Identity } from '../identity';
import type { Database } from '../database';
import { deadlineOf } from '../deadline';
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
  /** Verifies the identity the gateway forwards. */
  internalSecret: string;
  /** The gateway's deadline for one operation: how late a publication can commit (boards' `since`). */
  operationTimeoutMs: number;
  logger: Logger;
  /** Where the service asks the graph itself (another department's figures or approval), when configured. */
  gatewayUrl?: () => string;
}

/** The context of one request. */
export interface DepartmentContext extends RequestScope {
  /** Who is acting, as the gateway vouches for it (`x-hub-identity`). */
  identity: Identity;
  services: DepartmentServices;
  loaders: DepartmentLoaders;
  /** When the gateway stops waiting for this request (epoch ms, with a margin to commit); null when it said nothing. */
  deadline: number | null;
  /** True once the caller's connection has closed: nothing may be committed for it any more. */
  abandoned: () => boolean;
}

/**
 * The caller as the gateway states it in `x-hub-identity`, signed with the internal secret.
 * A request without it (sent straight to the subgraph) or with a forged one is refused.
 * @throws UNAUTHENTICATED (HTTP 401)
 */
export async function forwardedIdentity(
  req: IncomingMessage,
  internalSecret: string,
  expected: ForwardBinding,
): Promise<Identity> {
  const token = req.headers['x-hub-identity'];
  const refuse = (message: string) =>
    new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  if (typeof token !== 'string' || token === '')
    throw refuse('subgraphs answer only requests forwarded by the gateway (no x-hub-identity)');
  try {
    return await verifyForwardedIdentity(token, internalSecret, expected);
  } catch (error) {
    if (error instanceof IdentityError) throw refuse(`the forwarded identity was refused: ${error.reason}`);
    throw error;
  }
}

/** Builds a request's context with fresh loaders. @throws UNAUTHENTICATED */
export async function createDepartmentContext(
  services: DepartmentServices,
  req: IncomingMessage,
  requestId: string,
): Promise<DepartmentContext> {
  const deadline = deadlineOf(req);
  return {
    requestId,
    deadline,
    // The gateway closes the connection when it gives up on a fetch (its timeout or the operation's deadline).
    abandoned: () => req.socket.destroyed,
    identity: await forwardedIdentity(req, services.internalSecret, { audience: services.department.slug, requestId }),
    services,
    loaders: createDepartmentLoaders(services.db.dataSource, services.reference, services.department.slug),
  };
}
