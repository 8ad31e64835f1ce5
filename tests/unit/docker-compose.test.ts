/**
 * docker-compose.yml, Dockerfile and .dockerignore, checked offline (no Docker engine): the
 * Compose file is parsed with YAML merge keys resolved, its `${VAR:-default}` values are
 * interpolated with their defaults (as Compose does with an empty environment), and each hub
 * service's environment is handed to the real `loadConfig`, so the assertions are about what the
 * processes would actually get. dclint must pass on the file with no error and no warning.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'yaml';

import { loadConfig } from '../../shared/config';
import { serviceRoleName } from '../../scripts/lib/database-roles';
import { DEPARTMENTS } from '../../shared/departments';

const root = path.resolve(__dirname, '../..');
const composePath = path.join(root, 'docker-compose.yml');

interface Healthcheck {
  test?: string[] | string;
  interval?: string;
  timeout?: string;
  retries?: number;
  start_period?: string;
}

interface Service {
  image?: string;
  build?: { context?: string; dockerfile?: string } | string;
  command?: string[] | string;
  environment?: Record<string, string | number | boolean | null> | string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: unknown[];
  expose?: unknown[];
  networks?: string[] | Record<string, unknown>;
  network_mode?: string;
  restart?: string;
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  user?: string;
}

interface ComposeFile {
  name?: string;
  services: Record<string, Service>;
  networks?: Record<string, { internal?: boolean } | null>;
  volumes?: Record<string, unknown>;
}

const compose = parse(fs.readFileSync(composePath, 'utf8'), { merge: true }) as ComposeFile;
const services = compose.services;

/** The environment Compose is run with in these tests: the two required secrets, nothing else. */
const COMPOSE_ENV: Record<string, string> = { HUB_INTERNAL_SECRET: 'i'.repeat(40), HUB_JWT_SECRET: 'j'.repeat(40) };

/**
 * Compose interpolation: `${VAR:-default}` → the variable or the default, `${VAR:?message}` → the
 * variable or an error (as Compose refuses to start), `$$` → `$`.
 */
function interpolate(value: string, env: Record<string, string> = COMPOSE_ENV): string {
  return value
    .replace(/\$\$/g, '\u0000')
    .replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-?])([^}]*))?\}/g,
      (_match, name: string, kind?: string, rest?: string) => {
        const set = env[name];
        if (set !== undefined && set !== '') return set;
        if (kind === '?') throw new Error(`required variable ${name} is missing: ${rest ?? ''}`);
        return rest ?? '';
      },
    )
    .replace(/\u0000/g, '$');
}

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** The environment a service's process gets, interpolated. */
function environmentOf(name: string): Record<string, string> {
  const env = service(name).environment;
  if (env === undefined) return {};
  if (Array.isArray(env)) throw new Error(`use the map form for the environment of "${name}"`);
  return Object.fromEntries(Object.entries(env).map(([key, value]) => [key, interpolate(String(value ?? ''))]));
}

function commandOf(name: string): string[] {
  const command = service(name).command;
  if (!Array.isArray(command)) throw new Error(`use the exec (list) form for the command of "${name}"`);
  return command;
}

function networksOf(name: string): string[] {
  const networks = service(name).networks;
  if (networks === undefined) return ['default'];
  return Array.isArray(networks) ? networks : Object.keys(networks);
}

const SUBGRAPHS = DEPARTMENTS.map((d) => d.slug);
const HUB_SERVICES = [...SUBGRAPHS, 'gateway'];
const lead = DEPARTMENTS[0]!;

