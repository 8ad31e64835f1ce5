/**
 * The body of each subgraph's index.ts: configuration, start, and a clean stop on SIGINT/SIGTERM.
 * Any failure at start-up exits non-zero with a message; the service never serves half-started.
 */
// First: graphql-js in its production mode (see the module).
import './graphql-production';
import type { RequestScope } from './apollo';
import { ConfigError, loadConfig } from './config';
import type { DepartmentCode } from './departments';
import { createLogger } from './logger';
import { registerTracing } from './observability/tracing';
import { startService, type ServiceSettings, type SubgraphModule } from './service';
import { standbyGate } from './standby';

/** Runs a subgraph as a process, on the port configured for its department. */
export function runSubgraphMain<TContext extends RequestScope>(
  code: DepartmentCode,
  module: SubgraphModule<TContext>,
): void {
  let logger = createLogger('info', { service: module.name });
  const main = async () => {
    const config = loadConfig();
    logger = createLogger(config.logLevel, { service: module.name });
    const tracing = registerTracing({ serviceName: module.name, otlpEndpoint: config.otlpEndpoint });
    if (!config.auth.internalSecret) {
      throw new ConfigError(
        'HUB_INTERNAL_SECRET',
        '',
        'is not set: `npm start` provides one; in production configure the secret the gateway uses',
      );
    }
    if (!config.database.url) {
      throw new ConfigError(
        'DATABASE_URL',
        '',
        'is not set: `npm start` starts the embedded PostgreSQL and passes it to every service',
      );
    }
    const settings: ServiceSettings = {
      databaseUrl: config.database.url,
      port: config.subgraphPorts[code],
      host: config.host,
      logger,
      maxBodyBytes: config.maxBodyBytes,
      maxInternalBodyBytes: config.maxInternalBodyBytes,
      operationTimeoutMs: config.operationTimeoutMs,
      maxPublishRows: config.maxPublishRows,
      introspection: config.introspection,
      internalSecret: config.auth.internalSecret,
      gatewayUrl: () => config.gatewayUrl,
      restarts: config.restarts,
    };
    settings.beforeListen = standbyGate(config.standbySpare, (restarts) => {
      settings.restarts = restarts;
      logger.warn('standby process taking over', { restarts });
    });
    const service = await startService(module, settings);
    const stop = (signal: string) => {
      logger.info('stopping', { signal });
      service.stop().then(
        () => tracing.shutdown().finally(() => process.exit(0)),
        (error: unknown) => {
          logger.error('stop failed', { error });
          process.exit(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  };
  main().catch((error: unknown) => {
    // A configuration mistake is the operator's to fix: one line naming the variable, no stack trace.
    if (error instanceof ConfigError) logger.error('start failed: bad configuration', { reason: error.message });
    else logger.error('start failed', { error });
    process.exit(1);
  });
}
