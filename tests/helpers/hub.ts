/**
 * The whole hub in the test process: a fresh database, the six real subgraph services and the real
 * gateway, each listening on a free port, talking HTTP to each other exactly as in production.
 */
import { randomBytes } from 'node:crypto';
import type { ApiKeyStore } from '../../gateway/api-keys';
import { startGateway, type RunningGateway } from '../../gateway/start';
import { loadConfig } from '../../shared/config';
import type { Database } from '../../shared/database';
import { mintUserToken, signForwardedIdentity, type Identity, type TokenSettings } from '../../shared/identity';
import { DEPARTMENTS, type DepartmentCode } from '../../shared/departments';
import { departmentModule } from '../../shared/department/module';
import { createLogger, type Logger } from '../../shared/logger';
import { ServiceMetrics } from '../../shared/observability/metrics';
import { setupServiceRoles } from '../../scripts/lib/database-roles';
import { startService, type StartedService } from '../../shared/service';
import { ldtbxhModule } from '../../subgraphs/ldtbxh/server';
import { createTestDatabase, type TestDatabase } from './database';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  body: {
    data?: TData | null;
    errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  };
}

/** POSTs a GraphQL operation and returns the status and parsed body. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<TData>['body'] };
}

/**
 * The headers of a request sent straight to subgraph `service` as the gateway sends one: the caller's
 * identity bound to that subgraph and to the request id sent beside it.
 */
export async function forwardedHeaders(
  identity: Identity,
  internalSecret: string,
  service: string,
  requestId = `direct-${randomBytes(6).toString('hex')}`,
): Promise<Record<string, string>> {
  return {
    'x-hub-identity': await signForwardedIdentity(identity, internalSecret, { audience: service, requestId }),
    'x-request-id': requestId,
  };
}

/** Who a test acts as: the scope fields of an identity (its token is minted by the hub). */
export type TestIdentity = Omit<Identity, 'via'>;

/** The province administrator (LĐTBXH). */
export const admin = (subject = 'province-admin'): TestIdentity => ({
  subject,
  name: subject,
  role: 'PROVINCE_ADMIN',
  department: 'LDTBXH',
  province: null,
  district: null,
  commune: null,
});
/** A department's publishing system; its name is what `publishedBy` shows. */
export const publisher = (
  department: DepartmentCode,
  subject = `${department.toLowerCase()}-system`,
): TestIdentity => ({
  subject,
  name: subject,
  role: 'DEPARTMENT_PUBLISHER',
  department,
  province: null,
  district: null,
  commune: null,
});
export const districtOfficer = (district: string, subject = `district-${district}`): TestIdentity => ({
  subject,
  name: subject,
  role: 'DISTRICT_OFFICER',
  department: null,
  province: null,
  district,
  commune: null,
});
export const provinceOfficer = (province: string, subject = `province-${province}`): TestIdentity => ({
  subject,
  name: subject,
  role: 'PROVINCE_OFFICER',
  department: null,
  province,
  district: null,
  commune: null,
});
export const communeOfficer = (commune: string, subject = `commune-${commune}`): TestIdentity => ({
  subject,
  name: subject,
  role: 'COMMUNE_OFFICER',
  department: null,
  province: null,
  district: null,
  commune,
});

export interface TestHub {
  db: TestDatabase;
  gatewayUrl: string;
  services: Record<DepartmentCode, StartedService>;
  /** The gateway's own database (API keys, its audit trail). */
  gatewayDb: Database;
  apiKeys: ApiKeyStore;
  tokens: TokenSettings;
  internalSecret: string;
  /** Runs an operation through the gateway, as `who` (a test identity, or raw headers; the public when omitted). */
  query<TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    who?: TestIdentity | Record<string, string>,
  ): Promise<GraphQLResponse<TData>>;
  /** The Authorization header of a freshly minted token for `who`. */
  headersFor(who: TestIdentity): Promise<Record<string, string>>;
  /** SQL statements each subgraph has sent so far. */
  statementCounts(): Record<DepartmentCode, number>;
  /** The URL `service` connects with (its own role with `leastPrivilege`, else the test database's). */
  serviceDatabaseUrl(service: string): string;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  /** Where every service logs (default: errors only, or HUB_TEST_LOG_LEVEL=debug). */
  logger?: Logger;
  maxPublishRows?: number;
  maxBodyBytes?: number;
  subgraphTimeoutMs?: number;
  /** Changes where the gateway reaches the subgraphs (by name), e.g. through a proxy a test watches. */
  routeSubgraphs?: (urls: Record<string, string>) => Promise<Record<string, string>>;
  /** One database role per service, as the embedded default sets up (roles dropped by stop). */
  leastPrivilege?: boolean;
}

