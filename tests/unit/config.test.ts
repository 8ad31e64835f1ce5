import { execFile } from 'node:child_process';
import { distFile } from '../helpers/dist';
import { ConfigError, loadConfig, redact } from '../../shared/config';

describe('loadConfig', () => {
  it('has documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      gatewayPort: 4000,
      subgraphPorts: { LDTBXH: 4001, YTE: 4002, TUPHAP: 4003, GDDT: 4004, CONGAN: 4005, VHTTDL: 4006 },
      subgraphUrls: { LDTBXH: 'http://127.0.0.1:4001/graphql', VHTTDL: 'http://127.0.0.1:4006/graphql' },
      database: { url: null, embeddedPort: 54329 },
      logLevel: 'info',
      maxBodyBytes: 2097152,
      maxInternalBodyBytes: 536870912,
      maxPublishRows: 20000,
      subgraphTimeoutMs: 10000,
      introspection: true,
    });
    expect(config.database.embeddedDataDir).toMatch(/\.data\/postgres$/);
  });

  it('derives subgraph URLs from their ports unless a URL is given', () => {
    const config = loadConfig({ YTE_PORT: '5002', CONGAN_URL: 'http://congan:4005/graphql' });
    expect(config.subgraphUrls.YTE).toBe('http://127.0.0.1:5002/graphql');
    expect(config.subgraphUrls.CONGAN).toBe('http://congan:4005/graphql');
  });

  it.each([
    ['GATEWAY_PORT', 'abc', 'expected a whole number'],
    ['GATEWAY_PORT', '70000', 'expected a number from 0 to 65535'],
    ['LOG_LEVEL', 'loud', 'expected one of debug, info, warn, error, silent'],
    ['HUB_INTROSPECTION', 'maybe', 'expected true or false'],
    ['DATABASE_URL', 'mysql://x@y/z', 'expected a postgres:// URL'],
    ['YTE_URL', 'not a url', 'not a valid URL'],
  ])('refuses %s=%s, naming the variable and the value', (variable, value, reason) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(new ConfigError(variable, value, reason));
  });

  it('never prints a database password in an error', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:s3cret@db/hub' })).toThrow(/user:\*\*\*@db/);
    expect(redact('postgres://u:p@h:5432/d')).toBe('postgres://u:***@h:5432/d');
  });

  // A process started with a bad variable says so in one log line, without a stack trace.
  it.each([
    ['the gateway', ['gateway', 'index.js']],
    ['a subgraph', ['subgraphs', 'yte', 'index.js']],
  ])('stops %s with one line naming the bad variable', async (_name, file) => {
    const env = { PATH: process.env.PATH ?? '', GATEWAY_PORT: 'abc', YTE_PORT: 'abc' };
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [distFile(...file)], { env, timeout: 30000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: `${stdout}${stderr}` });
      });
    });
    expect(result.code).toBe(1);
    const lines = result.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', message: 'start failed: bad configuration' });
    expect(String(line.reason)).toMatch(/PORT="abc": expected a whole number/);
    expect(result.out).not.toMatch(/\n\s+at /);
  });
});
