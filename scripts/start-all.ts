/**
 * `npm start`: runs the whole hub on one machine. Without DATABASE_URL it starts the embedded
 * PostgreSQL (data in .data/postgres, kept across restarts). Then it starts the LĐTBXH subgraph
 * (which migrates and loads reference data), the five other subgraphs and the gateway, each as its
 * own process, waiting on each one's /health. Ctrl-C stops them all, then the database.
 *
 * It supervises what it started. A service that dies is restarted, after a pause that doubles
 * with each failure in a row (logged, and counted in the service's /health as `restarts`); for a
 * subgraph a standby process, started beforehand and waiting fully built, takes over at once. The
 * others keep serving (the gateway answers without that department meanwhile, and with it
 * again once it is back, by itself). A service that keeps dying right after it starts stops the
 * hub with a message saying so. The embedded PostgreSQL is watched too: when it dies it is
 * started again; when it cannot be, the hub stops with a message saying why, rather than serving
 * errors forever.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { loadConfig } from '../shared/config';
import { DEPARTMENTS } from '../shared/departments';
import { startEmbeddedPostgres, type SupervisedDatabase } from './lib/embedded-postgres';
import { createLogger } from '../shared/logger';
import { projectPath } from '../shared/paths';
import { waitForHealth } from './lib/health';
import { localSecrets } from './lib/secrets';
import type { StandbyMessage } from '../shared/standby';
import { localRoleSecret, setupServiceRoles } from './lib/database-roles';
import { ensureDashboardBuilt } from './build-dashboard';

const config = loadConfig();
const logger = createLogger(config.logLevel, { service: 'start-all' });
let embedded: SupervisedDatabase | undefined;
let stopping = false;
/** True while the embedded database is being started again: services that die meanwhile wait for it. */
let databaseDown = false;

/** First pause before a restart; it doubles with each failure in a row, up to {@link MAX_BACKOFF_MS}. */
const FIRST_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 10_000;
/** A service that ran this long counts as having started well: its next failure starts the count again. */
const STABLE_MS = 30_000;
/** Failures in a row (each within STABLE_MS of its start) after which the hub stops. */
const MAX_FAILURES_IN_A_ROW = 8;
/** Pauses between attempts to start the embedded database again (about 30 s in all). */
const DATABASE_RETRY_MS = [250, 500, 1000, 2000, 4000, 4000, 6000, 6000, 6000];

interface Supervised {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  child?: ChildProcess;
  restarts: number;
  failuresInARow: number;
  startedAt: number;
  /** Whether this service keeps a standby (the subgraphs, unless HUB_STANDBY=false). */
  standby: boolean;
  /** The started spare, built and waiting (see shared/standby.ts), and whether it said it is ready. */
  spare?: ChildProcess;
  spareReady: boolean;
  spareFailures: number;
}

const services: Supervised[] = [];

/** Watches the process serving `service`: when it ends unasked, the standby takes over or it is restarted. */
function watchServing(service: Supervised, child: ChildProcess): void {
  service.child = child;
  child.on('exit', (code, signal) => {
    if (stopping || service.child !== child) return;
    void restart(service, code, signal);
  });
}