describe('docker-compose.yml services', () => {
  it('has exactly postgres, the one-shot db-roles, one subgraph per row of the departments table and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['postgres', 'db-roles', ...HUB_SERVICES].sort());
  });

  it('builds every hub service from the one Dockerfile at the project root, with a restart policy', () => {
    for (const name of HUB_SERVICES) {
      expect({ name, build: service(name).build }).toEqual({ name, build: { context: '.', dockerfile: 'Dockerfile' } });
      expect({ name, image: service(name).image }).toEqual({ name, image: undefined });
    }
    for (const name of ['postgres', ...HUB_SERVICES]) {
      expect({ name, restart: service(name).restart }).toEqual({ name, restart: 'unless-stopped' });
    }
    // db-roles runs once and is done: restarting it would only repeat the same set-up.
    expect({
      build: service('db-roles').build,
      restart: service('db-roles').restart,
      command: commandOf('db-roles'),
    }).toEqual({
      build: { context: '.', dockerfile: 'Dockerfile' },
      restart: 'no',
      command: ['node', 'dist/scripts/db-roles.js', '--quiet'],
    });
    expect(fs.existsSync(path.join(root, 'scripts', 'db-roles.ts'))).toBe(true);
  });

  it.each(DEPARTMENTS.map((d) => [d.slug, d] as const))('runs the compiled entry of subgraph %s', (slug) => {
    expect(commandOf(slug)).toEqual(['node', `dist/subgraphs/${slug}/index.js`]);
    expect(fs.existsSync(path.join(root, 'subgraphs', slug, 'index.ts'))).toBe(true);
  });

  it('runs the compiled gateway entry', () => {
    expect(commandOf('gateway')).toEqual(['node', 'dist/gateway/index.js']);
    expect(fs.existsSync(path.join(root, 'gateway', 'index.ts'))).toBe(true);
  });
});

describe('docker-compose.yml environment, as loadConfig reads it', () => {
  it('gives every hub service HUB_HOST=0.0.0.0 and APOLLO_TELEMETRY_DISABLED=1', () => {
    for (const name of HUB_SERVICES) {
      const env = environmentOf(name);
      expect({ name, host: env.HUB_HOST, telemetry: env.APOLLO_TELEMETRY_DISABLED }).toEqual({
        name,
        host: '0.0.0.0',
        telemetry: '1',
      });
      expect(() => loadConfig(env)).not.toThrow();
    }
  });

  it.each(DEPARTMENTS.map((d) => [d.slug, d.code, d.port] as const))(
    'subgraph %s listens on %s_PORT=%i and reaches the postgres service',
    (slug, code, port) => {
      const env = environmentOf(slug);
      expect(env[`${code}_PORT`]).toBe(String(port));
      const config = loadConfig(env);
      expect(config.host).toBe('0.0.0.0');
      expect(config.subgraphPorts[code]).toBe(port);

      const postgresEnv = environmentOf('postgres');
      expect(config.database.url).not.toBeNull();
      const url = new URL(config.database.url!);
      expect(url.protocol).toBe('postgres:');
      expect(url.hostname).toBe('postgres');
      expect(url.port).toBe('5432');
      // Its own role, with the password db-roles gave that role.
      expect(decodeURIComponent(url.username)).toBe(serviceRoleName(postgresEnv.POSTGRES_DB ?? '', slug));
      expect(decodeURIComponent(url.password)).toBe(loadConfig(environmentOf('db-roles')).database.rolePasswords[slug]);
      expect(url.pathname).toBe(`/${postgresEnv.POSTGRES_DB}`);
    },
  );

  it('points the gateway at each subgraph service, on the port that subgraph listens on', () => {
    const config = loadConfig(environmentOf('gateway'));
    expect(config.gatewayPort).toBe(4000);
    for (const d of DEPARTMENTS) {
      const subgraphPort = loadConfig(environmentOf(d.slug)).subgraphPorts[d.code];
      expect({ code: d.code, url: config.subgraphUrls[d.code] }).toEqual({
        code: d.code,
        url: `http://${d.slug}:${subgraphPort}/graphql`,
      });
    }
  });

  it('gives database credentials to the services that use the database: the subgraphs, and the gateway for API keys', () => {
    for (const name of [...SUBGRAPHS, 'gateway'])
      expect({ name, has: 'DATABASE_URL' in environmentOf(name) }).toEqual({ name, has: true });
  });

  it('lets the LĐTBXH subgraph reach the gateway, for the assessment behind a recognition', () => {
    expect(loadConfig(environmentOf('ldtbxh')).gatewayUrl).toBe('http://gateway:4000/graphql');
  });

  it('requires the secrets, with no default: the internal one everywhere, the token one at the gateway only', () => {
    for (const name of [...SUBGRAPHS, 'gateway']) {
      const raw = service(name).environment as Record<string, string>;
      expect({ name, internal: raw.HUB_INTERNAL_SECRET }).toEqual({
        name,
        internal: expect.stringMatching(/^\$\{HUB_INTERNAL_SECRET:\?/),
      });
      expect(() => interpolate(String(raw.HUB_INTERNAL_SECRET), {})).toThrow(
        'required variable HUB_INTERNAL_SECRET is missing',
      );
      expect({ name, jwt: 'HUB_JWT_SECRET' in raw }).toEqual({ name, jwt: name === 'gateway' });
    }
    expect(() =>
      interpolate(String((service('gateway').environment as Record<string, string>).HUB_JWT_SECRET), {}),
    ).toThrow('HUB_JWT_SECRET');
  });

  it('takes the superuser password from POSTGRES_PASSWORD, with a development-only default; only db-roles uses it', () => {
    const raw = service('postgres').environment as Record<string, string>;
    expect(raw.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:-[^}]*dev[^}]*\}$/);
    const owner = new URL(environmentOf('db-roles').DATABASE_URL ?? '');
    expect({ user: owner.username, password: owner.password }).toEqual({
      user: environmentOf('postgres').POSTGRES_USER,
      password: interpolate(raw.POSTGRES_PASSWORD ?? ''),
    });
    for (const name of [...SUBGRAPHS, 'gateway']) {
      const rawUrl = String((service(name).environment as Record<string, string>).DATABASE_URL);
      expect({ name, superuser: rawUrl.includes(raw.POSTGRES_PASSWORD ?? '') }).toEqual({ name, superuser: false });
    }
  });

  it("gives each service its own role's password only, each with a development-only default", () => {
    const roles = service('db-roles').environment as Record<string, string>;
    for (const name of HUB_SERVICES) {
      const variable = `HUB_DB_PASSWORD_${name.toUpperCase()}`;
      expect({ name, raw: roles[variable] }).toEqual({
        name,
        raw: expect.stringMatching(new RegExp(`^\\$\\{${variable}:-[^}]*dev-only\\}$`)),
      });
      const own = String((service(name).environment as Record<string, string>).DATABASE_URL);
      expect(own).toContain(`\${${variable}:-`);
      for (const other of HUB_SERVICES.filter((o) => o !== name))
        expect({ name, other, has: own.includes(`HUB_DB_PASSWORD_${other.toUpperCase()}`) }).toEqual({
          name,
          other,
          has: false,
        });
      // A password set where Compose runs reaches db-roles and the service alike.
      const env = { ...COMPOSE_ENV, [variable]: 'chosen-password-1' };
      const url = new URL(interpolate(own, env));
      expect({ name, password: url.password }).toEqual({ name, password: 'chosen-password-1' });
      expect(interpolate(String(roles[variable]), env)).toBe('chosen-password-1');
    }
  });
});

