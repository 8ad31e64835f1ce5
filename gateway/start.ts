/**
 * The one wiring of the gateway: its own database (API keys), the Apollo gateway over the
 * supergraph with the configured limits, per-subgraph timeout and operation deadline,
 * authentication, health and the web routes, listening. The gateway process (index.ts) and the
 * tests both start it here, so the tests run the gateway users run.
 */
import fs from 'node:fs';
import type { HubConfig } from '../shared/config';
import { openDatabase, type Database } from '../shared/database';
import { startHttpServer, type RunningServer } from '../shared/http';
import type { TokenSettings } from '../shared/identity';
import type { Logger } from '../shared/logger';
import type { ServiceMetrics } from '../shared/observability/metrics';
import { projectPath } from '../shared/paths';
import { ApiKeyStore } from './api-keys';
import { GATEWAY_MIGRATIONS } from './migrations';
import { createGatewayServer, gatewayContext, gatewayHealth } from './server';
import { webRoutes } from './web';

/** What the gateway reads from the configuration (see shared/config.ts). */
export type GatewaySettings = Pick<
  HubConfig,
  | 'host'
  | 'gatewayPort'
  | 'maxBodyBytes'
  | 'subgraphTimeoutMs'
  | 'introspection'
  | 'operationTimeoutMs'
  | 'limits'
  | 'restarts'
  | 'replayMaxBytes'
>;

export interface GatewayStart {
  settings: GatewaySettings;
  /** The gateway's own database (schema `gateway`: API keys). */
  databaseUrl: string;
  /** Subgraph name → its /graphql URL. */
  subgraphUrls: Record<string, string>;
  tokens: TokenSettings;
  /** Signs the identity forwarded to the subgraphs. */
  internalSecret: string;
  logger: Logger;
  metrics: ServiceMetrics;
  /** The supergraph to serve; the committed gateway/supergraph.graphql when omitted. */
  supergraphSdl?: string;
}

export interface RunningGateway {
  url: string;
  db: Database;
  apiKeys: ApiKeyStore;
  stop(): Promise<void>;
}

/** Opens the gateway's database, builds the gateway and listens. */
export async function startGateway(start: GatewayStart): Promise<RunningGateway> {
  const { settings, logger, metrics, subgraphUrls, internalSecret } = start;
  const db = await openDatabase({
    url: start.databaseUrl,
    schema: 'gateway',
    entities: [],
    migrations: GATEWAY_MIGRATIONS,
    logger,
    applicationName: 'hub-gateway',
  });
  let running: RunningServer;
  try {
    metrics.watchPool('gateway', db.dataSource);
    const apiKeys = new ApiKeyStore(db.dataSource);
    const server = createGatewayServer({
      supergraphSdl: start.supergraphSdl ?? fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls,
      logger,
      introspection: settings.introspection,
      subgraphTimeoutMs: settings.subgraphTimeoutMs,
      internalSecret,
      limits: settings.limits,
      operationTimeoutMs: settings.operationTimeoutMs,
      metrics,
      replayMaxBytes: settings.replayMaxBytes,
    });
    running = await startHttpServer(server.apollo, {
      port: settings.gatewayPort,
      host: settings.host,
      context: gatewayContext({ tokens: start.tokens, apiKeys, internalSecret }),
      service: 'gateway',
      metrics,
      logger,
      maxBodyBytes: settings.maxBodyBytes,
      healthCheck: () => gatewayHealth(db, subgraphUrls, settings.restarts),
      encoded: server.encoded,
      // The built dashboard and explorer (`npm run build` writes them).
      routes: webRoutes(projectPath('dist', 'dashboard')),
    });
    return {
      url: running.url,
      db,
      apiKeys,
      stop: async () => {
        await running.stop();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
