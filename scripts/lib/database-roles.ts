/**
 * Least privilege in the database: one login role per service, each the owner of its own schema
 * (so it runs its own migrations and writes its own tables), with nothing else but read access to
 * `reference` for the five departments. The database then refuses what the architecture forbids:
 * a department writing the reference data or touching another department's schema, the gateway
 * reading any department's data.
 *
 * Roles are cluster-wide, databases are not: each role's name starts with the database's name
 * (`hub_yte` for database `hub`), so several hubs (or test databases) on one server never share a
 * role. Passwords are derived from a role secret that only the set-up knows (never the internal
 * secret, which every service has): a service learns its own password only.
 */
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DEPARTMENTS } from '../../shared/departments';

/** Services with a database role, and the schemas each one owns. */
export const SERVICE_SCHEMAS: readonly { service: string; schemas: readonly string[] }[] = [
  { service: 'gateway', schemas: ['gateway'] },
  ...DEPARTMENTS.map((d, index) => ({ service: d.slug, schemas: index === 0 ? [d.slug, 'reference'] : [d.slug] })),
];

/** The departments that only read the reference data (all but the lead, which owns it). */
const READERS = DEPARTMENTS.slice(1).map((d) => d.slug);
const LEAD = DEPARTMENTS[0]?.slug ?? 'ldtbxh';

const PLAIN = /^[a-z_][a-z0-9_]*$/;

/** SQL identifier quoting. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * The role of `service` in database `database`: `<database>_<service>`, or, when that is not a
 * plain name of at most 63 bytes, a prefix of the database name with a hash of the whole of it.
 */
export function serviceRoleName(database: string, service: string): string {
  const plain = `${database}_${service}`.toLowerCase();
  if (PLAIN.test(plain) && Buffer.byteLength(plain) <= 63) return plain;
  const hash = createHmac('sha256', 'role-name').update(database).digest('hex').slice(0, 10);
  const prefix = database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
  return `${/^[a-z_]/.test(prefix) ? prefix : `d_${prefix}`}_${hash}_${service}`;
}

/** The password of `role`, derived from the role secret (URL-safe, 43 characters). */
export function servicePassword(roleSecret: string, role: string): string {
  return createHmac('sha256', roleSecret).update(role).digest('base64url');
}

/** The password of `service`'s role: the one given, else derived. @throws when neither is possible. */
function passwordOf(
  service: string,
  role: string,
  roleSecret: string | null,
  passwords: Record<string, string>,
): string {
  const given = passwords[service];
  if (given !== undefined) {
    if (!/^[A-Za-z0-9._~-]{8,}$/.test(given))
      throw new Error(`the password given for ${service} is not 8 or more URL-safe characters`);
    return given;
  }
  if (!roleSecret)
    throw new Error(`no password for ${service}: set HUB_DB_PASSWORD_${service.toUpperCase()} or HUB_DB_ROLE_SECRET`);
  return servicePassword(roleSecret, role);
}

/** The database named by a postgres:// URL. */
export function databaseOf(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error('the database URL names no database');
  return name;
}

/** The URL `service` connects with: the owner's URL with the service's role and password. */
export function serviceDatabaseUrl(ownerUrl: string, service: string, roleSecret: string): string {
  const url = new URL(ownerUrl);
  const role = serviceRoleName(databaseOf(ownerUrl), service);
  url.username = role;
  url.password = servicePassword(roleSecret, role);
  return url.toString();
}

/** Every service's URL (see {@link serviceDatabaseUrl}), by service name. */
export function serviceDatabaseUrls(ownerUrl: string, roleSecret: string): Record<string, string> {
  return Object.fromEntries(
    SERVICE_SCHEMAS.map(({ service }) => [service, serviceDatabaseUrl(ownerUrl, service, roleSecret)]),
  );
}