function launch(service: Supervised): void {
  service.startedAt = Date.now();
  const child = spawn(process.execPath, [projectPath('dist', service.script)], {
    env: { ...service.env, HUB_RESTARTS: String(service.restarts) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  watchServing(service, child);
}

/** Starts a spare of `service`: fully built, not listening, told over IPC when to take over. */
function spawnSpare(service: Supervised): void {
  if (!service.standby || stopping || service.spare) return;
  const spare = spawn(process.execPath, [projectPath('dist', service.script)], {
    env: { ...service.env, HUB_STANDBY_SPARE: '1', HUB_RESTARTS: String(service.restarts) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  service.spare = spare;
  service.spareReady = false;
  spare.on('message', (message: StandbyMessage) => {
    if (message?.type !== 'standby-ready' || service.spare !== spare) return;
    service.spareReady = true;
    service.spareFailures = 0;
    logger.info('standby ready', { name: service.name, pid: spare.pid });
  });
  spare.on('exit', (code, signal) => {
    if (stopping || service.spare !== spare) return;
    service.spare = undefined;
    service.spareReady = false;
    service.spareFailures += 1;
    const pauseMs = Math.min(30_000, 1000 * 2 ** (service.spareFailures - 1));
    logger.warn('a standby process stopped; starting another', { name: service.name, code, signal, inMs: pauseMs });
    setTimeout(() => spawnSpare(service), pauseMs);
  });
}

function supervise(name: string, script: string, env: NodeJS.ProcessEnv, standby = false): Supervised {
  const service: Supervised = {
    name,
    script,
    env,
    restarts: 0,
    failuresInARow: 0,
    startedAt: 0,
    standby,
    spareReady: false,
    spareFailures: 0,
  };
  services.push(service);
  launch(service);
  return service;
}

async function restart(service: Supervised, code: number | null, signal: NodeJS.Signals | null): Promise<void> {
  const ranMs = Date.now() - service.startedAt;
  service.failuresInARow = ranMs >= STABLE_MS ? 1 : service.failuresInARow + 1;
  if (service.failuresInARow > MAX_FAILURES_IN_A_ROW) {
    const reason = `${service.name} stopped ${service.failuresInARow} times in a row within ${STABLE_MS / 1000} s of starting (last: exit code ${code}, signal ${signal}); see its log above`;
    logger.error('a service keeps failing; stopping the hub', {
      name: service.name,
      code,
      signal,
      failuresInARow: service.failuresInARow,
    });
    process.stderr.write(`\nThe hub is stopping: ${reason}.\n\n`);
    await shutdown(1);
    return;
  }
  const backoffMs = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (service.failuresInARow - 1));
  const spare = service.spare;
  if (spare && service.spareReady && spare.connected) {
    // The standby takes over the port at once; a new standby is started after the pause.
    service.spare = undefined;
    service.spareReady = false;
    service.restarts += 1;
    service.startedAt = Date.now();
    logger.error('a service stopped unexpectedly; its standby takes over', {
      name: service.name,
      code,
      signal,
      restarts: service.restarts,
      pid: spare.pid,
    });
    watchServing(service, spare);
    spare.send({ type: 'serve', restarts: service.restarts } satisfies StandbyMessage);
    setTimeout(() => spawnSpare(service), backoffMs);
    return;
  }
  logger.error('a service stopped unexpectedly; restarting it', {
    name: service.name,
    code,
    signal,
    restarts: service.restarts + 1,
    inMs: backoffMs,
  });
  await delay(backoffMs);
  // While the database is being started again, a service would only fail to open it.
  while (databaseDown && !stopping) await delay(100);
  if (stopping) return;
  service.restarts += 1;
  launch(service);
}

/**
 * Watches the embedded PostgreSQL: when its server process ends (a crash, `kill -9`, the OOM
 * killer) it is started again on the same data; the services reconnect by themselves. If it
 * cannot be started again the hub stops with the reason.
 */
function watchDatabase(database: SupervisedDatabase): void {
  database.onExit(async (code, signal) => {
    if (stopping) return;
    databaseDown = true;
    logger.error('the embedded PostgreSQL stopped unexpectedly; starting it again', { code, signal });
    let last = 'unknown';
    for (const [attempt, pauseMs] of DATABASE_RETRY_MS.entries()) {
      await delay(pauseMs);
      if (stopping) return;
      try {
        await database.restart();
        databaseDown = false;
        logger.warn('the embedded PostgreSQL is running again', { attempt: attempt + 1 });
        watchDatabase(database);
        return;
      } catch (error) {
        last = (error as Error).message || 'it exited at once';
        logger.warn('the embedded PostgreSQL did not start again', { attempt: attempt + 1, error: last });
      }
    }
    const reason =
      `the embedded PostgreSQL (data in ${config.database.embeddedDataDir}, port ${config.database.embeddedPort}) stopped ` +
      `(exit code ${code}, signal ${signal}) and could not be started again in ${DATABASE_RETRY_MS.length} attempts (last: ${last}); ` +
      'the services cannot work without it. Check that the port is free and the folder intact (its log: LOG_LEVEL=debug), then run npm start again';
    logger.error('stopping the hub: the database cannot be restarted', { reason });
    process.stderr.write(`\nThe hub is stopping: ${reason}.\n\n`);
    await shutdown(1);
  });
}

async function shutdown(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  // The gateway first, then the subgraphs, then the database they use.
  const gateway = services.filter((s) => s.name === 'gateway').map((s) => s.child);
  const subgraphs = services.filter((s) => s.name !== 'gateway').flatMap((s) => [s.child, s.spare]);
  for (const group of [gateway, subgraphs]) {
    await Promise.all(
      group.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
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
    watchDatabase(embedded);
  }
  // With no secrets configured, the local ones (created once beside the data) keep auth on.
  const secrets =
    config.auth.jwtSecret && config.auth.internalSecret ? {} : localSecrets(config.database.localSecretsFile);
  const env = { ...process.env, ...secrets, DATABASE_URL: databaseUrl, APOLLO_TELEMETRY_DISABLED: '1' };
  // One database role per service (least privilege): always for the embedded default, for a
  // configured server when HUB_DB_ROLE_SECRET is set. Each service gets only its own URL.
  const roleSecret =
    config.database.roleSecret ?? (embedded ? localRoleSecret(config.database.localRoleSecretFile) : null);
  const roleUrls = roleSecret ? await setupServiceRoles(databaseUrl, roleSecret) : {};
  const envFor = (service: string) => ({ ...env, DATABASE_URL: roleUrls[service] ?? databaseUrl });
  const health = (url: string) => url.replace(/\/graphql$/, '/health');
  const [lead, ...others] = DEPARTMENTS;
  if (!lead) throw new Error('no departments');
  supervise(lead.slug, `subgraphs/${lead.slug}/index.js`, envFor(lead.slug), config.standby);
  await waitForHealth(health(config.subgraphUrls[lead.code]), 120_000);
  for (const d of others) supervise(d.slug, `subgraphs/${d.slug}/index.js`, envFor(d.slug), config.standby);
  await Promise.all(others.map((d) => waitForHealth(health(config.subgraphUrls[d.code]), 120_000)));
  supervise('gateway', 'gateway/index.js', envFor('gateway'));
  const gatewayHost = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  await waitForHealth(`http://${gatewayHost}:${config.gatewayPort}/health`, 60_000);
  const base = `http://${gatewayHost === '127.0.0.1' ? 'localhost' : gatewayHost}:${config.gatewayPort}`;
  // The standbys start once the hub serves, so that they do not slow its start.
  for (const service of services) spawnSpare(service);
  process.stdout.write(
    `\nThe hub is running: ${base}/graphql\nDashboard: ${base}/   (explorer: ${base}/graphql in a browser)\n(Ctrl-C stops it)\n\n`,
  );
}

main().catch((error: unknown) => {
  logger.error('start failed', { error });
  // Also plainly, for the operator at the terminal: the reason and what to do.
  process.stderr.write(`\nThe hub could not start: ${(error as Error).message}\n\n`);
  void shutdown(1);
});
