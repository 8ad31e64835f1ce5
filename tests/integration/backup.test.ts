/**
 * Backup and restore with the hub's own commands, compiled as `npm run backup` and `npm run
 * restore` run them, against the real database of a running test hub: back up, change the data,
 * restore, and find every table and sequence exactly as backed up; every refusal changes nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Client } from 'pg';
import { systemActor } from '../../shared/audit/actor';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { NOT_RESTORED_TABLES } from '../../scripts/backup/load';
import { distFile } from '../helpers/dist';
import { admin, publisher, startTestHub, type TestHub } from '../helpers/hub';

const SCHEMAS = ['gateway', 'reference', 'ldtbxh', 'yte', 'tuphap', 'gddt', 'congan', 'vhttdl'];

let hub: TestHub;
let fresh: TestDatabase | undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-backup-'));
const file = path.join(dir, 'hub.backup.gz');

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
  await fresh?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a compiled command with DATABASE_URL = `url`. */
function run(
  command: 'backup' | 'restore',
  url: string,
  ...args: string[]
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [distFile('scripts', `${command}.js`), ...args],
      { env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/**
 * Every row of every table of the hub's schemas, and every sequence's position — but what a
 * restore deliberately does not copy (scripts/backup/load.ts): the transaction ids that wrote the
 * values and the boards' watermarks, which name the database rather than the data.
 */
async function snapshot(url: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = ANY($1) ORDER BY 1`,
      [SCHEMAS],
    );
    const result: Record<string, unknown> = {};
    for (const { name } of tables.rows) {
      if (NOT_RESTORED_TABLES.has(name)) continue;
      const [schema, table] = name.split('.');
      result[name] = (
        await client.query<{ row: string }>(
          `SELECT (to_jsonb(t) - 'written_xid')::text AS row FROM "${schema}"."${table}" t ORDER BY 1`,
        )
      ).rows.map((r) => r.row);
    }
    const sequences = await client.query<{ name: string }>(
      `SELECT schemaname || '.' || sequencename AS name FROM pg_sequences WHERE schemaname = ANY($1) ORDER BY 1`,
      [SCHEMAS],
    );
    for (const { name } of sequences.rows) {
      const [schema, sequence] = name.split('.');
      result[`sequence ${name}`] = (
        await client.query(`SELECT last_value::text, is_called FROM "${schema}"."${sequence}"`)
      ).rows;
    }
    return result;
  } finally {
    await client.end();
  }
}

const PUBLISH = (department: 'Yte' | 'Gddt') => /* GraphQL */ `
  mutation($input: PublishValuesInput!) { publish${department}Values(input: $input) { applied created updated } }
`;

describe('backup, change, restore', () => {
  let before: Record<string, unknown>;
  let changed: Record<string, unknown>;

  beforeAll(async () => {
    // Data in every kind of table: values with revisions and publications, the audit trails, a category, an API key.
    const yte = await hub.query(
      PUBLISH('Yte'),
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 97, denominator: 100, note: 'đủ mũi' }],
        },
      },
      publisher('YTE'),
    );
    expect(yte.body).toEqual({ data: { publishYteValues: { applied: true, created: 1, updated: 0 } } });
    const category = await hub.query(
      /* GraphQL */ `mutation { setCommuneCategory(input: { commune: "22741", fromYear: 2019, category: MOUNTAIN_ISLAND_DISADVANTAGED, source: "Quyết định của tỉnh" }) { category } }`,
      {},
      admin(),
    );
    expect(category.body.errors).toBeUndefined();
    await hub.apiKeys.create(
      { label: 'Hệ thống Sở Y tế', role: 'DEPARTMENT_PUBLISHER', department: 'YTE' },
      systemActor('backup test'),
    );
    before = await snapshot(hub.db.url);
  });

  it('writes the backup while the hub runs, and never overwrites a file', async () => {
    const done = await run('backup', hub.db.url, file);
    expect({ status: done.status, stderr: done.stderr }).toEqual({ status: 0, stderr: '' });
    expect(done.stdout).toMatch(
      new RegExp(`^backup written to ${file.replace(/[.]/g, '\\.')}: \\d+ rows of \\d+ tables\\n$`),
    );
    const again = await run('backup', hub.db.url, file);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^backup: EEXIST: file already exists/);
  });

  it('restore refuses the running hub, then a non-empty database, changing nothing', async () => {
    const yte = await hub.query(
      PUBLISH('Yte'),
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 60, denominator: 100 }],
        },
      },
      publisher('YTE'),
    );
    expect(yte.body).toEqual({ data: { publishYteValues: { applied: true, created: 0, updated: 1 } } });
    const gddt = await hub.query(
      PUBLISH('Gddt'),
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '10.1', numerator: 1, denominator: 2 }],
        },
      },
      publisher('GDDT'),
    );
    expect(gddt.body.errors).toBeUndefined();
    changed = await snapshot(hub.db.url);
    expect(changed).not.toEqual(before);

    const running = await run('restore', hub.db.url, file);
    expect(running.status).toBe(2);
    expect(running.stderr).toMatch(
      /^restore: the hub is running: .*hub-yte \(\d+\).* connected to this database\. Stop it first \(or --force\)\n$/,
    );
    const nonEmpty = await run('restore', hub.db.url, file, '--force');
    expect({ status: nonEmpty.status, stderr: nonEmpty.stderr }).toEqual({
      status: 2,
      stderr: `restore: the database is not empty: it has the hub's schemas congan, gateway, gddt, ldtbxh, reference, tuphap, vhttdl, yte. Restore into an empty database, or --replace to drop them first\n`,
    });
    expect(await snapshot(hub.db.url)).toEqual(changed);
  });

  it('restores into an empty database (another machine) exactly what was backed up: rows, audit trails, sequences', async () => {
    fresh = await createTestDatabase();
    const done = await run('restore', fresh.url, file);
    expect({ status: done.status, stderr: done.stderr }).toEqual({ status: 0, stderr: '' });
    expect(done.stdout).toMatch(/^restored \d+ rows of \d+ tables from /);
    const restored = await snapshot(fresh.url);
    expect(restored).toEqual(before);
    // The values record the restore's own transaction, and no board watermark of the other database remains.
    const client = new Client({ connectionString: fresh.url });
    await client.connect();
    try {
      const writers = await client.query<{ n: number; rows: number }>(
        'SELECT count(DISTINCT written_xid)::int AS n, count(*)::int AS rows FROM yte.indicator_value',
      );
      expect(writers.rows[0]?.rows).toBeGreaterThan(0);
      expect(writers.rows[0]?.n).toBe(1);
      const boards = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM ldtbxh.assessment_board_state');
      expect(boards.rows[0]?.n).toBe(0);
    } finally {
      await client.end();
    }
    expect(restored).not.toEqual(changed);
    // The audit trail came back as it was: the restore itself added nothing to it.
    expect((restored['yte.audit_event'] as string[]).length).toBe((before['yte.audit_event'] as string[]).length);
  });

  it('--replace restores over a changed copy, which plain restore refuses', async () => {
    if (!fresh) throw new Error('needs the previous test');
    // Change the restored copy, then restore over it.
    const client = new Client({ connectionString: fresh.url });
    await client.connect();
    await client.query(
      `BEGIN; SELECT set_config('hub.actor', 'backup test', true); UPDATE yte.indicator_value SET note = 'đổi sau sao lưu'; COMMIT`,
    );
    await client.end();
    expect(await snapshot(fresh.url)).not.toEqual(before);
    const refused = await run('restore', fresh.url, file);
    expect(refused.status).toBe(2);
    const done = await run('restore', fresh.url, file, '--replace');
    expect({ status: done.status, stderr: done.stderr }).toEqual({ status: 0, stderr: '' });
    expect(await snapshot(fresh.url)).toEqual(before);
  });

  it('refuses a cut-off or foreign file before touching anything', async () => {
    const target = await createTestDatabase();
    try {
      const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').trimEnd().split('\n');
      const cut = path.join(dir, 'cut.gz');
      fs.writeFileSync(cut, zlib.gzipSync(lines.slice(0, -1).join('\n') + '\n'));
      expect(await run('restore', target.url, cut)).toEqual({
        status: 2,
        stdout: '',
        stderr: `restore: ${cut} is incomplete (no end line): the backup was cut off\n`,
      });
      const foreign = path.join(dir, 'foreign.sql');
      fs.writeFileSync(foreign, 'CREATE TABLE x ();\n');
      const refused = await run('restore', target.url, foreign);
      expect({ status: refused.status, stderr: refused.stderr.split(' (')[0] }).toEqual({
        status: 2,
        stderr: `restore: ${foreign} is not a hub backup`,
      });
      expect(await snapshot(target.url)).toEqual({});
    } finally {
      await target.drop();
    }
  });
});
