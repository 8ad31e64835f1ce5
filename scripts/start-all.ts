/**
 * `npm start`: runs the whole hub on one machine. Without DATABASE_URL it starts the embedded
 * PostgreSQL (data in .data/postgres, kept across restarts). Then it starts the LĐTBXH subgraph
 * (which migrates and loads reference data), the five other subgraphs and the gateway, each as its
 * own process, waiting on each one's /health. Ctrl-C stops them all, then the database.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../shared/embedded-postgres';
import { createLogger } from '../shared/logger';
import { projectPath } from '../shared/paths';
import { waitForHealth } from '../shared/health';
import { localSecrets } from '../shared/secrets';
import { localRoleSecret, setupServiceRoles } from '../shared/database-roles';
import { ensureDashboardBuilt } from './build-dashboard';

const config = loadConfig();
const logger = createLogger(config.logLevel, { service: 'start-all' });
const children: { name: string; child: ChildProcess }[] = [];
let embedded: EmbeddedDatabase | undefined;
let stopping = false;

function launch(name: string, script: string, env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, [projectPath('dist', script)], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      logger.error('a service stopped unexpectedly; stopping the hub', { name, code, signal });
      void shutdown(1);
    }
  });
  children.push({ name, child });
  return child;
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The gateway first, then the subgraphs, then the database they use.
  for (const group of [children.filter((c) => c.name === 'gateway'), children.filter((c) => c.name !== 'gateway')]) {
    await Promise.all(
      group.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  }
  // Bounded: a database that already stopped (e.g. Ctrl-C reached its process too) must not hang the exit.
  if (embedded) await Promise.race([embedded.stop(), delay(10_000)]);
  logger.info('stopped');
  process.exit(exitCode);
}

async function main(): Promise<void> {
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  // The gateway serves the dashboard from dist/dashboard/: build it first when its sources changed.
  await ensureDashboardBuilt();
  let databaseUrl = config.database.url;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.database.embeddedDataDir, config.database.embeddedPort, logger);
    databaseUrl = embedded.url;
  }
  // With no secrets configured, the local ones (created once beside the data) keep auth on.
  const secrets = config.auth.jwtSecret && config.auth.internalSecret ? {} : localSecrets(config.database.localSecretsFile);
  const env = { ...process.env, ...secrets, DATABASE_URL: databaseUrl, APOLLO_TELEMETRY_DISABLED: '1' };
  // One database role per service (least privilege): always for the embedded default, for a
  // configured server when HUB_DB_ROLE_SECRET is set. Each service gets only its own URL.
  const roleSecret = config.database.roleSecret ?? (embedded ? localRoleSecret(config.database.localRoleSecretFile) : null);
  const roleUrls = roleSecret ? await setupServiceRoles(databaseUrl, roleSecret) : {};
  const envFor = (service: string) => ({ ...env, DATABASE_URL: roleUrls[service] ?? databaseUrl });
  const health = (url: string) => url.replace(/\/graphql$/, '/health');
  const [lead, ...others] = DEPARTMENTS;
  if (!lead) throw new Error('no departments');
  launch(lead.slug, `subgraphs/${lead.slug}/index.js`, envFor(lead.slug));
  await waitForHealth(health(config.subgraphUrls[lead.code]), 120_000);
  for (const d of others) launch(d.slug, `subgraphs/${d.slug}/index.js`, envFor(d.slug));
  await Promise.all(others.map((d) => waitForHealth(health(config.subgraphUrls[d.code]), 120_000)));
  launch('gateway', 'gateway/index.js', envFor('gateway'));
  const gatewayHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  await waitForHealth(`http://${gatewayHost}:${config.gatewayPort}/health`, 60_000);
  const base = `http://${gatewayHost === '127.0.0.1' ? 'localhost' : gatewayHost}:${config.gatewayPort}`;
  process.stdout.write(`\nThe hub is running: ${base}/graphql\nDashboard: ${base}/   (explorer: ${base}/graphql in a browser)\n(Ctrl-C stops it)\n\n`);
}

main().catch((error: unknown) => {
  logger.error('start failed', { error });
  // Also plainly, for the operator at the terminal: the reason and what to do.
  process.stderr.write(`\nThe hub could not start: ${(error as Error).message}\n\n`);
  void shutdown(1);
});