/** Starts the hub on a fresh database. Stop it in afterAll. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  const roleUrls = options.leastPrivilege ? await setupServiceRoles(db.url, randomBytes(32).toString('base64url')) : {};
  const urlOf = (service: string) => roleUrls[service] ?? db.url;
  const internalSecret = randomBytes(32).toString('base64url');
  const tokens: TokenSettings = {
    secret: randomBytes(32).toString('base64url'),
    issuer: 'cfc-hub-test',
    audience: 'cfc-hub-test',
    clockSkewSeconds: 30,
  };
  const logger = options.logger ?? createLogger(process.env.HUB_TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error');
  const gatewayMetrics = new ServiceMetrics('gateway');
  const defaults = loadConfig({});
  const settings = {
    databaseUrl: db.url,
    port: 0,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    maxPublishRows: options.maxPublishRows ?? 20000,
    introspection: true,
    internalSecret,
    operationTimeoutMs: defaults.operationTimeoutMs,
    maxInternalBodyBytes: defaults.maxInternalBodyBytes,
    // The gateway starts after the subgraphs; LĐTBXH asks for its URL only when it needs it.
    gatewayUrl: () => {
      if (!gateway) throw new Error('the gateway is not running yet');
      return gateway.url;
    },
  };
  const services = {} as Record<DepartmentCode, StartedService>;
  let gateway: RunningGateway | undefined;
  try {
    // The lead subgraph first: it migrates and loads the reference data the others validate against.
    services.LDTBXH = await startService(ldtbxhModule(), { ...settings, databaseUrl: urlOf('ldtbxh') });
    await Promise.all(
      DEPARTMENTS.filter((d) => d.code !== 'LDTBXH').map(async (d) => {
        services[d.code] = await startService(departmentModule(d), { ...settings, databaseUrl: urlOf(d.slug) });
      }),
    );
    const direct = Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, services[d.code].url]));
    const subgraphUrls = options.routeSubgraphs ? await options.routeSubgraphs(direct) : direct;
    // The gateway users run (gateway/start.ts), with the configuration's defaults: limits and the
    // operation deadline included; only the port, the body limit and the timeout can differ.
    gateway = await startGateway({
      settings: {
        ...defaults,
        gatewayPort: 0,
        introspection: true,
        maxBodyBytes: settings.maxBodyBytes,
        subgraphTimeoutMs: options.subgraphTimeoutMs ?? defaults.subgraphTimeoutMs,
      },
      databaseUrl: urlOf('gateway'),
      subgraphUrls,
      tokens,
      internalSecret,
      logger,
      metrics: gatewayMetrics,
    });
  } catch (error) {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await db.drop();
    if (options.leastPrivilege) await db.dropRoles();
    throw error;
  }
  const gatewayUrl = gateway.url;
  const running = gateway;
  const headersFor = async (who: TestIdentity) => ({
    authorization: `Bearer ${await mintUserToken(who, tokens, '10m')}`,
  });
  return {
    db,
    gatewayUrl,
    services,
    gatewayDb: running.db,
    apiKeys: running.apiKeys,
    tokens,
    internalSecret,
    headersFor,
    query: async (query, variables, who) =>
      postGraphQL(
        gatewayUrl,
        query,
        variables,
        who === undefined
          ? {}
          : 'role' in who
            ? await headersFor(who as TestIdentity)
            : (who as Record<string, string>),
      ),
    serviceDatabaseUrl: urlOf,
    statementCounts: () =>
      Object.fromEntries(DEPARTMENTS.map((d) => [d.code, services[d.code].db.statements.count])) as Record<
        DepartmentCode,
        number
      >,
    stop: async () => {
      await running.stop();
      await Promise.all(Object.values(services).map((s) => s.stop()));
      await db.drop();
      if (options.leastPrivilege) await db.dropRoles();
    },
  };
}
