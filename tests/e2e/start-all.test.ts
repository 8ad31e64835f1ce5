/**
 * `npm start` as a new user runs it: with no database configured it starts the embedded PostgreSQL,
 * the six subgraphs and the gateway as separate processes; the graph answers; Ctrl-C (SIGINT)
 * stops everything cleanly; a restart keeps the data. Runs the compiled dist/ tree, as `npm start`
 * does (`npm test` builds it first).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { waitForHealth } from '../../scripts/lib/health';
import { DEPARTMENTS } from '../../shared/departments';
import { distFile } from '../helpers/dist';
import { postGraphQL } from '../helpers/hub';

const run = promisify(execFile);

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

async function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

let dataDir: string;
let env: NodeJS.ProcessEnv;
let ports: number[];
let gatewayUrl: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-e2e-'));
  // Run as root, the embedded server drops to its own user, which must be able to enter the folder.
  fs.chmodSync(dataDir, 0o755);
  ports = [];
  for (let i = 0; i < 2 + DEPARTMENTS.length; i += 1) ports.push(await freePort());
  const [gatewayPort, pgPort, ...subgraphPorts] = ports;
  env = {
    ...process.env,
    HUB_DATA_DIR: path.join(dataDir, 'postgres'),
    HUB_SECRETS_FILE: path.join(dataDir, 'secrets.json'),
    HUB_EMBEDDED_PG_PORT: String(pgPort),
    GATEWAY_PORT: String(gatewayPort),
    LOG_LEVEL: 'warn',
  };
  for (const name of ['DATABASE_URL', 'HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET', 'HUB_JWT_ISSUER', 'HUB_JWT_AUDIENCE'])
    delete env[name];
  DEPARTMENTS.forEach((department, i) => {
    env[department.env.port] = String(subgraphPorts[i]);
    delete env[department.env.url];
  });
  gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
});

const started: ChildProcess[] = [];

afterAll(async () => {
  // A failed assertion must not leave a hub running: stop what is still up, then remove its data.
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) await stopWithCtrlC(child);
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function start(): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [distFile('scripts', 'start-all.js')], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/**
 * Waits until start-all prints that the hub is running (it does so once the gateway is healthy),
 * failing at once, with the output, if start-all exits first.
 */
async function ready(run: { child: ChildProcess; output: () => string }): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the hub was not running within 300 s:\n${run.output()}`)),
      300_000,
    );
    const onData = () => {
      if (!run.output().includes('The hub is running')) return;
      clearTimeout(timer);
      resolve();
    };
    run.child.stdout?.on('data', onData);
    run.child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start-all exited with ${code} before the hub was ready:\n${run.output()}`));
    });
  });
  await waitForHealth(gatewayUrl.replace('/graphql', '/health'), 10_000);
}

async function stopWithCtrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

it('starts with the embedded database, serves the graph, stops on Ctrl-C, and keeps the data across a restart', async () => {
  const first = start();
  await ready(first);
  expect(first.output()).toContain(`The hub is running: http://localhost:${ports[0]}/graphql`);
  const communes = await postGraphQL<{ communes: { code: string; name: string; district: { name: string } }[] }>(
    gatewayUrl,
    `{ communes { code name district { name } } }`,
  );
  expect(communes.body.data?.communes).toHaveLength(65);
  expect(communes.body.data?.communes[0]).toEqual({
    code: '22738',
    name: 'Đô Vinh',
    district: { name: 'Phan Rang-Tháp Chàm' },
  });
  // Authentication is on in the embedded default: the public may not publish; a key minted by the
  // token command (against the running hub's database) may, for its own department.
  const PUBLISH = `mutation($input: PublishValuesInput!) { publishGddtValues(input: $input) { created } }`;
  const input = {
    criteriaSetId: 'QD06-2019',
    year: 2020,
    rows: [{ commune: '22738', indicator: '10.1', numerator: 380, denominator: 400 }],
  };
  const anonymous = await postGraphQL(gatewayUrl, PUBLISH, { input });
  expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  const minted = await run(
    process.execPath,
    [
      distFile('scripts', 'token.js'),
      '--api-key',
      '--label',
      'gddt-e2e',
      '--role',
      'DEPARTMENT_PUBLISHER',
      '--department',
      'GDDT',
    ],
    { env },
  );
  const key = /(cfc_[0-9a-f]{12}_[A-Za-z0-9_-]{43})/.exec(minted.stdout)?.[1] ?? '';
  const published = await postGraphQL<{ publishGddtValues: { created: number } }>(
    gatewayUrl,
    PUBLISH,
    { input },
    { 'x-api-key': key },
  );
  expect(published.body).toEqual({ data: { publishGddtValues: { created: 1 } } });
  const token = (
    await run(process.execPath, [distFile('scripts', 'token.js'), '--role', 'PROVINCE_ADMIN'], { env })
  ).stdout.trim();
  const asAdmin = await postGraphQL(
    gatewayUrl,
    `{ ldtbxhAuditTrail(first: 1) { events { actor } } }`,
    {},
    { authorization: `Bearer ${token}` },
  );
  expect(asAdmin.body.errors).toBeUndefined();

  expect(await stopWithCtrlC(first.child)).toBe(0);
  for (const port of ports) expect([port, await portIsClosed(port)]).toEqual([port, true]);

  const second = start();
  try {
    await ready(second);
    const read = await postGraphQL(
      gatewayUrl,
      `{ commune(code: "22738") { year(year: 2020) { gddt { indicator numerator denominator publishedBy } } } }`,
    );
    expect(read.body).toEqual({
      data: {
        commune: {
          year: {
            gddt: [
              {
                indicator: '10.1',
                numerator: 380,
                denominator: 400,
                publishedBy: expect.stringMatching(/^gddt-e2e \(apikey:[0-9a-f]{12}\)$/),
              },
            ],
          },
        },
      },
    });
  } finally {
    expect(await stopWithCtrlC(second.child)).toBe(0);
  }
}, 720_000);

it('refuses a data folder the database cannot use, saying which folder, which user and what to do', async () => {
  const closed = path.join(dataDir, 'closed');
  fs.mkdirSync(closed, { mode: 0o700 });
  fs.chmodSync(closed, 0o700);
  const child = spawn(process.execPath, [distFile('scripts', 'start-all.js')], {
    env: { ...env, HUB_DATA_DIR: path.join(closed, 'postgres') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  expect(code).toBe(1);
  const user = process.getuid?.() === 0 ? 'postgres' : os.userInfo().username;
  expect(stderr).toContain(
    `The hub could not start: HUB_DATA_DIR ${closed}/postgres cannot be used: the embedded PostgreSQL runs as the operating-system user "${user}"`,
  );
  if (process.getuid?.() === 0)
    expect(stderr).toContain(
      `that user cannot enter ${closed} (mode 700, owner root). To fix it: let it enter the folder (e.g. chmod o+x ${closed})`,
    );
  expect(fs.existsSync(path.join(closed, 'postgres'))).toBe(false);
}, 60_000);
