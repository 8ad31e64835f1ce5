/**
 * A fresh database per test file on the server global-setup chose, dropped afterwards, so tests
 * run the real migrations on an empty database and never see each other's data.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { dropServiceRoles } from '../../scripts/lib/database-roles';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
  /** Drops the service roles made for this database (after `drop`). */
  dropRoles(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.HUB_TEST_ADMIN_URL;
  if (!url) throw new Error('HUB_TEST_ADMIN_URL is not set: run the tests through jest (global-setup sets it)');
  return url;
}

async function withAdmin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database and returns its URL. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hub_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () =>
      withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
    dropRoles: () => dropServiceRoles(adminUrl(), name),
  };
}
