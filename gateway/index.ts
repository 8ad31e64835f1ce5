/** The gateway process: the only file of gateway/ that listens. */
// First: graphql-js in its production mode (see the module).
import '../shared/graphql-production';
import fs from 'node:fs';
import { loadConfig } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { startHttpServer } from '../shared/http';
import { createLogger } from '../shared/logger';
import { ServiceMetrics } from '../shared/observability/metrics';
import { registerTracing } from '../shared/observability/tracing';
import { projectPath } from '../shared/paths';
import { openDatabase } from '../shared/database';
import { ApiKeyStore } from './api-keys';
import { GATEWAY_MIGRATIONS } from './migrations';
import { createGatewayServer, gatewayContext, gatewayHealth } from './server';
import { webRoutes } from './web';

const config = loadConfig();
const logger = createLogger(config.logLevel, { service: 'gateway' });
const tracing = registerTracing({ serviceName: 'gateway', otlpEndpoint: config.otlpEndpoint });
const metrics = new ServiceMetrics('gateway');

async function main(): Promise<void> {
  const { jwtSecret, internalSecret } = config.auth;
  if (!jwtSecret || !internalSecret) {
    throw new Error('HUB_JWT_SECRET and HUB_INTERNAL_SECRET must be set: `npm start` provides local ones; in production configure them');
  }
  if (!config.database.url) throw new Error('DATABASE_URL is not set: the gateway keeps API keys in its own schema');
  const db = await openDatabase({ url: config.database.url, schema: 'gateway', entities: [], migrations: GATEWAY_MIGRATIONS, logger, applicationName: 'hub-gateway' });
  metrics.watchPool('gateway', db.dataSource);
  const auth = {
    tokens: { secret: jwtSecret, issuer: config.auth.jwtIssuer, audience: config.auth.jwtAudience, clockSkewSeconds: config.auth.clockSkewSeconds },
    apiKeys: new ApiKeyStore(db.dataSource),
    internalSecret,
  };
  const subgraphUrls = Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, config.subgraphUrls[d.code]]));
  const server = createGatewayServer({
    supergraphSdl: fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls,
    logger,
    introspection: config.introspection,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
    internalSecret,
    limits: config.limits,
    operationTimeoutMs: config.operationTimeoutMs,
    metrics,
  });
  const running = await startHttpServer(server, {
    port: config.gatewayPort,
    host: config.host,
    context: gatewayContext(auth),
    service: 'gateway',
    metrics,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    healthCheck: () => gatewayHealth(db, subgraphUrls, config.restarts),
    routes: webRoutes(projectPath('dist', 'dashboard')),
  });
  logger.info('listening', { url: running.url });
  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    running.stop().then(
      () => db.close().then(() => tracing.shutdown().finally(() => process.exit(0))),
      (error: unknown) => {
        logger.error('stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  logger.error('start failed', { error });
  process.exit(1);
});
