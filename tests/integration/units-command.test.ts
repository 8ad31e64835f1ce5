/**
 * `npm run units:apply` as an operator runs it: the compiled command against a fresh database.
 * A dry run stores nothing; applying stores both maps; a second run changes nothing; a bad file
 * exits with code 2, names its row and stores nothing.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { projectPath } from '../../shared/paths';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { distFile } from '../helpers/dist';

const SHIPPED = [
  projectPath('data', 'reorganisations', '2024-11-01-phan-rang-thap-cham'),
  projectPath('data', 'reorganisations', '2025-07-01-two-tier'),
];
let db: TestDatabase;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'units-apply-'));

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * What the command wrote to stderr, less the "slow sql" warnings a loaded machine adds (they
 * report timing, not an outcome of the command).
 */
function withoutSlowSql(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !/^\{.*"message":"slow sql"/.test(line))
    .join('\n');
}

function run(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [distFile('scripts', 'units-apply.js'), ...args],
      { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' } },
      (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr: withoutSlowSql(stderr) });
      },
    );
  });
}

async function counts(): Promise<Record<string, number>> {
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const exists = (await client.query(`SELECT to_regclass('reference.commune') IS NOT NULL AS t`)).rows[0] as {
      t: boolean;
    };
    if (!exists.t) return { communes: 0, links: 0, audit: 0 };
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM reference.commune)::int AS communes, (SELECT count(*) FROM reference.unit_lineage)::int AS links, (SELECT count(*) FROM ldtbxh.audit_event)::int AS audit`,
    );
    return rows[0] as Record<string, number>;
  } finally {
    await client.end();
  }
}

it('a dry run prints what would change and stores nothing', async () => {
  const result = await run(...SHIPPED);
  expect([result.status, result.stderr]).toEqual([0, '']);
  expect(result.stdout).toContain(
    '2024-11-01-phan-rang-thap-cham (from 2024-11-01): provinces +0 / ended 0; districts ended 0; communes +2 / ended 5 / unchanged 0; retired 0; lineage links +5',
  );
  expect(result.stdout).toContain(
    '2025-07-01-two-tier (from 2025-07-01): provinces +34 / ended 1; districts ended 7; communes +3321 / ended 62 / unchanged 0; retired 0; lineage links +10571',
  );
  expect(result.stdout).toMatch(/dry run in \d+ ms: nothing was stored/);
  expect((await counts()).communes).toBe(0);
}, 120_000);

it('applies with an actor; a second run changes nothing', async () => {
  const refused = await run('--apply', ...SHIPPED);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('--actor: ACTOR_REQUIRED');
  const applied = await run('--apply', '--actor', 'Nguyễn Văn A', ...SHIPPED);
  expect([applied.status, applied.stderr]).toEqual([0, '']);
  expect(applied.stdout).toMatch(/applied in \d+ ms \(one transaction, audited\)/);
  const after = await counts();
  expect(after.communes).toBe(65 + 2 + 3321);
  const again = await run('--apply', '--actor', 'Nguyễn Văn A', ...SHIPPED);
  expect(again.stdout.split('\n').filter((l) => l.includes('already applied, nothing to change'))).toHaveLength(2);
  expect(await counts()).toEqual(after);
}, 120_000);

it('a bad file exits with code 2, names the row and stores nothing', async () => {
  const folder = path.join(dir, '2027-01-01-bad');
  fs.mkdirSync(folder);
  fs.writeFileSync(
    path.join(folder, 'units.csv'),
    'province_code,province_name,unit_code,unit_name,unit_type,valid_from\n56,Khánh Hòa,22741,Bảo An Mới,phường,2027-01-01\n56,Khánh Hòa,22742,Mới,làng,2027-01-01\n',
  );
  fs.writeFileSync(
    path.join(folder, 'lineage.csv'),
    'old_unit_code,old_unit_name,old_province_code,new_unit_code,new_unit_name,new_province_code,share_note,source_note\n22741,Phường Bảo An,56,22741,Bảo An Mới,56,,Đổi tên\n22741,Phường Bảo An,56,22742,Mới,56,,Nhập một phần\n',
  );
  const before = await counts();
  const result = await run('--apply', '--actor', 'Nguyễn Văn A', folder);
  expect(result.status).toBe(2);
  expect(result.stderr).toContain('UNITS_FILE_INVALID');
  expect(result.stderr).toMatch(
    /units\.csv:3 unit_type: FIELD_INVALID: unit_type "làng" is not xã, phường, thị trấn or đặc khu/,
  );
  expect(result.stderr).toContain('nothing was stored');
  expect(await counts()).toEqual(before);
}, 120_000);