describe('docker-compose.yml healthchecks', () => {
  const healthScript = (name: string): string => {
    const test = service(name).healthcheck?.test;
    expect(Array.isArray(test)).toBe(true);
    const [kind, node, flag, script] = test as string[];
    expect([kind, node, flag]).toEqual(['CMD', 'node', '-e']);
    return script!;
  };

  it.each([...DEPARTMENTS.map((d) => [d.slug, `${d.code}_PORT`] as const), ['gateway', 'GATEWAY_PORT'] as const])(
    '%s checks /health on its own port (%s)',
    (name, portVariable) => {
      const port = environmentOf(name)[portVariable];
      expect(port).toMatch(/^\d+$/);
      const script = healthScript(name);
      expect(script.match(/http:\/\/[^'"]+/g)).toEqual([`http://127.0.0.1:${port}/health`]);
    },
  );

  it('uses one healthcheck script for every hub service, differing only by port', () => {
    const normalised = HUB_SERVICES.map((name) => healthScript(name).replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT'));
    expect(new Set(normalised).size).toBe(1);
  });

  it('the healthcheck script exits 0 on 200, 1 on 503 and 1 when nothing listens', async () => {
    const run = promisify(execFile);
    let status = 200;
    const server = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? status : 404;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const script = healthScript('yte').replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
    const exitCode = async () => {
      try {
        await run(process.execPath, ['-e', script], { timeout: 10_000 });
        return 0;
      } catch (error) {
        return (error as { code?: number }).code;
      }
    };
    try {
      expect(await exitCode()).toBe(0);
      status = 503;
      expect(await exitCode()).toBe(1);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect(await exitCode()).toBe(1);
  });

  it('postgres is checked with pg_isready over TCP, as the hub user on the hub database', () => {
    const test = service('postgres').healthcheck?.test as string[];
    const env = environmentOf('postgres');
    expect(test[0]).toBe('CMD');
    expect(test[1]).toBe('pg_isready');
    const args = test.slice(2);
    const option = (flag: string) => args[args.indexOf(flag) + 1];
    expect(option('-h')).toBe('127.0.0.1');
    expect(option('-U')).toBe(env.POSTGRES_USER);
    expect(option('-d')).toBe(env.POSTGRES_DB);
  });
});

describe('docker-compose.yml start order', () => {
  const dependencies = (name: string) => {
    const dependsOn = service(name).depends_on;
    if (dependsOn === undefined) return {};
    if (Array.isArray(dependsOn)) throw new Error(`use the long form of depends_on in "${name}"`);
    return Object.fromEntries(Object.entries(dependsOn).map(([key, value]) => [key, value.condition]));
  };

  it('postgres depends on nothing', () => {
    expect(dependencies('postgres')).toEqual({});
  });

  it('db-roles waits for a healthy postgres', () => {
    expect(dependencies('db-roles')).toEqual({ postgres: 'service_healthy' });
  });

  it(`${lead.slug} (migrations, reference data) waits for db-roles to have finished`, () => {
    expect(dependencies(lead.slug)).toEqual({ 'db-roles': 'service_completed_successfully' });
  });

  it.each(DEPARTMENTS.slice(1).map((d) => [d.slug] as const))(`%s waits for a healthy ${lead.slug}`, (slug) => {
    expect(dependencies(slug)).toEqual({ [lead.slug]: 'service_healthy' });
  });

  it('the gateway waits for all six subgraphs to be healthy', () => {
    expect(dependencies('gateway')).toEqual(Object.fromEntries(SUBGRAPHS.map((slug) => [slug, 'service_healthy'])));
  });
});

describe('docker-compose.yml exposure', () => {
  it('publishes only the gateway, container port 4000, on 127.0.0.1 by default', () => {
    for (const name of Object.keys(services).filter((n) => n !== 'gateway')) {
      expect({ name, ports: service(name).ports, mode: service(name).network_mode }).toEqual({
        name,
        ports: undefined,
        mode: undefined,
      });
    }
    const ports = service('gateway').ports as Record<string, string | number>[];
    expect(ports).toHaveLength(1);
    const [port] = ports;
    expect(port!.target).toBe(4000);
    expect(interpolate(String(port!.published))).toBe('4000');
    expect(interpolate(String(port!.host_ip))).toBe('127.0.0.1');
  });

  it('keeps postgres and the subgraphs on an internal network only; the gateway bridges it', () => {
    expect(compose.networks?.backend).toEqual({ internal: true });
    for (const name of ['postgres', 'db-roles', ...SUBGRAPHS]) {
      expect({ name, networks: networksOf(name) }).toEqual({ name, networks: ['backend'] });
    }
    const gatewayNetworks = networksOf('gateway');
    expect(gatewayNetworks).toContain('backend');
    for (const network of gatewayNetworks.filter((n) => n !== 'backend')) {
      expect(compose.networks?.[network]?.internal).not.toBe(true);
    }
  });

  it('keeps the PostgreSQL data in a named volume', () => {
    const postgres = service('postgres');
    expect(postgres.image).toBe('postgres:15.20-bookworm');
    expect(postgres.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty('pgdata');
  });
});

describe('operating the containers', () => {
  it('passes HUB_INTROSPECTION through to every hub service: off in production by default, on when set', () => {
    for (const name of HUB_SERVICES) {
      const raw = service(name).environment as Record<string, string>;
      const withValue = (value: string | undefined) =>
        loadConfig(
          Object.fromEntries(
            Object.entries(raw).map(([key, v]) => [
              key,
              interpolate(String(v ?? ''), {
                ...COMPOSE_ENV,
                ...(value === undefined ? {} : { HUB_INTROSPECTION: value }),
              }),
            ]),
          ),
        );
      expect({
        name,
        unset: withValue(undefined).introspection,
        on: withValue('true').introspection,
        off: withValue('false').introspection,
      }).toEqual({
        name,
        unset: false,
        on: true,
        off: false,
      });
    }
  });

  it('passes OTEL_EXPORTER_OTLP_ENDPOINT through to every hub service, exporting nothing when unset', () => {
    for (const name of HUB_SERVICES) {
      const raw = service(name).environment as Record<string, string>;
      const endpoint = (env: Record<string, string>) =>
        loadConfig(
          Object.fromEntries(
            Object.entries(raw).map(([key, v]) => [key, interpolate(String(v ?? ''), { ...COMPOSE_ENV, ...env })]),
          ),
        ).otlpEndpoint;
      expect({
        name,
        unset: endpoint({}),
        set: endpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }),
      }).toEqual({ name, unset: null, set: 'http://collector:4318' });
    }
  });

  it('pins every image to a release: postgres by major.minor, Node.js by its full version, the one the project requires', () => {
    expect(service('postgres').image).toMatch(/^postgres:\d+\.\d+-[a-z]+$/);
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
    const nodeImage = /^ARG NODE_IMAGE=(\S+)$/m.exec(dockerfile)?.[1];
    expect(nodeImage).toMatch(/^node:20\.\d+\.\d+-[a-z]+-slim$/);
    const engines = (
      JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
    ).engines.node;
    expect(engines).toBe('>=20');
    for (const line of dockerfile.split('\n').filter((l) => l.startsWith('FROM ')))
      expect(line).toMatch(/^FROM \$\{NODE_IMAGE\} AS \w+$/);
  });

  it('documents minting tokens and API keys inside the gateway container, with a command the image holds', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const commands = [...readme.matchAll(/^docker compose exec gateway node (dist\/scripts\/[a-z-]+)\.js (.*)$/gm)];
    expect(commands.map((m) => m[2]?.split(' ')[0])).toEqual(
      expect.arrayContaining(['--role', '--api-key', '--list-keys', '--revoke-key']),
    );
    for (const [, file] of commands)
      expect(fs.existsSync(path.join(root, `${file!.replace(/^dist\//, '')}.ts`))).toBe(true);
    // The gateway has what the token command needs there: the token secret and the database.
    const gateway = environmentOf('gateway');
    const config = loadConfig(gateway);
    expect({ jwt: config.auth.jwtSecret !== null, db: config.database.url !== null }).toEqual({ jwt: true, db: true });
  });
});

describe('Dockerfile and .dockerignore', () => {
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const instructions = dockerfile
    .split('\n')
    .filter((line) => /^[A-Z]+\s/.test(line))
    .map((line) => line.trim());

  it('runs as a non-root user in the final stage', () => {
    const lastFrom = instructions.map((line) => line.startsWith('FROM ')).lastIndexOf(true);
    const users = instructions.slice(lastFrom).filter((line) => line.startsWith('USER '));
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^USER\s+(root|0)(:|\s|$)/);
  });

  it('builds before pruning dev dependencies (typescript is one)', () => {
    const build = dockerfile.indexOf('npm run build');
    const prune = dockerfile.indexOf('npm prune');
    expect(dockerfile).toContain('npm ci');
    expect(build).toBeGreaterThan(-1);
    expect(prune).toBeGreaterThan(build);
  });

  it('keeps local dependencies, build output, data and git out of the build context', () => {
    const entries = fs
      .readFileSync(path.join(root, '.dockerignore'), 'utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    for (const entry of [
      'node_modules',
      'dist',
      '.data',
      '.git',
      'coverage',
      'tests/compatibility/node_modules',
      '.env',
    ]) {
      expect(entries).toContain(entry);
    }
    for (const needed of [
      'package.json',
      'package-lock.json',
      'data',
      'criteria-sets',
      'gateway',
      'subgraphs',
      'shared',
    ]) {
      expect(entries).not.toContain(needed);
    }
  });
});

describe('dclint', () => {
  it('passes on docker-compose.yml with no error and no warning', () => {
    const result = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules', '.bin', 'dclint'),
        'docker-compose.yml',
        '--max-warnings',
        '0',
        '--color',
        'false',
      ],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect({ status: result.status, output: `${result.stdout}${result.stderr}`.trim() }).toEqual({
      status: 0,
      output: '',
    });
  });
});
