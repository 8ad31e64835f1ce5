/**
 * `npm start` keeps the hub running when one part fails, as an operator would see it: the compiled
 * launcher on free ports with its own embedded database; a subgraph `kill -9`ed under load is
 * restarted while the gateway keeps answering, and assessments are COMPLETE again without
 * restarting the gateway; the database `kill -9`ed is started again (each /health naming it as the
 * dependency down meanwhile); and when it cannot be started again the hub stops with a message
 * saying why. Only the processes this test starts are stopped or killed, by their pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mintUserToken, type Identity } from '../../shared/identity';
import { waitForHealth } from '../../scripts/lib/health';
import { DEPARTMENT_CODES, DEPARTMENTS } from '../../shared/departments';
import { communeRows, MUTATION_OF } from '../fixtures/qd06';
import { distFile } from '../helpers/dist';
import { postGraphQL } from '../helpers/hub';

const COMMUNE = '22783';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let dataDir: string;
let ports: { gateway: number; pg: number; subgraphs: Record<string, number> };
let hub: ChildProcess;
let output = '';
let gatewayUrl: string;

const healthOf = async (port: number): Promise<{ status: number; body: Record<string, unknown> }> => {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    const body = (await response.json()) as Record<string, unknown>;
    if (typeof body.pid === 'number') seenPids.add(body.pid);
    return { status: response.status, body };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message } };
  }
};

async function until<T>(what: string, limitMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const limit = Date.now() + limitMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > limit)
      throw new Error(`not within ${limitMs} ms: ${what}\n--- hub output ---\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-supervision-'));
  fs.chmodSync(dataDir, 0o755);
  ports = { gateway: await freePort(), pg: await freePort(), subgraphs: {} };
  for (const code of DEPARTMENT_CODES) ports.subgraphs[code] = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUB_DATA_DIR: path.join(dataDir, 'postgres'),
    HUB_SECRETS_FILE: path.join(dataDir, 'secrets.json'),
    HUB_EMBEDDED_PG_PORT: String(ports.pg),
    GATEWAY_PORT: String(ports.gateway),
    // info: the launcher says when each standby is ready.
    LOG_LEVEL: 'info',
  };
  for (const name of ['DATABASE_URL', 'HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET', 'HUB_JWT_ISSUER', 'HUB_JWT_AUDIENCE'])
    delete env[name];
  for (const department of DEPARTMENTS) {
    env[department.env.port] = String(ports.subgraphs[department.code]);
    delete env[department.env.url];
  }
  gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  hub = spawn(process.execPath, [distFile('scripts', 'start-all.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  hub.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  hub.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await until(
    'the hub is running',
    300_000,
    async () => output.includes('The hub is running') || (hub.exitCode !== null && Promise.reject(new Error(output))),
  );
  await waitForHealth(`http://127.0.0.1:${ports.gateway}/health`, 10_000);
  for (const port of [ports.gateway, ...Object.values(ports.subgraphs)]) await healthOf(port);

  // A commune with every department's values: its assessment is COMPLETE.
  const { HUB_JWT_SECRET: secret } = JSON.parse(fs.readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as {
    HUB_JWT_SECRET: string;
  };
  const settings = { secret, issuer: 'cfc-hub', audience: 'cfc-hub', clockSkewSeconds: 30 };
  for (const [department, rows] of Object.entries(communeRows(COMMUNE))) {
    const who: Omit<Identity, 'via'> =
      department === 'LDTBXH'
        ? {
            subject: 'admin',
            name: 'admin',
            role: 'PROVINCE_ADMIN',
            department: 'LDTBXH',
            district: null,
            commune: null,
            province: null,
          }
        : {
            subject: department,
            name: department,
            role: 'DEPARTMENT_PUBLISHER',
            department: department as Identity['department'],
            district: null,
            commune: null,
            province: null,
          };
    const token = await mintUserToken(who, settings, '1h');
    const mutation = MUTATION_OF[department] ?? '';
    const published = await postGraphQL(
      gatewayUrl,
      `mutation($i: PublishValuesInput!) { ${mutation}(input: $i) { applied } }`,
      { i: { criteriaSetId: 'QD06-2019', year: 2020, rows } },
      { authorization: `Bearer ${token}` },
    );
    expect(published.body).toEqual({ data: { [mutation]: { applied: true } } });
  }
  expect(await status()).toBe('COMPLETE');
}, 420_000);

/** Every pid of the hub's services seen in a /health, to stop them should the launcher itself hang. */
const seenPids = new Set<number>();

