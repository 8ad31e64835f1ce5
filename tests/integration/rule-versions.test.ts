/**
 * Validation rule sets stored as immutable versions, like criteria sets: the shipped v1 is stored
 * at start; v2 with a changed bound, applying from 2021, is loaded with `npm run rules:load` and
 * the publishing check of 2021 uses it while 2020's results stay v1's; loading the same content
 * again changes nothing; the same id and version with other content, and a bad file, are refused
 * naming the field, with nothing stored; the departments get the version through the graph.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../shared/paths';
import { distFile } from '../helpers/dist';
import { admin, publisher, startTestHub, type TestHub } from '../helpers/hub';

jest.setTimeout(300_000);

let hub: TestHub;
let dir: string;

const V1 = JSON.parse(fs.readFileSync(projectPath('validation-rules', 'qd06-2019.v1.json'), 'utf8')) as {
  rules: { id: string; factor?: string }[];
} & Record<string, unknown>;
/** v2: births × 1.5 instead of × 1.1, from 2021 on. */
const V2 = {
  ...V1,
  version: 2,
  fromYear: 2021,
  rules: V1.rules.map((r) => (r.id === 'YTE-7.1-IMMUNISED-LE-BIRTHS' ? { ...r, factor: '1.5' } : r)),
};

function command(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [distFile('scripts', 'load-validation-rules.js'), ...args, '--url', hub.gatewayUrl],
      {
        cwd: projectPath(),
        env: {
          ...process.env,
          HUB_JWT_SECRET: hub.tokens.secret,
          HUB_JWT_ISSUER: hub.tokens.issuer,
          HUB_JWT_AUDIENCE: hub.tokens.audience,
          HUB_TOKEN: '',
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const LIST =
  '{ validationRuleSets(criteriaSetId: "QD06-2019") { id version fromYear ruleCount loadedBy contentHash } }';
type Listed = {
  validationRuleSets: {
    id: string;
    version: number;
    fromYear: number | null;
    ruleCount: number;
    loadedBy: string;
    contentHash: string;
  }[];
};
const LOAD = 'mutation($d: String!) { loadValidationRules(document: $d) { outcome ruleSet { id version fromYear } } }';

const PUBLISH = `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) {
  applied rejectedCount rejected { code ruleId message } ruleResults { ruleId severity limit } } }`;
type Published = {
  publishYteValues: {
    applied: boolean;
    rejectedCount: number;
    rejected: { code: string; ruleId: string | null; message: string }[];
    ruleResults: { ruleId: string; severity: string; limit: string | null }[];
  };
};
/** 150 of 150 under-1s immunised in Đô Vinh, where Sở Tư pháp records 115 births: over 115 × 1.1 = 126.5, under 115 × 1.5 = 172.5. */
const publish150 = (year: number) =>
  hub.query<Published>(
    PUBLISH,
    {
      input: {
        criteriaSetId: 'QD06-2019',
        year,
        dryRun: true,
        rows: [{ commune: '22738', indicator: '7.1', numerator: 150, denominator: 150 }],
      },
    },
    publisher('YTE'),
  );

beforeAll(async () => {
  hub = await startTestHub();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-versions-'));
  for (const year of [2020, 2021]) {
    const births = await hub.query<{ publishTuphapValues: { applied: boolean } }>(
      'mutation($input: PublishValuesInput!) { publishTuphapValues(input: $input) { applied } }',
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year,
          rows: [{ commune: '22738', indicator: '2.1', numerator: 110, denominator: 115 }],
        },
      },
      publisher('TUPHAP'),
    );
    expect(births.body.data?.publishTuphapValues.applied).toBe(true);
  }
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('stored versions', () => {
  it('the shipped v1 is stored at start and applies to every year', async () => {
    const listed = await hub.query<Listed>(LIST);
    expect(listed.body.data?.validationRuleSets).toEqual([
      {
        id: 'QD06-2019-RULES',
        version: 1,
        fromYear: null,
        ruleCount: V1.rules.length,
        loadedBy: 'system (hub start-up)',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    const forYear = await hub.query<{ validationRuleSetForYear: { version: number } | null }>(
      '{ validationRuleSetForYear(criteriaSetId: "QD06-2019", year: 2021) { version } }',
    );
    expect(forYear.body.data?.validationRuleSetForYear).toEqual({ version: 1 });
    const v1In2021 = (await publish150(2021)).body.data?.publishYteValues;
    expect(v1In2021).toMatchObject({
      applied: false,
      rejectedCount: 1,
      rejected: [{ code: 'RULE_VIOLATED', ruleId: 'YTE-7.1-IMMUNISED-LE-BIRTHS' }],
    });
  });

  it('v2 with a changed bound, loaded with rules:load, is what the 2021 publishing check and rule check use; 2020 keeps v1', async () => {
    const file = path.join(dir, 'qd06-2019.v2.json');
    fs.writeFileSync(file, JSON.stringify(V2, null, 2));
    const loaded = await command([file]);
    expect([loaded.code, loaded.stderr]).toEqual([0, '']);
    expect(loaded.stdout).toContain('CREATED: QD06-2019-RULES version 2 (QD06-2019, from 2021');
    const again = await command([file]);
    expect([again.code, again.stdout]).toEqual([0, expect.stringContaining('UNCHANGED: QD06-2019-RULES version 2')]);

    const listed = await hub.query<Listed>(LIST);
    expect(listed.body.data?.validationRuleSets.map((r) => [r.version, r.fromYear, r.loadedBy])).toEqual([
      [1, null, 'system (hub start-up)'],
      [2, 2021, 'rules:load (command) (rules-load)'],
    ]);

    const in2021 = (await publish150(2021)).body.data?.publishYteValues;
    expect(in2021).toMatchObject({ applied: false, rejectedCount: 0, rejected: [] }); // a dry run: accepted, nothing written
    // v1's results for 2020 are unchanged: the same row is still refused against 115 × 1.1.
    const in2020 = (await publish150(2020)).body.data?.publishYteValues;
    expect(in2020?.rejected).toEqual([
      {
        code: 'RULE_VIOLATED',
        ruleId: 'YTE-7.1-IMMUNISED-LE-BIRTHS',
        message:
          'Under-1s fully immunised cannot exceed the births of the year by more than 10%: YTE 7.1 numerator 150 is not <= TUPHAP 2.1 denominator 115 × 1.1 = 126.5',
      },
    ]);

    // On demand, over stored values: 170 stored in 2021 is within v2's bound (172.5), not v1's (126.5), and the check names v2.
    const stored = await hub.query<Published>(
      PUBLISH,
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2021,
          allOrNothing: false,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 170, denominator: 170 }],
        },
      },
      publisher('YTE'),
    );
    expect(stored.body.data?.publishYteValues).toMatchObject({ applied: true, rejectedCount: 0 });
    const check = await hub.query<{
      yteRuleCheck: {
        ruleSetId: string;
        ruleSetVersion: number;
        valuesChecked: number;
        results: { ruleId: string; limit: string }[];
      };
    }>(
      '{ yteRuleCheck(criteriaSetId: "QD06-2019", year: 2021, districtCode: "582") { ruleSetId ruleSetVersion valuesChecked results { ruleId limit } } }',
      {},
      publisher('YTE'),
    );
    expect(check.body.data?.yteRuleCheck).toMatchObject({
      ruleSetId: 'QD06-2019-RULES',
      ruleSetVersion: 2,
      valuesChecked: 1,
      results: [],
    });
    const check2020 = await hub.query<{ yteRuleCheck: { ruleSetVersion: number } }>(
      '{ yteRuleCheck(criteriaSetId: "QD06-2019", year: 2020, districtCode: "582") { ruleSetVersion } }',
      {},
      publisher('YTE'),
    );
    expect(check2020.body.data?.yteRuleCheck.ruleSetVersion).toBe(1);
  });

  it('the same id and version with other content, a bad file, or a caller who is not the administrator: refused naming the field, nothing stored', async () => {
    const before = (await hub.query<Listed>(LIST)).body.data?.validationRuleSets;
    const other = await hub.query(LOAD, { d: JSON.stringify({ ...V2, description: 'khác' }) }, admin());
    expect(other.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_RULES_VERSION_EXISTS',
      field: 'version',
      ruleSetId: 'QD06-2019-RULES',
      version: 2,
    });
    expect(String(other.body.errors?.[0]?.extensions?.messageVi)).toBe(
      'Trường version: Bộ quy tắc kiểm tra QD06-2019-RULES phiên bản 2 đã được nạp với nội dung khác; thay đổi phải được nạp thành phiên bản mới',
    );

    const badFactor = {
      ...V2,
      version: 3,
      rules: V2.rules.map((r) => (r.id === 'YTE-7.1-IMMUNISED-LE-BIRTHS' ? { ...r, factor: 'một phẩy năm' } : r)),
    };
    const refused = await hub.query(LOAD, { d: JSON.stringify(badFactor) }, admin());
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_RULES_INVALID',
      field: 'rules[0].factor',
      issues: [{ path: 'rules[0].factor', code: 'DECIMAL_INVALID' }],
    });
    const unknownIndicator = {
      ...V2,
      version: 3,
      rules: [{ ...V2.rules[0], left: { department: 'YTE', indicator: '99.9', field: 'numerator' } }],
    };
    const unknown = await hub.query(LOAD, { d: JSON.stringify(unknownIndicator) }, admin());
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_RULES_INVALID',
      field: 'rules[0].left.indicator',
      issues: [{ path: 'rules[0].left.indicator', code: 'INDICATOR_UNKNOWN' }],
    });
    const notJson = await hub.query(LOAD, { d: '{ "format": ' }, admin());
    expect(notJson.body.errors?.[0]?.extensions).toMatchObject({
      code: 'VALIDATION_RULES_INVALID',
      field: 'document',
      issues: [{ code: 'JSON_INVALID' }],
    });
    const forbidden = await hub.query(LOAD, { d: JSON.stringify({ ...V2, version: 3 }) }, publisher('YTE'));
    expect(forbidden.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const file = path.join(dir, 'bad.json');
    fs.writeFileSync(file, JSON.stringify(badFactor));
    const byCommand = await command([file]);
    expect(byCommand.code).toBe(1);
    expect(byCommand.stderr).toContain('rules[0].factor: [DECIMAL_INVALID]');

    expect((await hub.query<Listed>(LIST)).body.data?.validationRuleSets).toEqual(before);
    // Immutable: the database itself refuses to change a stored version.
    await expect(
      hub.services.LDTBXH.db.dataSource.query('UPDATE ldtbxh.validation_rule_set_version SET from_year = 2030'),
    ).rejects.toThrow(/never changed or removed/);
  });
});
