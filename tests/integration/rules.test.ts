/**
 * Validation rules across departments, through the gateway: an ERROR rule refuses a Sở Y tế row
 * that Sở Tư pháp's births contradict (nothing stored), a WARNING rule stores and flags one; the
 * other department's figures come through the graph; rules on demand show both sides' figures.
 */
import { DEPARTMENTS, type Department } from '../../shared/departments';
import { importFile, type GraphTarget } from '../../scripts/intake-client';
import { publisher, startTestHub, type TestHub } from '../helpers/hub';
import { csvSheet } from '../helpers/sheets';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

let hub: TestHub;
let dir: string;
const YTE = DEPARTMENTS[1] as Department;

beforeAll(async () => {
  hub = await startTestHub();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'));
  // Sở Tư pháp records 115 births in Đô Vinh (22738) in 2020.
  const births = await hub.query<{ publishTuphapValues: { applied: boolean } }>(
    'mutation($input: PublishValuesInput!) { publishTuphapValues(input: $input) { applied } }',
    {
      input: {
        criteriaSetId: 'QD06-2019',
        year: 2020,
        rows: [{ commune: '22738', indicator: '2.1', numerator: 110, denominator: 115 }],
      },
    },
    publisher('TUPHAP'),
  );
  expect(births.body.data?.publishTuphapValues.applied).toBe(true);
});

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const target = async (): Promise<GraphTarget> => ({
  url: hub.gatewayUrl,
  headers: await hub.headersFor(publisher('YTE')),
});
const HEADER = ['Mã xã', 'Mã chỉ tiêu', 'Tử số', 'Mẫu số', 'Số lượng'];

async function importRows(name: string, rows: (string | number | null)[][], dryRun = false) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, csvSheet(HEADER, rows));
  return importFile(await target(), {
    file,
    department: YTE,
    year: 2020,
    criteriaSetId: 'QD06-2019',
    dryRun,
    chunkSize: 1000,
  });
}

const yteValues = () =>
  hub.services.YTE.db.dataSource.query(
    'SELECT commune_code, indicator_code, numerator, denominator, count FROM yte.indicator_value ORDER BY commune_code, indicator_code',
  );

describe('an ERROR rule across departments', () => {
  it('refuses 50,000 of 50,000 under-1s immunised in a commune with 115 births, with both figures; nothing stored', async () => {
    const report = await importRows('do-vinh.csv', [
      ['22741', '9.1', 90, 100, null],
      ['22738', '7.1', 50000, 50000, null],
    ]);
    expect(report).toMatchObject({ status: 'ERROR', applied: false, rejected: 1 });
    const errors = report.problems.filter((p) => p.severity === 'ERROR');
    expect(errors).toEqual([
      {
        row: 3,
        column: 'C (Tử số)',
        field: 'numerator',
        commune: '22738',
        indicator: '7.1',
        code: 'RULE_VIOLATED:YTE-7.1-IMMUNISED-LE-BIRTHS',
        severity: 'ERROR',
        message:
          'Under-1s fully immunised cannot exceed the births of the year by more than 10%: YTE 7.1 numerator 50000 is not <= TUPHAP 2.1 denominator 115 × 1.1 = 126.5',
        messageVi:
          'Số trẻ dưới 1 tuổi được tiêm chủng đầy đủ không được vượt quá 110% số trẻ sinh ra trong năm: tử số chỉ tiêu 7.1 (YTE) là 50000, không ≤ mẫu số chỉ tiêu 2.1 (TUPHAP) 115 × 1.1 = 126.5',
      },
    ]);
    expect(await yteValues()).toEqual([]);
  });

  it('where the other department has published nothing, the comparison is not evaluated (missing data is never zero)', async () => {
    const report = await importRows('no-births.csv', [['22741', '7.1', 500, 500, null]], true);
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ status: 'OK', dryRun: true, applied: false, created: 1 });
  });
});