afterAll(async () => {
  if (process.env.HUB_TEST_KEEP_OUTPUT) fs.writeFileSync(process.env.HUB_TEST_KEEP_OUTPUT, output);
  if (hub && hub.exitCode === null && hub.signalCode === null) {
    const exited = new Promise((resolve) => hub.once('exit', resolve));
    hub.kill('SIGINT');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise((resolve) => setTimeout(() => resolve(false), 30_000)),
    ]);
    if (!stopped && hub.pid) {
      for (const pid of [hub.pid, ...seenPids]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

/** The commune's assessment status through the gateway, or the error codes it answered. */
async function status(): Promise<string> {
  const response = await postGraphQL<{ commune: { year: { assessment: { status: string } | null } } }>(
    gatewayUrl,
    `query($code: String!) { commune(code: $code) { year(year: 2020) { assessment { status total } } } }`,
    { code: COMMUNE },
  );
  if (response.status !== 200) return `HTTP ${response.status}`;
  return (
    response.body.data?.commune?.year.assessment?.status ??
    (response.body.errors ?? []).map((e) => e.extensions?.code).join(',')
  );
}

it('a subgraph killed under load: the hub stays up, the service answers again within 5 s, assessments are COMPLETE again without restarting the gateway', async () => {
  const before = await healthOf(ports.subgraphs.YTE!);
  const gatewayBefore = await healthOf(ports.gateway);
  expect(before).toMatchObject({
    status: 200,
    body: { status: 'ok', service: 'yte', restarts: 0, pid: expect.any(Number) },
  });
  // npm start keeps a standby of each subgraph, started once the hub serves.
  await until('the standby of yte is ready', 60_000, async () =>
    /"message":"standby ready","service":"start-all","name":"yte"/.test(output),
  );

  // Load: clients asking for the assessment all the time, through the gateway.
  let loading = true;
  const answers: string[] = [];
  const load = Promise.all(
    Array.from({ length: 2 }, async () => {
      while (loading) {
        answers.push(await status().catch((error: Error) => `FAILED ${error.message}`));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }),
  );
  try {
    await until('load is running', 10_000, async () => answers.length >= 8);
    const killedAt = Date.now();
    process.kill(before.body.pid as number, 'SIGKILL');
    const back = await until('yte answers again', 30_000, async () => {
      const now = await healthOf(ports.subgraphs.YTE!);
      return now.status === 200 && now.body.pid !== before.body.pid && now;
    });
    const downForMs = Date.now() - killedAt;
    expect(back.body).toMatchObject({ status: 'ok', service: 'yte', restarts: 1 });
    expect(downForMs).toBeLessThan(5000);
    await until('the assessment is COMPLETE again', 10_000, async () => (await status()) === 'COMPLETE');

    // Killed again at once, before a new standby is ready: a cold restart, after its pause.
    process.kill(back.body.pid as number, 'SIGKILL');
    const cold = await until('yte answers again after a cold restart', 60_000, async () => {
      const now = await healthOf(ports.subgraphs.YTE!);
      return now.status === 200 && now.body.pid !== back.body.pid && now;
    });
    expect(cold.body).toMatchObject({ status: 'ok', service: 'yte', restarts: 2 });
    await until('the assessment is COMPLETE again', 10_000, async () => (await status()) === 'COMPLETE');
  } finally {
    loading = false;
    await load;
  }

  // The hub and the gateway kept running; every answer meanwhile was an answer (no dropped connection).
  expect(hub.exitCode).toBeNull();
  expect((await healthOf(ports.gateway)).body.pid).toBe(gatewayBefore.body.pid);
  expect(
    answers.filter((a) => a !== 'COMPLETE' && a !== 'INCOMPLETE' && !/^(SUBGRAPH_UNAVAILABLE,?)+$/.test(a)),
  ).toEqual([]);
  expect(output).toMatch(
    /"message":"a service stopped unexpectedly; its standby takes over","service":"start-all","name":"yte","code":null,"signal":"SIGKILL","restarts":1/,
  );
  expect(output).toMatch(
    /"message":"a service stopped unexpectedly; restarting it","service":"start-all","name":"yte","code":null,"signal":"SIGKILL","restarts":2/,
  );
}, 150_000);

/** Holds the database's port so that it cannot start again until released. */
async function holdPort(port: number): Promise<net.Server> {
  return until(
    'the port is free to hold',
    5000,
    () =>
      new Promise<net.Server | false>((resolve) => {
        // Every connection is closed at once (the services keep trying to reconnect), so that closing
        // the server later does not wait for them.
        const server = net.createServer((socket) => socket.destroy());
        server.once('error', () => resolve(false));
        server.listen(port, '127.0.0.1', () => resolve(server));
      }),
  );
}

const postmasterPid = () =>
  Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);

it('the database killed: each /health names it as the dependency down, then it is started again and the hub serves the same data', async () => {
  const pid = postmasterPid();
  process.kill(pid, 'SIGKILL');
  // Kept from starting for a while, so that the outage can be seen.
  const held = await holdPort(ports.pg);
  try {
    const down = await until('ldtbxh reports its database down', 15_000, async () => {
      const health = await healthOf(ports.subgraphs.LDTBXH!);
      return health.status === 503 && health;
    });
    expect(down.body).toMatchObject({
      status: 'unavailable',
      service: 'ldtbxh',
      down: ['database'],
      reason: expect.stringContaining('database'),
    });
    const gateway = await until('the gateway reports its subgraphs down', 15_000, async () => {
      const health = await healthOf(ports.gateway);
      return (
        health.status === 503 &&
        Array.isArray(health.body.down) &&
        (health.body.down as string[]).includes('ldtbxh') &&
        health
      );
    });
    expect(gateway.body).toMatchObject({ status: 'unavailable', down: expect.arrayContaining(['database', 'ldtbxh']) });
  } finally {
    await new Promise((resolve) => held.close(resolve));
  }
  await until('the database was started again', 30_000, async () =>
    output.includes('the embedded PostgreSQL is running again'),
  );
  expect(postmasterPid()).not.toBe(pid);
  await until('every service healthy again', 20_000, async () => (await healthOf(ports.gateway)).status === 200);
  expect(await status()).toBe('COMPLETE');
  expect(hub.exitCode).toBeNull();
}, 90_000);

it('the database killed and unable to start again: the hub stops with a message saying why', async () => {
  process.kill(postmasterPid(), 'SIGKILL');
  const held = await holdPort(ports.pg);
  try {
    const code = await new Promise<number | null>((resolve) => hub.once('exit', (c) => resolve(c)));
    expect(code).toBe(1);
  } finally {
    await new Promise((resolve) => held.close(resolve));
  }
  expect(output).toMatch(
    new RegExp(
      `The hub is stopping: the embedded PostgreSQL \\(data in ${dataDir}/postgres, port ${ports.pg}\\) stopped \\(exit code null, signal SIGKILL\\) and could not be started again in \\d+ attempts \\(last: .+\\); the services cannot work without it\\.`,
    ),
  );
  // Nothing of the hub is left listening.
  for (const port of [ports.gateway, ...Object.values(ports.subgraphs)])
    expect([port, (await healthOf(port)).status]).toEqual([port, 0]);
}, 90_000);
