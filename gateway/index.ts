/** The gateway process: the only file of gateway/ that listens. */
import fs from 'node:fs';
import { loadConfig } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { startHttpServer } from '../shared/http';
import { createLogger } from '../shared/logger';
import { projectPath } from '../shared/paths';
import { checkSubgraphs, createGatewayServer, gatewayContext } from './server';

const config = loadConfig();
const logger = createLogger(config.logLevel, { service: 'gateway' });

async function main(): Promise<void> {
  const subgraphUrls = Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, config.subgraphUrls[d.code]]));
  const server = createGatewayServer({
    supergraphSdl: fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'),
    subgraphUrls,
    logger,
    introspection: config.introspection,
    subgraphTimeoutMs: config.subgraphTimeoutMs,
  });
  const running = await startHttpServer(server, {
    port: config.gatewayPort,
    host: config.host,
    context: gatewayContext,
    logger,
    maxBodyBytes: config.maxBodyBytes,
    healthCheck: async () => ({ subgraphs: await checkSubgraphs(subgraphUrls) }),
  });
  logger.info('listening', { url: running.url });
  const stop = (signal: string) => {
    logger.info('stopping', { signal });
    running.stop().then(
      () => process.exit(0),
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