describe('a WARNING rule across departments', () => {
  it('stores the row and flags it, with the figures on both sides', async () => {
    // 90 under-1s counted by health against 115 births: below 80 % (92); 25 deaths from accidents: implausible.
    const report = await importRows('warn.csv', [
      ['22738', '7.1', 88, 90, null],
      ['22738', '5.1', null, null, 25],
    ]);
    expect(report).toMatchObject({ status: 'WARNING', applied: true, created: 2, rejected: 0, warnings: 2 });
    expect(report.problems.map((p) => [p.row, p.column, p.code, p.severity])).toEqual([
      [2, 'D (Mẫu số)', 'RULE_WARNING:YTE-7.1-UNDER1-NEAR-BIRTHS', 'WARNING'],
      [3, 'E (Số lượng)', 'RULE_WARNING:YTE-5.1-DEATHS-PLAUSIBLE', 'WARNING'],
    ]);
    expect(report.problems[0]?.messageVi).toBe(
      'Số trẻ dưới 1 tuổi của ngành y tế nên từ 80% số trẻ sinh ra trong năm trở lên: mẫu số chỉ tiêu 7.1 (YTE) là 90, không ≥ mẫu số chỉ tiêu 2.1 (TUPHAP) 115 × 0.8 = 92',
    );
    expect(await yteValues()).toEqual([
      { commune_code: '22738', indicator_code: '5.1', numerator: null, denominator: null, count: 25 },
      { commune_code: '22738', indicator_code: '7.1', numerator: 88, denominator: 90, count: null },
    ]);
    const flags: { rule_id: string; severity: string; commune_code: string; publication_id: string }[] =
      await hub.services.YTE.db.dataSource.query(
        'SELECT rule_id, severity, commune_code, publication_id::text FROM yte.rule_flag ORDER BY id',
      );
    expect(flags.map((f) => [f.rule_id, f.severity, f.commune_code])).toEqual([
      ['YTE-7.1-UNDER1-NEAR-BIRTHS', 'WARNING', '22738'],
      ['YTE-5.1-DEATHS-PLAUSIBLE', 'WARNING', '22738'],
    ]);
    expect(flags[0]?.publication_id).toBe(report.publicationId);
  });

  it('on demand for a district: the rules over stored values, with both sides', async () => {
    const check = await hub.query<{
      yteRuleCheck: {
        ruleSetId: string;
        ruleSetVersion: number;
        valuesChecked: number;
        results: {
          ruleId: string;
          severity: string;
          communeCode: string;
          left: unknown;
          right: unknown;
          limit: string;
        }[];
      };
    }>(
      '{ yteRuleCheck(criteriaSetId: "QD06-2019", year: 2020, districtCode: "582") { ruleSetId ruleSetVersion valuesChecked results { ruleId severity communeCode left { department indicator field value } right { department indicator field value } limit } } }',
      {},
      publisher('YTE'),
    );
    expect(check.body.errors).toBeUndefined();
    expect(check.body.data?.yteRuleCheck).toEqual({
      ruleSetId: 'QD06-2019-RULES',
      ruleSetVersion: 1,
      valuesChecked: 2,
      results: [
        {
          ruleId: 'YTE-5.1-DEATHS-PLAUSIBLE',
          severity: 'WARNING',
          communeCode: '22738',
          left: { department: 'YTE', indicator: '5.1', field: 'count', value: '25' },
          right: null,
          limit: '<= 20',
        },
        {
          ruleId: 'YTE-7.1-UNDER1-NEAR-BIRTHS',
          severity: 'WARNING',
          communeCode: '22738',
          left: { department: 'YTE', indicator: '7.1', field: 'denominator', value: '90' },
          right: { department: 'TUPHAP', indicator: '2.1', field: 'denominator', value: '115' },
          limit: '>= 92',
        },
      ],
    });
  });
});

