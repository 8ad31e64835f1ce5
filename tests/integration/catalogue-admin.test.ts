/**
 * Loading criteria-set versions and assigning sets to years, through the gateway and through the
 * `criteria:load` command: validated first, never edited in place, past decisions reproducible.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { projectPath } from '../../shared/paths';
import { distFile } from '../helpers/dist';
import { admin, publisher, startTestHub, type TestHub } from '../helpers/hub';

const run = promisify(execFile);
let hub: TestHub;
const ADMIN = admin();
const shipped = JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v1.json'), 'utf8')) as Record<
  string,
  unknown
>;

const LOAD = /* GraphQL */ `mutation($document: String!) { loadCriteriaSet(document: $document) { outcome criteriaSet { id version loadedBy contentHash } } }`;
const ASSIGN = /* GraphQL */ `mutation($input: AssignCriteriaSetInput!) { assignCriteriaSet(input: $input) { year criteriaSetId note assignedBy assignedAt criteriaSet { version } } }`;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

async function versions(): Promise<number> {
  return (
    await hub.services.LDTBXH.db.dataSource.query(`SELECT count(*)::int AS n FROM reference.criteria_set_version`)
  )[0].n as number;
}

describe('loadCriteriaSet', () => {
  it('loads a new version, and the same content again is UNCHANGED', async () => {
    // Versions 1 and 2 are shipped: the next one a province loads is a higher number.
    const v2 = { ...shipped, version: 4, notes: 'test: version 4' };
    const first = await hub.query<{
      loadCriteriaSet: { outcome: string; criteriaSet: { id: string; version: number; loadedBy: string } };
    }>(LOAD, { document: JSON.stringify(v2) }, ADMIN);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.loadCriteriaSet).toMatchObject({
      outcome: 'CREATED',
      criteriaSet: { id: 'QD06-2019', version: 4, loadedBy: 'province-admin' },
    });
    const again = await hub.query<{ loadCriteriaSet: { outcome: string } }>(
      LOAD,
      { document: JSON.stringify(v2) },
      ADMIN,
    );
    expect(again.body.data?.loadCriteriaSet.outcome).toBe('UNCHANGED');
    const latest = await hub.query<{ criteriaSet: { version: number } }>(
      `{ criteriaSet(id: "QD06-2019") { version } }`,
    );
    expect(latest.body.data?.criteriaSet.version).toBe(4);
  });

  it('refuses other content under a version already loaded, changing nothing', async () => {
    const before = await versions();
    const changed = { ...shipped, notes: 'edited in place' };
    const result = await hub.query(LOAD, { document: JSON.stringify(changed) }, ADMIN);
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'CRITERIA_SET_VERSION_EXISTS',
      field: 'version',
    });
    expect(await versions()).toBe(before);
  });

  it('refuses an invalid document listing every problem, changing nothing', async () => {
    const before = await versions();
    const criteria = (shipped.criteria as Record<string, unknown>[]).map((c, i) =>
      i === 0 ? { ...c, maxPoints: 99 } : c,
    );
    const bad = { ...shipped, version: 3, maxTotal: 999, criteria };
    const result = await hub.query(LOAD, { document: JSON.stringify(bad) }, ADMIN);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('CRITERIA_SET_INVALID');
    const issues = result.body.errors?.[0]?.extensions?.issues as { path: string; code: string }[];
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual(
      expect.arrayContaining(['POINTS_SUM_MISMATCH criteria[0].maxPoints']),
    );
    const notJson = await hub.query(LOAD, { document: '{ nope' }, ADMIN);
    expect(notJson.body.errors?.[0]?.extensions).toMatchObject({ code: 'CRITERIA_SET_INVALID', field: 'document' });
    expect(await versions()).toBe(before);
  });

  it('refuses a load by the public or another role, changing nothing', async () => {
    const before = await versions();
    const anonymous = await hub.query(LOAD, { document: JSON.stringify({ ...shipped, version: 7 }) });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const publisherTry = await hub.query(
      LOAD,
      { document: JSON.stringify({ ...shipped, version: 7 }) },
      publisher('YTE'),
    );
    expect(publisherTry.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await versions()).toBe(before);
  });

  it('the criteria:load command validates locally, then loads through the gateway', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-criteria-'));
    const good = path.join(dir, 'v5.json');
    fs.writeFileSync(good, JSON.stringify({ ...shipped, version: 5 }));
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...shipped, version: 6, years: { from: 2030, to: 2020 } }));
    const env = { ...process.env, APOLLO_TELEMETRY_DISABLED: '1' };
    const token = (await hub.headersFor(admin('cli-test'))).authorization?.slice('Bearer '.length) ?? '';
    const cli = (file: string) =>
      run(
        process.execPath,
        [distFile('scripts', 'load-criteria-set.js'), file, '--url', hub.gatewayUrl, '--token', token],
        { env },
      ).then(
        (r) => ({ code: 0, ...r }),
        (e: { code: number; stdout: string; stderr: string }) => e,
      );
    const ok = await cli(good);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^CREATED: QD06-2019 version 5, hash [0-9a-f]{64}/m);
    const refused = await cli(bad);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[YEARS_INVALID]');
    const [row] = await hub.services.LDTBXH.db.dataSource.query(
      `SELECT loaded_by FROM reference.criteria_set_version WHERE set_id = 'QD06-2019' AND version = 5`,
    );
    expect(row).toEqual({ loaded_by: 'cli-test' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('assignCriteriaSet', () => {
  it('starts from the defaults: QĐ 34 to 2018, QĐ 06 from 2019', async () => {
    const result = await hub.query<{
      criteriaSetAssignments: { year: number; criteriaSetId: string; assignedBy: string }[];
    }>(`{ criteriaSetAssignments { year criteriaSetId assignedBy } }`);
    const byYear = Object.fromEntries(
      (result.body.data?.criteriaSetAssignments ?? []).map((a) => [a.year, a.criteriaSetId]),
    );
    expect(byYear).toMatchObject({
      2015: 'QD34-2014',
      2018: 'QD34-2014',
      2019: 'QD06-2019',
      2020: 'QD06-2019',
      2030: 'QD06-2019',
    });
  });

  it('a new decision applies from now on; asking as of before it shows the earlier one', async () => {
    const before = new Date().toISOString();
    // QĐ 34/2014's own years end in 2018, so 2019 cannot be assigned to it: refused, nothing recorded.
    const refused = await hub.query(
      ASSIGN,
      { input: { year: 2019, criteriaSetId: 'QD34-2014', note: 'province used QĐ 34 for 2019' } },
      ADMIN,
    );
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'YEAR_OUT_OF_RANGE', field: 'year' });
    const unknown = await hub.query(ASSIGN, { input: { year: 2019, criteriaSetId: 'NOPE', note: 'x' } }, ADMIN);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'UNKNOWN_CRITERIA_SET',
      field: 'criteriaSetId',
    });
    const anonymous = await hub.query(ASSIGN, { input: { year: 2019, criteriaSetId: 'QD06-2019', note: 'x' } });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const v1only = JSON.parse(JSON.stringify(shipped)) as Record<string, unknown>;
    await hub.query(
      LOAD,
      { document: JSON.stringify({ ...v1only, id: 'QD06-2019-NT', title: 'QĐ 06 as applied by the province (test)' }) },
      ADMIN,
    );
    const assigned = await hub.query<{ assignCriteriaSet: Record<string, unknown> }>(
      ASSIGN,
      { input: { year: 2020, criteriaSetId: 'QD06-2019-NT', note: 'Công văn 1/SLĐTBXH (test)' } },
      ADMIN,
    );
    expect(assigned.body.errors).toBeUndefined();
    expect(assigned.body.data?.assignCriteriaSet).toMatchObject({
      year: 2020,
      criteriaSetId: 'QD06-2019-NT',
      note: 'Công văn 1/SLĐTBXH (test)',
      assignedBy: 'province-admin',
      criteriaSet: { version: 1 },
    });

    const now = await hub.query<{ criteriaSetAssignments: { year: number; criteriaSetId: string }[] }>(
      `{ criteriaSetAssignments { year criteriaSetId } }`,
    );
    expect(now.body.data?.criteriaSetAssignments.find((a) => a.year === 2020)?.criteriaSetId).toBe('QD06-2019-NT');
    const then = await hub.query<{
      criteriaSetAssignments: { year: number; criteriaSetId: string; criteriaSet: { version: number } }[];
    }>(
      `query($asOf: DateTime) { criteriaSetAssignments(asOf: $asOf) { year criteriaSetId criteriaSet { version } } }`,
      {
        asOf: before,
      },
    );
    const y2020 = then.body.data?.criteriaSetAssignments.find((a) => a.year === 2020);
    expect(y2020?.criteriaSetId).toBe('QD06-2019');
    // As of `before`, versions 4 and 5 loaded by the tests above were already there: the latest then whose years include 2020.
    expect(y2020?.criteriaSet.version).toBe(5);
    const history = await hub.query<{ criteriaSetAssignmentHistory: { year: number; criteriaSetId: string }[] }>(
      `{ criteriaSetAssignmentHistory { year criteriaSetId } }`,
    );
    expect(
      history.body.data?.criteriaSetAssignmentHistory.filter((a) => a.year === 2020).map((a) => a.criteriaSetId),
    ).toEqual(['QD06-2019-NT', 'QD06-2019']);
  });

  it('refuses a malformed asOf, naming it', async () => {
    const result = await hub.query(`{ criteriaSetAssignments(asOf: "yesterday") { year } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'asOf',
      scalar: 'DateTime',
      messageVi:
        'Trường asOf: Giá trị "yesterday" không hợp lệ: phải là thời điểm theo ISO 8601 có múi giờ, ví dụ 2025-07-01T00:00:00Z',
    });
  });
});
