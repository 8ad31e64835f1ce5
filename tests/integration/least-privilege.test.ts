/**
 * Least privilege: the whole hub runs with one database role per service (set up as the embedded
 * default does at every start), and the database itself refuses what a service may not do: a
 * department writing the reference data, reading or writing another department's schema, the
 * gateway reading any department's data.
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase } from '../../shared/database';
import {
  SERVICE_SCHEMAS,
  serviceDatabaseUrl,
  serviceRoleName,
  setupServiceRoles,
} from '../../scripts/lib/database-roles';
import { departmentModule } from '../../shared/department/module';
import { DEPARTMENTS } from '../../shared/departments';
import { createLogger } from '../../shared/logger';
import { createTestDatabase } from '../helpers/database';
import { publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ leastPrivilege: true });
});

afterAll(async () => {
  await hub?.stop();
});

/** Runs `sql` as `service`'s own role; resolves with the rows or the server's refusal code and message. */
async function as(service: string, sql: string): Promise<{ rows?: unknown[]; code?: string; message?: string }> {
  const client = new Client({ connectionString: hub.serviceDatabaseUrl(service) });
  await client.connect();
  try {
    // The audit triggers want an acting identity: the refusals below are the database's privileges, not the trail.
    await client.query('BEGIN');
    await client.query(`SELECT set_config('hub.actor', 'privilege-test', true)`);
    const result = await client.query(sql);
    await client.query('ROLLBACK');
    return { rows: result.rows };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    const { code, message } = error as { code?: string; message: string };
    return { code, message };
  } finally {
    await client.end();
  }
}

const denied = (table: string) => ({ code: '42501', message: `permission denied for table ${table}` });

describe('the hub under one role per service', () => {
  it('names each role after the database, so hubs sharing a server never share a role', () => {
    const database = hub.db.name;
    expect(SERVICE_SCHEMAS.map(({ service }) => serviceRoleName(database, service))).toEqual(
      ['gateway', ...DEPARTMENTS.map((d) => d.slug)].map((service) => `${database}_${service}`),
    );
    expect(serviceRoleName('hub', 'yte')).toBe('hub_yte');
    const long = serviceRoleName('x'.repeat(70), 'vhttdl');
    expect({
      plain: /^[a-z_][a-z0-9_]*$/.test(long),
      short: long.length <= 63,
      distinct: long !== serviceRoleName('x'.repeat(71), 'vhttdl'),
    }).toEqual({ plain: true, short: true, distinct: true });
  });

  it('serves and publishes as usual: each service connects as its own role', async () => {
    const published = await hub.query(
      /* GraphQL */ `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { applied created } }`,
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 90, denominator: 100 }],
        },
      },
      publisher('YTE'),
    );
    expect(published.body).toEqual({ data: { publishYteValues: { applied: true, created: 1 } } });
    const read = await hub.query(
      /* GraphQL */ `{ commune(code: "22738") { name year(year: 2020) { yte { indicator numerator } } } }`,
    );
    expect(read.body).toEqual({
      data: { commune: { name: expect.any(String), year: { yte: [{ indicator: '7.1', numerator: 90 }] } } },
    });
    const users = await hub.services.YTE.db.dataSource.query('SELECT current_user AS "user"');
    expect(users).toEqual([{ user: `${hub.db.name}_yte` }]);
  });

  it('each schema and everything in it belongs to its service role', async () => {
    const owners: { schema: string; owner: string }[] = await hub.services.LDTBXH.db.dataSource.query(
      `SELECT DISTINCT n.nspname AS schema, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname IN ('gateway', 'reference', 'ldtbxh', 'yte', 'tuphap', 'gddt', 'congan', 'vhttdl') ORDER BY 1, 2`,
    );
    const role = (service: string) => `${hub.db.name}_${service}`;
    expect(owners).toEqual([
      { schema: 'congan', owner: role('congan') },
      { schema: 'gateway', owner: role('gateway') },
      { schema: 'gddt', owner: role('gddt') },
      { schema: 'ldtbxh', owner: role('ldtbxh') },
      { schema: 'reference', owner: role('ldtbxh') },
      { schema: 'tuphap', owner: role('tuphap') },
      { schema: 'vhttdl', owner: role('vhttdl') },
      { schema: 'yte', owner: role('yte') },
    ]);
  });
});

