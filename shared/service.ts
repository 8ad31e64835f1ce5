/**
 * Starting and stopping one subgraph process: open the database (running its migrations),
 * prepare it, build the ApolloServer and listen. Used by each subgraph's index.ts and by the
 * tests, which start the very same services on port 0.
 */
import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { EntitySchema, MixedList } from 'typeorm';
import type { RequestScope } from './apollo';
import { openDatabase, type Database } from './database';
import type { Logger } from './logger';
import { ServiceMetrics } from './observability/metrics';
import { HealthProblem, requestIdOf } from './http';
import { createSubgraphServer, startHttpServer, type RunningServer, type SchemaSlice } from './subgraph';
import { verifyForwardedIdentity } from './identity';

/** Everything that makes one subgraph service. */
export interface SubgraphModule<TContext extends RequestScope> {
  /** Subgraph name in the supergraph. */
  name: string;
  /** PostgreSQL schema of the service's own tables. */
  dbSchema: string;
  /** The schema, slice by slice (SDL with its resolvers). */
  slices: SchemaSlice<TContext>[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  /** Runs once after the migrations, before serving (e.g. loading reference data). */
  prepare?(db: Database, logger: Logger): Promise<void>;
  /** Builds the long-lived request-context factory once the database is open. */
  contextFactory(
    db: Database,
    settings: ServiceSettings,
  ): (req: IncomingMessage, requestId: string) => Promise<TContext>;
  /** Throws while the service cannot serve (e.g. reference data missing). */
  healthCheck?(db: Database): Promise<Record<string, unknown> | void>;
  /** What /health names as down when {@link healthCheck} throws (e.g. `ldtbxh`, which loads the reference data). */
  healthDependency?: string;
  /** Apollo Server plugins of this subgraph besides the shared ones (LĐTBXH's board answers). */
  plugins?: ApolloServerPlugin<TContext>[];
}

/** How to run a service. */
export interface ServiceSettings {
  databaseUrl: string;
  port: number;
  host?: string;
  logger: Logger;
  maxBodyBytes: number;
  /** Largest body of the gateway's own fetches (default 512 MiB). */
  maxInternalBodyBytes?: number;
  maxPublishRows: number;
  introspection: boolean;
  /** Verifies the identity the gateway forwards (x-hub-identity). */
  internalSecret: string;
  /** How many times the launcher has restarted this service (HUB_RESTARTS), shown in /health; read at each /health. */
  restarts?: number;
  /** Awaited before listening: a standby process waits here until it is promoted. */
  beforeListen?: () => Promise<void>;
  /** Where a service asks the graph itself (LĐTBXH, for the assessment behind a recognition). */
  gatewayUrl?: () => string;
  /**
   * The gateway's deadline for one operation (HUB_OPERATION_TIMEOUT_MS, default 30 s): no
   * publication's transaction outlives it, which bounds how late a publication can commit.
   */
  operationTimeoutMs?: number;
}

/** A running subgraph service. */
export interface StartedService {
  name: string;
  url: string;
  port: number;
  db: Database;
  stop(): Promise<void>;
}

/**
 * Opens the database, migrates, prepares and listens.
 * @throws when the database cannot be reached, a migration or preparation fails, or the port is taken;
 * nothing is left running in that case.
 */
export async function startService<TContext extends RequestScope>(
  module: SubgraphModule<TContext>,
  settings: ServiceSettings,
): Promise<StartedService> {
  const logger = settings.logger.child({ service: module.name });
  const db = await openDatabase({
    url: settings.databaseUrl,
    schema: module.dbSchema,
    entities: module.entities,
    migrations: module.migrations,
    logger,
  });
  let running: RunningServer;
  try {
    await module.prepare?.(db, logger);
    const server = createSubgraphServer<TContext>({
      name: module.name,
      slices: module.slices,
      logger,
      introspection: settings.introspection,
      plugins: module.plugins,
    });
    const context = module.contextFactory(db, settings);
    const metrics = new ServiceMetrics(module.name);
    metrics.watchPool(module.name, db.dataSource);
    running = await startHttpServer(server, {
      service: module.name,
      metrics,
      port: settings.port,
      host: settings.host,
      context,
      logger,
      maxBodyBytes: settings.maxBodyBytes,
      beforeListen: settings.beforeListen,
      internal: {
        maxBytes: settings.maxInternalBodyBytes ?? 512 * 1024 * 1024,
        trusted: async (req) => {
          const token = req.headers['x-hub-identity'];
          return (
            typeof token === 'string' &&
            (await verifyForwardedIdentity(token, settings.internalSecret, {
              audience: module.name,
              requestId: requestIdOf(req),
            }).then(
              () => true,
              () => false,
            ))
          );
        },
      },
      healthCheck: async () => {
        // Who answers (a restarted process has a new pid) and how often the launcher restarted it.
        const own = { service: module.name, restarts: settings.restarts ?? 0, pid: process.pid };
        try {
          await db.dataSource.query('SELECT 1');
        } catch (error) {
          throw new HealthProblem(`the database does not answer: ${(error as Error).message}`, ['database'], own);
        }
        try {
          return { ...own, ...((await module.healthCheck?.(db)) ?? {}) };
        } catch (error) {
          throw new HealthProblem(
            (error as Error).message,
            module.healthDependency ? [module.healthDependency] : [],
            own,
          );
        }
      },
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  logger.info('listening', { url: running.url });
  let stopping: Promise<void> | undefined;
  return {
    name: module.name,
    url: running.url,
    port: running.port,
    db,
    stop: () =>
      (stopping ??= (async () => {
        await running.stop();
        await db.close();
      })()),
  };
}