/** Makes `role` the owner of `schema` and of everything in it (objects made before the roles existed). */
async function takeOwnership(client: Client, schema: string, role: string): Promise<void> {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) {
    await client.query(`CREATE SCHEMA ${ident(schema)} AUTHORIZATION ${ident(role)}`);
    return;
  }
  await client.query(`ALTER SCHEMA ${ident(schema)} OWNER TO ${ident(role)}`);
  const relations = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
        AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, role],
  );
  for (const { name, kind } of relations.rows) {
    const what = kind === 'v' ? 'VIEW' : kind === 'm' ? 'MATERIALIZED VIEW' : kind === 'f' ? 'FOREIGN TABLE' : 'TABLE';
    await client.query(`ALTER ${what} ${ident(schema)}.${ident(name)} OWNER TO ${ident(role)}`);
  }
  // Sequences that belong to no column (those that do moved with their table).
  const sequences = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'S'
        AND c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))`,
    [schema, role],
  );
  for (const { name } of sequences.rows)
    await client.query(`ALTER SEQUENCE ${ident(schema)}.${ident(name)} OWNER TO ${ident(role)}`);
  const functions = await client.query<{ signature: string }>(
    `SELECT p.oid::regprocedure::text AS signature FROM pg_proc p
      WHERE p.pronamespace = $1::regnamespace AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)`,
    [schema, role],
  );
  for (const { signature } of functions.rows) await client.query(`ALTER ROUTINE ${signature} OWNER TO ${ident(role)}`);
}

/**
 * Creates (or updates the password of) every service's role in the database of `ownerUrl` (its
 * password the one given in `passwords`, else derived from `roleSecret`), gives
 * each its schemas (created, or taken over with everything in them), and lets the five departments
 * read `reference` (now and whatever LĐTBXH's later migrations create there). Safe to repeat; run
 * before the services start. `ownerUrl` must be a superuser (the embedded default's user is one).
 * @throws the server's error when a statement is refused (e.g. the user may not create roles).
 */
export async function setupServiceRoles(
  ownerUrl: string,
  roleSecret: string | null,
  passwords: Record<string, string> = {},
): Promise<Record<string, string>> {
  const database = databaseOf(ownerUrl);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Serialises concurrent set-ups of the same database (several commands started at once).
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hub-roles:${database}`]);
    // Nobody but the owners creates anything in `public` (the default since PostgreSQL 15).
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    for (const { service, schemas } of SERVICE_SCHEMAS) {
      const role = serviceRoleName(database, service);
      const password = passwordOf(service, role, roleSecret, passwords);
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      // The password is URL-safe (letters, digits, . _ ~ -), safe inside a literal.
      const options = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '${password}'`;
      await client.query(
        found.rowCount === 0 ? `CREATE ROLE ${ident(role)} ${options}` : `ALTER ROLE ${ident(role)} ${options}`,
      );
      await client.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(role)}`);
      for (const schema of schemas) await takeOwnership(client, schema, role);
    }
    const lead = serviceRoleName(database, LEAD);
    for (const reader of READERS) {
      const role = ident(serviceRoleName(database, reader));
      await client.query(`GRANT USAGE ON SCHEMA reference TO ${role}`);
      await client.query(`GRANT SELECT ON ALL TABLES IN SCHEMA reference TO ${role}`);
      await client.query(
        `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(lead)} IN SCHEMA reference GRANT SELECT ON TABLES TO ${role}`,
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return Object.fromEntries(
    SERVICE_SCHEMAS.map(({ service }) => {
      const url = new URL(ownerUrl);
      url.username = serviceRoleName(database, service);
      url.password = passwordOf(service, url.username, roleSecret, passwords);
      return [service, url.toString()];
    }),
  );
}

/**
 * Drops the roles of the database of `ownerUrl` (after the database itself was dropped, or with
 * everything they own in it). Tests use it; a real hub keeps its roles.
 */
export async function dropServiceRoles(ownerUrl: string, database = databaseOf(ownerUrl)): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (const { service } of SERVICE_SCHEMAS) {
      const role = serviceRoleName(database, service);
      const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
      if (found.rowCount === 0) continue;
      if (databaseOf(ownerUrl) === database) await client.query(`DROP OWNED BY ${ident(role)} CASCADE`);
      await client.query(`DROP ROLE ${ident(role)}`);
    }
  } finally {
    await client.end();
  }
}

/**
 * The role secret of the embedded default: HUB_DB_ROLE_SECRET when configured, otherwise a random
 * one created once in `file` (readable by its owner only), beside the embedded data.
 */
export function localRoleSecret(file: string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  }
  const secret = fs.readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new Error(`${file} does not hold a role secret of 32 or more characters`);
  return secret;
}
