/**
 * The only reader of `process.env`. Every variable is parsed once, typed, and validated; a bad
 * value stops the process with a message naming the variable and the value.
 */
import path from 'node:path';
import { DEPARTMENTS, type DepartmentCode } from './departments';
import { projectRoot } from './paths';

/** Thrown by {@link loadConfig} for a variable it cannot accept. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`configuration ${variable}=${JSON.stringify(value)}: ${reason}`);
    this.name = 'ConfigError';
  }
}

/** Where the services keep their data. `url: null` means the embedded PostgreSQL. */
export interface DatabaseConfig {
  url: string | null;
  embeddedDataDir: string;
  embeddedPort: number;
  /** File of the local secrets used when none are configured (beside the embedded data). */
  localSecretsFile: string;
  /** Secret the services' database passwords are derived from (HUB_DB_ROLE_SECRET); null: the embedded default's local one. */
  roleSecret: string | null;
  /** Where the embedded default keeps its role secret when none is configured. */
  localRoleSecretFile: string;
  /** Passwords given for the services' roles (HUB_DB_PASSWORD_<SERVICE>), by service; a missing one is derived from the role secret. */
  rolePasswords: Record<string, string>;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The whole typed configuration of the hub. */
export interface HubConfig {
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<DepartmentCode, number>;
  /** URL of each subgraph as the gateway reaches it. */
  subgraphUrls: Record<DepartmentCode, string>;
  database: DatabaseConfig;
  logLevel: LogLevel;
  /** Largest accepted request body, in bytes. */
  maxBodyBytes: number;
  /** Largest body of the gateway's own fetches to a subgraph (a board's inputs), in bytes. */
  maxInternalBodyBytes: number;
  /** Largest number of rows one publishing call may carry. */
  maxPublishRows: number;
  /** Largest total of subgraph answers the gateway remembers to replay repeated queries (gateway/replay.ts); 0: off. */
  replayMaxBytes: number;
  /** How long the gateway waits for one subgraph fetch, in milliseconds. */
  subgraphTimeoutMs: number;
  introspection: boolean;
  auth: AuthConfig;
  /** Milliseconds one operation may take at the gateway, across all its subgraph fetches. */
  operationTimeoutMs: number;
  /** The gateway's GraphQL URL as the services reach it. */
  gatewayUrl: string;
  /** Query limits at the gateway. */
  limits: { maxDepth: number; maxAliases: number; maxCost: number; maxRootFields: number; maxTokens: number };
  /** OTLP/HTTP collector traces are exported to (OTEL_EXPORTER_OTLP_ENDPOINT); null: none are exported. */
  otlpEndpoint: string | null;
  /** How many times `npm start` has restarted this service (it sets HUB_RESTARTS); shown in /health. */
  restarts: number;
  /** `npm start` keeps a started standby of each subgraph that takes over at once when one dies (HUB_STANDBY). */
  standby: boolean;
  /** True in a standby process (HUB_STANDBY_SPARE=1, set by `npm start`): built, waiting to be told to serve. */
  standbySpare: boolean;
}

/** Secrets and token settings. Secrets are null when not configured; the services refuse to start then. */
export interface AuthConfig {
  /** Signs and verifies people's tokens (HS256), at least 32 characters. */
  jwtSecret: string | null;
  jwtIssuer: string;
  jwtAudience: string;
  /** Seconds of clock difference tolerated when checking token times. */
  clockSkewSeconds: number;
  /** Shared by the gateway and the subgraphs to sign and verify the forwarded identity. */
  internalSecret: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, raw, 'expected a whole number');
  const value = Number(raw);
  if (value < min || value > max) {
    throw new ConfigError(name, raw, `expected a number from ${min} to ${max}`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, raw, 'expected true or false');
}

function secret(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  // The value itself is never echoed, not even in an error.
  if (raw.length < 32) throw new ConfigError(name, '***', 'a secret must have at least 32 characters');
  return raw;
}

function url(env: Env, name: string, fallback: string | null): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    const parsed = new URL(raw);
    if (name === 'DATABASE_URL' && !/^postgres(ql)?:$/.test(parsed.protocol)) {
      throw new ConfigError(name, redact(raw), 'expected a postgres:// URL');
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(name, redact(raw), 'not a valid URL');
  }
  return raw;
}

/** Hides the password of a URL so configuration errors never print a secret. */
export function redact(raw: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    // Everything from the user's colon to the last @: a password may itself hold '/', ':' or '@'.
    return raw.replace(/^((?:[^:/@]*:\/\/)?[^:/@]*:).*@/, '$1***@');
  }
}

/**
 * HUB_DB_PASSWORD_GATEWAY, HUB_DB_PASSWORD_LDTBXH, …: passwords chosen for the services' database
 * roles (docker compose sets them); URL-safe, since each becomes part of a DATABASE_URL.
 */
