/**
 * The hub as the benchmark runs it: every service its own process (as `npm start` runs them), on
 * free loopback ports, against a fresh database, with secrets of its own; and the Hive Gateway on
 * the same committed supergraph and the same subgraphs, for side-by-side figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import { Client } from 'pg';
import { DEPARTMENTS } from '../../shared/departments';
import { waitForHealth } from '../lib/health';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../lib/embedded-postgres';
import { mintUserToken, type Identity } from '../../shared/identity';
import type { Logger } from '../../shared/logger';
import { projectPath } from '../../shared/paths';

/** How long a started process may take to report healthy: minutes on a loaded 2-core machine, seconds otherwise. */
const START_WAIT_MS = 300_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchHub {
  gatewayUrl: string;
  hiveUrl: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  /** A token of `who`, signed with the hub's secret. */
  token(who: Omit<Identity, 'via'>): Promise<string>;
  /** Resident memory of each service, in MiB. */
  memory(): Record<string, number>;
  stop(): Promise<void>;
}

function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 102.4) / 10 : 0;
  } catch {
    return 0;
  }
}

/** A fresh database: on DATABASE_URL's server when set (dropped at the end), else an embedded PostgreSQL. */
async function benchDatabase(logger: Logger): Promise<{ url: string; drop: () => Promise<void> }> {
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `hub_bench_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: server });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(server);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const again = new Client({ connectionString: server });
        await again.connect();
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await again.end();
      },
    };
  }
  const dir = projectPath('.data', `bench-postgres-${randomBytes(3).toString('hex')}`);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres(dir, await freePort(), logger);
  return {
    url: embedded.url,
    drop: async () => {
      await embedded.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts the hub (and the Hive Gateway beside it). Stop it in a finally. */
export async function startBenchHub(logger: Logger): Promise<BenchHub> {
  const database = await benchDatabase(logger);
  const ports = { gateway: await freePort(), hive: await freePort(), subgraphs: [] as number[] };
  for (let i = 0; i < DEPARTMENTS.length; i += 1) ports.subgraphs.push(await freePort());
  const jwtSecret = randomBytes(32).toString('base64url');
  const internalSecret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    HUB_JWT_SECRET: jwtSecret,
    HUB_INTERNAL_SECRET: internalSecret,
    HUB_HOST: '127.0.0.1',
    GATEWAY_PORT: String(ports.gateway),
    LOG_LEVEL: 'warn',
    APOLLO_TELEMETRY_DISABLED: '1',
  };
  DEPARTMENTS.forEach((d, i) => {
    env[`${d.code}_PORT`] = String(ports.subgraphs[i]);
  });
  const children = new Map<string, ChildProcess>();
  const launch = (name: string, script: string, extra: NodeJS.ProcessEnv = {}) => {
    // BENCH_NODE_ARGS: extra arguments for every service's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile under load.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, projectPath('dist', script)], {
      env: { ...env, ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.set(name, child);
  };
  const stop = async () => {
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await database.drop();
  };
  try {
    const health = (port: number) => `http://127.0.0.1:${port}/health`;
    const [lead, ...others] = DEPARTMENTS;
    if (!lead) throw new Error('no departments');
    launch(lead.slug, `subgraphs/${lead.slug}/index.js`);
    await waitForHealth(health(ports.subgraphs[0] ?? 0), START_WAIT_MS);
    others.forEach((d) => launch(d.slug, `subgraphs/${d.slug}/index.js`));
    await Promise.all(others.map((_, i) => waitForHealth(health(ports.subgraphs[i + 1] ?? 0), START_WAIT_MS)));
    launch('gateway', 'gateway/index.js');
    await waitForHealth(health(ports.gateway), START_WAIT_MS);
    const subgraphUrls = Object.fromEntries(
      DEPARTMENTS.map((d, i) => [d.slug, `http://127.0.0.1:${ports.subgraphs[i]}/graphql`]),
    );
    launch('hive-gateway', 'scripts/bench/hive-gateway.js', {
      BENCH_HIVE_PORT: String(ports.hive),
      BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
    });
    await waitForHealth(`http://127.0.0.1:${ports.hive}/healthcheck`, START_WAIT_MS);
  } catch (error) {
    await stop();
    throw error;
  }
  const tokens = { secret: jwtSecret, issuer: 'cfc-hub', audience: 'cfc-hub', clockSkewSeconds: 30 };
  return {
    gatewayUrl: `http://127.0.0.1:${ports.gateway}/graphql`,
    hiveUrl: `http://127.0.0.1:${ports.hive}/graphql`,
    databaseUrl: database.url,
    env,
    token: (who) => mintUserToken(who, tokens, '2h'),
    memory: () => Object.fromEntries([...children].map(([name, child]) => [name, rssMiB(child.pid)])),
    stop,
  };
}