describe('rules on the publishing mutation', () => {
  const PUBLISH = `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) {
    applied created updated unchanged rejectedCount publicationId
    rejected { index commune indicator code field message messageVi ruleId }
    rows { index outcome }
    ruleResults { ruleId severity communeCode indicator index left { department indicator field value } right { department indicator field value } limit messageVi } } }`;
  type Result = {
    applied: boolean;
    created: number;
    rejectedCount: number;
    publicationId: string | null;
    rejected: { index: number; code: string; field: string; messageVi: string; ruleId: string | null }[];
    rows: { index: number; outcome: string }[];
    ruleResults: { ruleId: string; severity: string; index: number; right: { value: string } | null }[];
  };
  const publish = (rows: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
    hub.query<{ publishYteValues: Result }>(
      PUBLISH,
      { input: { criteriaSetId: 'QD06-2019', year: 2020, rows, ...extra } },
      publisher('YTE'),
    );

  it('an ERROR rule refuses the row: all-or-nothing, nothing stored; allOrNothing false, the other rows are', async () => {
    const before = await yteValues();
    const refused = (
      await publish([
        { commune: '22741', indicator: '9.1', numerator: 80, denominator: 100 },
        { commune: '22738', indicator: '7.1', numerator: 50000, denominator: 50000 },
      ])
    ).body.data?.publishYteValues;
    expect(refused).toMatchObject({
      applied: false,
      rejectedCount: 1,
      publicationId: null,
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'REJECTED' },
      ],
    });
    expect(refused?.rejected).toEqual([
      {
        index: 1,
        commune: '22738',
        indicator: '7.1',
        code: 'RULE_VIOLATED',
        field: 'numerator',
        ruleId: 'YTE-7.1-IMMUNISED-LE-BIRTHS',
        message:
          'Under-1s fully immunised cannot exceed the births of the year by more than 10%: YTE 7.1 numerator 50000 is not <= TUPHAP 2.1 denominator 115 × 1.1 = 126.5',
        messageVi:
          'Số trẻ dưới 1 tuổi được tiêm chủng đầy đủ không được vượt quá 110% số trẻ sinh ra trong năm: tử số chỉ tiêu 7.1 (YTE) là 50000, không ≤ mẫu số chỉ tiêu 2.1 (TUPHAP) 115 × 1.1 = 126.5',
      },
    ]);
    expect(refused?.ruleResults.map((r) => [r.ruleId, r.severity, r.index, r.right?.value])).toEqual([
      ['YTE-7.1-IMMUNISED-LE-BIRTHS', 'ERROR', 1, '115'],
    ]);
    expect(await yteValues()).toEqual(before);

    const partial = (
      await publish(
        [
          { commune: '22741', indicator: '9.1', numerator: 80, denominator: 100 },
          { commune: '22738', indicator: '7.1', numerator: 50000, denominator: 50000 },
        ],
        { allOrNothing: false },
      )
    ).body.data?.publishYteValues;
    expect(partial).toMatchObject({
      applied: true,
      created: 1,
      rejectedCount: 1,
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'REJECTED' },
      ],
    });
    expect(partial?.rejected.map((r) => [r.index, r.code])).toEqual([[1, 'RULE_VIOLATED']]);
    expect(await yteValues()).toEqual([
      ...before,
      { commune_code: '22741', indicator_code: '9.1', numerator: 80, denominator: 100, count: null },
    ]);
  });

  it('a WARNING rule stores the row and flags it with the publication', async () => {
    const warned = (await publish([{ commune: '22738', indicator: '7.1', numerator: 89, denominator: 91 }])).body.data
      ?.publishYteValues;
    expect(warned).toMatchObject({ applied: true, rejectedCount: 0, rows: [{ index: 0, outcome: 'UPDATED' }] });
    expect(warned?.ruleResults.map((r) => [r.ruleId, r.severity, r.right?.value])).toEqual([
      ['YTE-7.1-UNDER1-NEAR-BIRTHS', 'WARNING', '115'],
    ]);
    const flags: { rule_id: string; publication_id: string }[] = await hub.services.YTE.db.dataSource.query(
      'SELECT rule_id, publication_id::text FROM yte.rule_flag WHERE publication_id = $1',
      [warned?.publicationId],
    );
    expect(flags).toEqual([{ rule_id: 'YTE-7.1-UNDER1-NEAR-BIRTHS', publication_id: warned?.publicationId }]);
  });
});