function rolePasswords(env: Env): Record<string, string> {
  const passwords: Record<string, string> = {};
  const variables: [service: string, variable: string][] = [
    ['gateway', 'HUB_DB_PASSWORD_GATEWAY'],
    ...DEPARTMENTS.map((d): [string, string] => [d.slug, d.env.dbPassword]),
  ];
  for (const [service, name] of variables) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    // The value itself is never echoed.
    if (!/^[A-Za-z0-9._~-]{8,}$/.test(raw))
      throw new ConfigError(name, '***', 'expected 8 or more URL-safe characters (letters, digits, . _ ~ -)');
    passwords[service] = raw;
  }
  return passwords;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];

/**
 * Parses the environment into a {@link HubConfig}.
 * @throws ConfigError naming the first variable whose value is not acceptable.
 */
export function loadConfig(env: Env = process.env): HubConfig {
  const host = env.HUB_HOST || '127.0.0.1';
  const gatewayPort = integer(env, 'GATEWAY_PORT', 4000, 0, 65535);
  const subgraphPorts = {} as Record<DepartmentCode, number>;
  const subgraphUrls = {} as Record<DepartmentCode, string>;
  for (const department of DEPARTMENTS) {
    const port = integer(env, department.env.port, department.port, 0, 65535);
    subgraphPorts[department.code] = port;
    subgraphUrls[department.code] =
      url(env, department.env.url, null) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}/graphql`;
  }
  const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', logLevel, `expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return {
    host,
    gatewayPort,
    subgraphPorts,
    subgraphUrls,
    database: {
      url: url(env, 'DATABASE_URL', null),
      embeddedDataDir: path.resolve(projectRoot(), env.HUB_DATA_DIR || '.data/postgres'),
      embeddedPort: integer(env, 'HUB_EMBEDDED_PG_PORT', 54329, 1, 65535),
      localSecretsFile: path.resolve(projectRoot(), env.HUB_SECRETS_FILE || '.data/secrets.json'),
      roleSecret: secret(env, 'HUB_DB_ROLE_SECRET'),
      localRoleSecretFile: path.resolve(
        projectRoot(),
        path.dirname(env.HUB_SECRETS_FILE || '.data/secrets.json'),
        'db-role-secret',
      ),
      rolePasswords: rolePasswords(env),
    },
    logLevel,
    maxBodyBytes: integer(env, 'HUB_MAX_BODY_BYTES', 2 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    maxInternalBodyBytes: integer(
      env,
      'HUB_MAX_INTERNAL_BODY_BYTES',
      512 * 1024 * 1024,
      1024 * 1024,
      2047 * 1024 * 1024,
    ),
    maxPublishRows: integer(env, 'HUB_MAX_PUBLISH_ROWS', 20000, 1, 1000000),
    replayMaxBytes: integer(env, 'HUB_GATEWAY_REPLAY_MAX_BYTES', 64 * 1024 * 1024, 0, 2047 * 1024 * 1024),
    subgraphTimeoutMs: integer(env, 'HUB_SUBGRAPH_TIMEOUT_MS', 10000, 100, 600000),
    // Introspection is off in production unless asked for.
    introspection: boolean(env, 'HUB_INTROSPECTION', env.NODE_ENV !== 'production'),
    operationTimeoutMs: integer(env, 'HUB_OPERATION_TIMEOUT_MS', 30000, 100, 600000),
    gatewayUrl:
      url(env, 'HUB_GATEWAY_URL', null) ?? `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${gatewayPort}/graphql`,
    limits: {
      maxDepth: integer(env, 'HUB_MAX_DEPTH', 12, 1, 100),
      maxAliases: integer(env, 'HUB_MAX_ALIASES', 30, 0, 10000),
      maxCost: integer(env, 'HUB_MAX_COST', 1000000, 1, 1000000000),
      maxRootFields: integer(env, 'HUB_MAX_ROOT_FIELDS', 20, 1, 1000),
      maxTokens: integer(env, 'HUB_MAX_TOKENS', 5000, 100, 1000000),
    },
    restarts: integer(env, 'HUB_RESTARTS', 0, 0, 1000000),
    standby: boolean(env, 'HUB_STANDBY', true),
    standbySpare: boolean(env, 'HUB_STANDBY_SPARE', false),
    auth: {
      jwtSecret: secret(env, 'HUB_JWT_SECRET'),
      jwtIssuer: env.HUB_JWT_ISSUER || 'cfc-hub',
      jwtAudience: env.HUB_JWT_AUDIENCE || 'cfc-hub',
      clockSkewSeconds: integer(env, 'HUB_JWT_CLOCK_SKEW_S', 30, 0, 600),
      internalSecret: secret(env, 'HUB_INTERNAL_SECRET'),
    },
    otlpEndpoint: url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', null),
  };
}
