/**
 * The whole hub in the test process: a fresh database, the six real subgraph services and the real
 * gateway, each listening on a free port, talking HTTP to each other exactly as in production.
 */
import fs from 'node:fs';
import { checkSubgraphs, createGatewayServer, gatewayContext } from '../../gateway/server';
import { DEPARTMENTS, type DepartmentCode } from '../../shared/departments';
import { departmentModule } from '../../shared/department/module';
import { startHttpServer, type RunningServer } from '../../shared/http';
import { createLogger } from '../../shared/logger';
import { projectPath } from '../../shared/paths';
import { startService, type StartedService } from '../../shared/service';
import { ldtbxhModule } from '../../subgraphs/ldtbxh/server';
import { createTestDatabase, type TestDatabase } from './database';

export interface GraphQLResponse<TData = Record<string, unknown>> {
  status: number;
  body: { data?: TData | null; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] };
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

export interface TestHub {
  db: TestDatabase;
  gatewayUrl: string;
  services: Record<DepartmentCode, StartedService>;
  /** Runs an operation through the gateway. */
  query<TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<TData>>;
  /** SQL statements each subgraph has sent so far. */
  statementCounts(): Record<DepartmentCode, number>;
  stop(): Promise<void>;
}

export interface TestHubOptions {
  maxPublishRows?: number;
  maxBodyBytes?: number;
  subgraphTimeoutMs?: number;
}

/** Starts the hub on a fresh database. Stop it in afterAll. */
export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const db = await createTestDatabase();
  const logger = createLogger(process.env.HUB_TEST_LOG_LEVEL === 'debug' ? 'debug' : 'error');
  const settings = {
    databaseUrl: db.url,
    port: 0,
    logger,
    maxBodyBytes: options.maxBodyBytes ?? 2 * 1024 * 1024,
    maxPublishRows: options.maxPublishRows ?? 20000,
    introspection: true,
  };
  const services = {} as Record<DepartmentCode, StartedService>;
  let gateway: RunningServer | undefined;
  try {
    // The lead subgraph first: it migrates and loads the reference data the others validate against.
    services.LDTBXH = await startService(ldtbxhModule(), settings);
    await Promise.all(
      DEPARTMENTS.filter((d) => d.code !== 'LDTBXH').map(async (d) => {
        services[d.code] = await startService(departmentModule(d), settings);
      }),
    );
    const subgraphUrls = Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, services[d.code].url]));
    const server = createGatewayServer({
      supergraphSdl: fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls,
      logger,
      subgraphTimeoutMs: options.subgraphTimeoutMs,
    });
    gateway = await startHttpServer(server, {
      port: 0,
      context: gatewayContext,
      logger,
      maxBodyBytes: settings.maxBodyBytes,
      healthCheck: async () => ({ subgraphs: await checkSubgraphs(subgraphUrls) }),
    });
  } catch (error) {
    await Promise.all(Object.values(services).map((s) => s.stop()));
    await db.drop();
    throw error;
  }
  const gatewayUrl = gateway.url;
  const running = gateway;
  return {
    db,
    gatewayUrl,
    services,
    query: (query, variables, headers) => postGraphQL(gatewayUrl, query, variables, headers),
    statementCounts: () =>
      Object.fromEntries(DEPARTMENTS.map((d) => [d.code, services[d.code].db.statements.count])) as Record<DepartmentCode, number>,
    stop: async () => {
      await running.stop();
      await Promise.all(Object.values(services).map((s) => s.stop()));
      await db.drop();
    },
  };
}

/** Headers of a department system publishing. */
export const actor = (name: string): Record<string, string> => ({ 'x-hub-actor': name });
