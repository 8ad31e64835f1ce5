/** The gateway process: the only file of gateway/ that listens. */
// First: graphql-js in its production mode (see the module).
import '../shared/graphql-production';
import { ConfigError, loadConfig } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { createLogger, type Logger } from '../shared/logger';
import { ServiceMetrics } from '../shared/observability/metrics';
import { registerTracing } from '../shared/observability/tracing';
import { startGateway } from './start';

let logger: Logger = createLogger('info', { service: 'gateway' });

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config.logLevel, { service: 'gateway' });
  const tracing = registerTracing({ serviceName: 'gateway', otlpEndpoint: config.otlpEndpoint });
  const { jwtSecret, internalSecret } = config.auth;
  if (!jwtSecret || !internalSecret) {
    throw new ConfigError(
      jwtSecret ? 'HUB_INTERNAL_SECRET' : 'HUB_JWT_SECRET',
      '',
      'must be set: `npm start` provides local ones; in production configure them',
    );
  }
  if (!config.database.url)
    throw new ConfigError('DATABASE_URL', '', 'is not set: the gateway keeps API keys in its own schema');
  const gateway = await startGateway({
    settings: config,
    databaseUrl: config.database.url,
    subgraphUrls: Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, config.subgraphUrls[d.code]])),
    tokens: {
      secret: jwtSecret,
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      clockSkewSeconds: config.auth.clockSkewSeconds,
    },
    internalSecret,
    logger,
    metrics: new ServiceMetrics('gateway'),
  });
  logger.info('listening', { url: gateway.url });
  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    gateway.stop().then(
      () => tracing.shutdown().finally(() => process.exit(0)),
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
  // A configuration mistake is the operator's to fix: one line naming the variable, no stack trace.
  if (error instanceof ConfigError) logger.error('start failed: bad configuration', { reason: error.message });
  else logger.error('start failed', { error });
  process.exit(1);
});
