/**
 * Runs the suite's own "users" and "inventory" subgraphs, exactly as the package ships them
 * (bundled Apollo Server 4 apps), each in a child process on a free port.
 *
 * They read their port from USERS_PORT / INVENTORY_PORT and treat 0 as "unset" (falling back to
 * 4002 / 4003), so the harness picks a free loopback port itself and passes it; they listen on
 * every interface, not only loopback, because that is how they are written. They announce
 * readiness with an IPC `ready` message once listening, which is what the harness waits on, and
 * run under `reference-subgraph-child.cjs`, which ends them when the harness goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { referenceSubgraphDir } from './suite';

export type ReferenceSubgraphName = 'users' | 'inventory';

export interface ReferenceSubgraph {
  name: ReferenceSubgraphName;
  /** GraphQL endpoint (the apps serve GraphQL at `/`). */
  url: string;
  /** The subgraph's SDL as shipped beside it, for composition. */
  sdl: string;
  stop(): Promise<void>;
}

const PORT_VARIABLE: Record<ReferenceSubgraphName, string> = { users: 'USERS_PORT', inventory: 'INVENTORY_PORT' };
const ATTEMPTS = 3;
const OUTPUT_LIMIT = 16 * 1024;

/** The child died before announcing readiness (worth a retry on another port). */
class ExitedBeforeReady extends Error {}

/** A port that was free on 127.0.0.1 a moment ago (the child may still lose a race for it). */
export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once the child reports `ready`; rejects when it exits first or the deadline passes. */
function waitForReady(child: ChildProcess, name: string, deadlineMs: number, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${name} subgraph not ready after ${deadlineMs} ms\n${output()}`));
    }, deadlineMs);
    const onMessage = (message: unknown) => {
      if (message !== 'ready') return;
      cleanup();
      resolve();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      reject(
        new ExitedBeforeReady(
          `${name} subgraph exited before it was ready (code ${code}, signal ${signal})\n${output()}`,
        ),
      );
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Sends SIGTERM, then SIGKILL if the child has not exited within `graceMs`. */
function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function startOnce(name: ReferenceSubgraphName, readyDeadlineMs: number): Promise<ReferenceSubgraph> {
  const dir = referenceSubgraphDir(name);
  const port = await freeLoopbackPort();
  let output = '';
  const child = fork(path.join(__dirname, 'reference-subgraph-child.cjs'), [path.join(dir, 'index.js')], {
    cwd: dir,
    env: { ...process.env, [PORT_VARIABLE[name]]: String(port) },
    execArgv: [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  try {
    await waitForReady(child, name, readyDeadlineMs, () => output);
  } catch (error) {
    await terminate(child, 2000);
    throw error;
  }
  return {
    name,
    url: `http://127.0.0.1:${port}/`,
    sdl: readFileSync(path.join(dir, `${name}.graphql`), 'utf8'),
    stop: () => terminate(child, 5000),
  };
}

/**
 * Starts one of the suite's subgraphs and waits until it listens. Retries on a fresh port when
 * the child dies early (e.g. it lost the port to another process between probe and bind), at most
 * three times; a child that hangs past the deadline is not retried.
 * @throws with the child's output when no attempt becomes ready.
 */
export async function startReferenceSubgraph(
  name: ReferenceSubgraphName,
  readyDeadlineMs = 30_000,
): Promise<ReferenceSubgraph> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
    try {
      return await startOnce(name, readyDeadlineMs);
    } catch (error) {
      if (!(error instanceof ExitedBeforeReady)) throw error;
      lastError = error;
    }
  }
  throw lastError;
}