describe('the database refuses', () => {
  it('a department writing the reference data (insert, update, delete, new tables), while it may read it', async () => {
    for (const department of ['yte', 'tuphap', 'gddt', 'congan', 'vhttdl']) {
      expect(await as(department, `SELECT count(*)::int AS n FROM reference.commune WHERE code = '22738'`)).toEqual({
        rows: [{ n: 1 }],
      });
      expect(await as(department, `UPDATE reference.commune SET name = 'đổi tên' WHERE code = '22738'`)).toEqual(
        denied('commune'),
      );
      expect(await as(department, `DELETE FROM reference.commune_category`)).toEqual(denied('commune_category'));
      expect(await as(department, `INSERT INTO reference.province (code, name) VALUES ('99', 'Tỉnh giả')`)).toEqual(
        denied('province'),
      );
      expect(await as(department, `CREATE TABLE reference.intruder (id int)`)).toEqual({
        code: '42501',
        message: 'permission denied for schema reference',
      });
    }
  });

  it("a department reading or writing another department's schema", async () => {
    expect(await as('yte', `SELECT count(*) FROM gddt.indicator_value`)).toEqual({
      code: '42501',
      message: 'permission denied for schema gddt',
    });
    expect(await as('gddt', `DELETE FROM yte.indicator_value`)).toEqual({
      code: '42501',
      message: 'permission denied for schema yte',
    });
    expect(
      await as('congan', `INSERT INTO ldtbxh.recognition_cycle (commune_code, year) VALUES ('22738', 2020)`),
    ).toEqual({ code: '42501', message: 'permission denied for schema ldtbxh' });
    expect(await as('vhttdl', `SELECT count(*) FROM gateway.api_key`)).toEqual({
      code: '42501',
      message: 'permission denied for schema gateway',
    });
    // The lead department owns the reference data, not the other departments' values.
    expect(await as('ldtbxh', `UPDATE yte.indicator_value SET note = 'x'`)).toEqual({
      code: '42501',
      message: 'permission denied for schema yte',
    });
  });

  it("the gateway reading the departments' or the reference data", async () => {
    expect(await as('gateway', `SELECT count(*) FROM yte.indicator_value`)).toEqual({
      code: '42501',
      message: 'permission denied for schema yte',
    });
    expect(await as('gateway', `SELECT count(*) FROM reference.commune`)).toEqual({
      code: '42501',
      message: 'permission denied for schema reference',
    });
  });
});

describe('setting up the roles on a hub that ran without them', () => {
  it('sets the passwords it is given (docker compose), and refuses a role with neither a password nor a secret', async () => {
    const db = await createTestDatabase();
    try {
      const given = Object.fromEntries(SERVICE_SCHEMAS.map(({ service }) => [service, `${service}-chosen-1`]));
      const urls = await setupServiceRoles(db.url, null, given);
      expect(
        Object.fromEntries(Object.entries(urls).map(([service, url]) => [service, new URL(url).password])),
      ).toEqual(given);
      // The server stores a SCRAM verifier: it is the one of the given password.
      const admin = new Client({ connectionString: db.url });
      await admin.connect();
      const [stored] = (
        await admin.query<{ v: string }>('SELECT rolpassword AS v FROM pg_authid WHERE rolname = $1', [
          `${db.name}_yte`,
        ])
      ).rows;
      await admin.end();
      const [, iterations, salt, storedKey] = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):/.exec(stored?.v ?? '') ?? [];
      const salted = pbkdf2Sync('yte-chosen-1', Buffer.from(salt ?? '', 'base64'), Number(iterations), 32, 'sha256');
      expect(
        createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest('base64'),
      ).toBe(storedKey);
      await expect(setupServiceRoles(db.url, null, { yte: 'only-one-given' })).rejects.toThrow(
        'no password for gateway: set HUB_DB_PASSWORD_GATEWAY or HUB_DB_ROLE_SECRET',
      );
    } finally {
      await db.drop();
      await db.dropRoles();
    }
  });

  it('takes over the schemas and tables the owner had created, so the service role writes them', async () => {
    const db = await createTestDatabase();
    try {
      const logger = createLogger('silent');
      const yte = DEPARTMENTS.find((d) => d.code === 'YTE')!;
      const module = departmentModule(yte);
      // As before: migrated by the owner's connection.
      const before = await openDatabase({
        url: db.url,
        schema: module.dbSchema,
        entities: module.entities,
        migrations: module.migrations,
        logger,
      });
      await before.close();
      const secret = 'r'.repeat(40);
      await setupServiceRoles(db.url, secret);
      const client = new Client({ connectionString: serviceDatabaseUrl(db.url, 'yte', secret) });
      await client.connect();
      try {
        const owners = await client.query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'yte'`);
        expect(owners.rows).toEqual([{ tableowner: `${db.name}_yte` }]);
        // Its own migrations run again as the role: nothing pending, nothing refused.
        const again = await openDatabase({
          url: serviceDatabaseUrl(db.url, 'yte', secret),
          schema: module.dbSchema,
          entities: module.entities,
          migrations: module.migrations,
          logger,
        });
        expect(await again.dataSource.query('SELECT current_user AS "user"')).toEqual([{ user: `${db.name}_yte` }]);
        await again.close();
      } finally {
        await client.end();
      }
    } finally {
      await db.drop();
      await db.dropRoles();
    }
  });
});
