/**
 * The hub after the 2025 reorganisation: a 2026 assessment and recognition of a new unit of
 * Khánh Hòa run end to end (the province decides; a district officer may not), a 2020 one on the
 * old map is unchanged, the procedure is configuration per period, and a commune's trend and
 * streak follow the lineage with the stated policy — on a split (Đông Hải, 22780, formed from part
 * of the old 22768 and the whole of 22771, 22779 and 22780). Reports and overviews of 2026 have no
 * district level.
 */
import type { DepartmentCode } from '../../shared/departments';
import { projectPath } from '../../shared/paths';
import type { ProvinceReportContent } from '../../subgraphs/ldtbxh/reports/content';
import { unitsApply } from '../../subgraphs/ldtbxh/units/command';
import { communeRows, MUTATION_OF } from '../fixtures/qd06';
import {
  admin,
  communeOfficer,
  districtOfficer,
  provinceOfficer,
  publisher,
  startTestHub,
  type GraphQLResponse,
  type TestHub,
  type TestIdentity,
} from '../helpers/hub';
import { throughRecognisingSteps } from '../helpers/procedure';

let hub: TestHub;

const NEW = '22780'; // Đông Hải (Khánh Hòa, from 2025-07-01)
const OLD_PARTS = ['22768', '22771', '22779', '22780']; // Đông Hải (part), Mỹ Đông, Mỹ Bình, Mỹ Hải (Phan Rang–Tháp Chàm, district 582)
const KHANH_HOA = provinceOfficer('56');
const PRT = districtOfficer('582');

async function publishYear(year: number, communes: readonly string[]): Promise<void> {
  const merged: Record<string, Record<string, unknown>[]> = {};
  for (const code of communes)
    for (const [d, rows] of Object.entries(communeRows(code))) (merged[d] ??= []).push(...rows);
  for (const [department, rows] of Object.entries(merged)) {
    const field = MUTATION_OF[department] ?? '';
    const result = await hub.query<Record<string, { applied: boolean; rejected: unknown[] }>>(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied rejected { index code field } } }`,
      { input: { criteriaSetId: 'QD06-2019', year, rows } },
      publisher(department as DepartmentCode),
    );
    expect([department, year, result.body.errors, result.body.data?.[field]]).toEqual([
      department,
      year,
      undefined,
      { applied: true, rejected: [] },
    ]);
  }
}

const CYCLE = `state decision { actor details }`;
const dates = (year: number) =>
  year === 2026
    ? { meeting: '2026-11-10', decision: '2026-11-25' }
    : { meeting: `${year}-12-10`, decision: `${year + 1}-01-15` };

async function prepare(commune: string, year: number): Promise<void> {
  const officer = communeOfficer(commune);
  const steps: [string, Record<string, unknown>][] = [
    [
      `mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { state } }`,
      { c: commune, y: year },
    ],
    [
      `mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }`,
      {
        i: {
          commune,
          year,
          meetingDate: dates(year).meeting,
          requestLetter: `Tờ trình ${commune}/${year}`,
          assessmentReport: 'Báo cáo đánh giá',
          dataSourceExplanation: 'Giải trình nguồn số liệu',
          councilMinutes: 'Biên bản họp',
        },
      },
    ],
    [`mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { state } }`, { c: commune, y: year }],
  ];
  for (const [mutation, variables] of steps)
    expect([commune, year, (await hub.query(mutation, variables, officer)).body.errors]).toEqual([
      commune,
      year,
      undefined,
    ]);
}

/** The recognising level's steps of a submitted dossier (tests/helpers/procedure.ts), then the decision, as `who`. */
async function recognise(commune: string, year: number, who: TestIdentity) {
  type Answer = { recognise: { state: string; decision: { actor: string; details: Record<string, unknown> } } };
  const steps = await throughRecognisingSteps(hub, commune, year, who, dates(year).decision);
  if (steps) return steps as GraphQLResponse<Answer>;
  return hub.query<Answer>(
    `mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { ${CYCLE} } }`,
    {
      i: {
        commune,
        year,
        decisionNumber: `${year}/QĐ-${commune}`,
        decisionDate: dates(year).decision,
        signer: 'Chủ tịch UBND',
      },
    },
    who,
  );
}

beforeAll(async () => {
  hub = await startTestHub();
  const ds = hub.services.LDTBXH.db.dataSource;
  await unitsApply(
    ds,
    [
      projectPath('data', 'reorganisations', '2024-11-01-phan-rang-thap-cham'),
      projectPath('data', 'reorganisations', '2025-07-01-two-tier'),
    ],
    { apply: true, actor: 'two-tier test' },
  );
  // The new unit's category, recorded by the province from its first year.
  const category = await hub.query(
    `mutation { setCommuneCategory(input: { commune: "${NEW}", category: URBAN_WARD, fromYear: 2025, source: "QĐ phân loại (test)" }) { fromYear } }`,
    {},
    admin(),
  );
  expect(category.body.errors).toBeUndefined();
  await publishYear(2020, ['22741']);
  await publishYear(2024, OLD_PARTS);
  await publishYear(2025, [NEW]);
  await publishYear(2026, [NEW]);
}, 180_000);

afterAll(async () => {
  await hub?.stop();
});

describe('who decides, per period', () => {
  it('the procedure is configuration per period, with provisional defaults', async () => {
    const result = await hub.query<{
      procedurePeriods: unknown[];
      a: { year: { procedure: unknown; commune: { name: string; district: { code: string } | null } } };
      b: { year: { procedure: unknown; commune: { name: string; district: null } } };
    }>(`{
      procedurePeriods { validFrom recognisingLevel reportingLevel levelsProvisional lineagePolicy lineagePolicyProvisional setBy }
      a: commune(code: "22741") { year(year: 2020) { procedure { validFrom recognisingLevel } commune { name district { code } } } }
      b: commune(code: "22741") { year(year: 2026) { procedure { validFrom recognisingLevel } commune { name district { code } } } }
    }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.procedurePeriods).toEqual([
      {
        validFrom: '2000-01-01',
        recognisingLevel: 'DISTRICT',
        reportingLevel: 'DISTRICT',
        levelsProvisional: false,
        lineagePolicy: 'ALL_PREDECESSORS',
        lineagePolicyProvisional: true,
        setBy: 'system (hub start-up)',
      },
      {
        validFrom: '2025-07-01',
        recognisingLevel: 'PROVINCE',
        reportingLevel: 'PROVINCE',
        levelsProvisional: true,
        lineagePolicy: 'ALL_PREDECESSORS',
        lineagePolicyProvisional: true,
        setBy: 'system (hub start-up)',
      },
    ]);
    expect(result.body.data?.a.year).toEqual({
      procedure: { validFrom: '2000-01-01', recognisingLevel: 'DISTRICT' },
      commune: { name: 'Phước Mỹ', district: { code: '582' } },
    });
    expect(result.body.data?.b.year).toEqual({
      procedure: { validFrom: '2025-07-01', recognisingLevel: 'PROVINCE' },
      commune: { name: 'Bảo An', district: null },
    });
  });

  it('a 2020 recognition on the old map is unchanged: the district decides', async () => {
    await prepare('22741', 2020);
    const result = await recognise('22741', 2020, PRT);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.recognise).toMatchObject({ state: 'RECOGNISED', decision: { actor: 'district-582' } });
  });

  it('a 2026 assessment and recognition of a new commune run end to end: the province decides, a district officer may not', async () => {
    const assessment = await hub.query<{
      commune: {
        name: string;
        district: null;
        year: {
          assessment: {
            total: number;
            status: string;
            eligible: boolean;
            threshold: { category: string; points: number };
          };
        };
      };
    }>(
      `{ commune(code: "${NEW}") { name district { code } year(year: 2026) { assessment { total status eligible threshold { category points } } } } }`,
    );
    expect(assessment.body.errors).toBeUndefined();
    expect(assessment.body.data?.commune).toEqual({
      name: 'Đông Hải',
      district: null,
      year: {
        assessment: {
          total: 1000,
          status: 'COMPLETE',
          eligible: true,
          threshold: { category: 'URBAN_WARD', points: 900 },
        },
      },
    });
    await prepare(NEW, 2026);
    const byDistrict = await recognise(NEW, 2026, PRT);
    expect(byDistrict.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(byDistrict.body.errors?.[0]?.message).toContain('two-tier map');
    // The first of the recognising level's steps, the dossier check, is already the province's.
    expect(byDistrict.body.errors?.[0]?.extensions?.action).toBe(`ACCEPT_DOSSIER commune ${NEW}`);
    const byOtherProvince = await recognise(NEW, 2026, provinceOfficer('58'));
    expect(byOtherProvince.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    const byProvince = await recognise(NEW, 2026, KHANH_HOA);
    expect(byProvince.body.errors).toBeUndefined();
    expect(byProvince.body.data?.recognise).toMatchObject({ state: 'RECOGNISED', decision: { actor: 'province-56' } });
    expect(byProvince.body.data?.recognise.decision.details).toMatchObject({
      decisionNumber: '2026/QĐ-22780',
      decisionDate: '2026-11-25',
    });
    const history = await hub.query<{
      commune: { year: { recognition: { history: { action: string; actor: string }[] } } };
    }>(`{ commune(code: "${NEW}") { year(year: 2026) { recognition { history { action actor } } } } }`);
    expect(history.body.data?.commune.year.recognition.history.slice(3).map((h) => `${h.action} ${h.actor}`)).toEqual([
      'ACCEPT_DOSSIER province-56',
      'APPRAISE province-56',
      'COUNCIL_REVIEW province-56',
      'POST province-56',
      'RECOGNISE province-56',
    ]);
  });

  it('a province officer may act where a district no longer exists; a district officer keeps its old units', async () => {
    await prepare('22768', 2024);
    expect((await recognise('22768', 2024, KHANH_HOA)).body.data?.recognise.state).toBe('RECOGNISED');
    for (const code of ['22771', '22780']) {
      await prepare(code, 2024);
      expect([code, (await recognise(code, 2024, PRT)).body.data?.recognise.state]).toEqual([code, 'RECOGNISED']);
    }
    // 22779 Mỹ Bình is not recognised in 2024.
  });
});

describe('sensitive figures follow the unit of the year', () => {
  it("a district officer sees them for its old units, not for the units of the two-tier map; the province officer sees its province's", async () => {
    const QUERY = `{ commune(code: "${NEW}") { y2024: year(year: 2024) { congan { indicator withheld count } } y2026: year(year: 2026) { congan { indicator withheld count } } } }`;
    type Seen = {
      commune: {
        y2024: { congan: { indicator: string; withheld: boolean; count: number | null }[] };
        y2026: { congan: { indicator: string; withheld: boolean; count: number | null }[] };
      };
    };
    const withheld = (body: Seen | null | undefined, year: 'y2024' | 'y2026') => [
      ...new Set(body?.commune[year].congan.map((v) => v.withheld)),
    ];
    const district = await hub.query<Seen>(QUERY, {}, PRT);
    expect(district.body.errors).toBeUndefined();
    expect(withheld(district.body.data, 'y2024')).toEqual([false]);
    expect(withheld(district.body.data, 'y2026')).toEqual([true]);
    const province = await hub.query<Seen>(QUERY, {}, KHANH_HOA);
    expect(withheld(province.body.data, 'y2026')).toEqual([false]);
    expect(province.body.data?.commune.y2026.congan.find((v) => v.indicator === '3.1')?.count).toBe(0);
    // 2024's unit under code 22780 is Mỹ Hải of Ninh Thuận (58): not Khánh Hòa's officer's.
    expect(withheld(province.body.data, 'y2024')).toEqual([true]);
  });
});

describe('lineage in trends and streaks (a split: Đông Hải)', () => {
  const TREND = `{ commune(code: "${NEW}") {
    trend(from: 2023, to: 2026) { year source countsAsRecognised lineagePolicy units { kind commune { code name } communeYear { year recognition { state } } } }
    s2026: recognitionStreak(year: 2026) } }`;
  type Trend = {
    commune: {
      trend: {
        year: number;
        source: string;
        countsAsRecognised: boolean;
        lineagePolicy: string;
        units: {
          kind: string | null;
          commune: { code: string; name: string };
          communeYear: { year: number; recognition: { state: string } | null };
        }[];
      }[];
      s2026: number;
    };
  };
  const setPolicy = (lineagePolicy: string) =>
    hub.query(
      `mutation($i: ProcedurePeriodInput!) { setProcedurePeriod(input: $i) { validFrom lineagePolicy setBy } }`,
      {
        i: {
          validFrom: '2025-07-01',
          recognisingLevel: 'PROVINCE',
          reportingLevel: 'PROVINCE',
          levelsProvisional: true,
          lineagePolicy,
          lineagePolicyProvisional: true,
          note: 'Thử chính sách (test)',
        },
      },
      admin(),
    );

  beforeAll(async () => {
    await prepare(NEW, 2025);
    expect((await recognise(NEW, 2025, KHANH_HOA)).body.data?.recognise.state).toBe('RECOGNISED');
  });

  it("the trend shows the predecessors' years as such, and under ALL_PREDECESSORS 2024 does not count (Mỹ Bình was not recognised)", async () => {
    const result = await hub.query<Trend>(TREND);
    expect(result.body.errors).toBeUndefined();
    const trend = result.body.data?.commune.trend ?? [];
    expect(trend.map((t) => [t.year, t.source, t.countsAsRecognised, t.lineagePolicy])).toEqual([
      [2023, 'PREDECESSORS', false, 'ALL_PREDECESSORS'],
      [2024, 'PREDECESSORS', false, 'ALL_PREDECESSORS'],
      [2025, 'SELF', true, 'ALL_PREDECESSORS'],
      [2026, 'SELF', true, 'ALL_PREDECESSORS'],
    ]);
    expect(trend[1]?.units).toEqual([
      {
        kind: 'PART',
        commune: { code: '22768', name: 'Đông Hải' },
        communeYear: { year: 2024, recognition: { state: 'RECOGNISED' } },
      },
      {
        kind: 'WHOLE',
        commune: { code: '22771', name: 'Mỹ Đông' },
        communeYear: { year: 2024, recognition: { state: 'RECOGNISED' } },
      },
      { kind: 'WHOLE', commune: { code: '22779', name: 'Mỹ Bình' }, communeYear: { year: 2024, recognition: null } },
      {
        kind: 'WHOLE',
        commune: { code: '22780', name: 'Mỹ Hải' },
        communeYear: { year: 2024, recognition: { state: 'RECOGNISED' } },
      },
    ]);
    expect(trend[3]?.units).toEqual([
      {
        kind: null,
        commune: { code: NEW, name: 'Đông Hải' },
        communeYear: { year: 2026, recognition: { state: 'RECOGNISED' } },
      },
    ]);
    expect(result.body.data?.commune.s2026).toBe(2);
  });

  it("the policy is configuration: ANY_PREDECESSOR counts 2024, OWN_YEARS_ONLY counts only the unit's own years", async () => {
    expect((await setPolicy('ANY_PREDECESSOR')).body.errors).toBeUndefined();
    const any = await hub.query<Trend>(TREND);
    expect(any.body.data?.commune.trend.map((t) => t.countsAsRecognised)).toEqual([false, true, true, true]);
    expect(any.body.data?.commune.s2026).toBe(3);
    // The district reward (3 years in a row) follows the same rule, on the province's list of 2026.
    const rewards = await hub.query<{
      rewards: { districtReward: { commune: { code: string }; streak: number; years: number[] }[] };
    }>(`{ rewards(year: 2026, provinceCode: "56") { districtReward { commune { code } streak years } } }`);
    expect(rewards.body.errors).toBeUndefined();
    expect(rewards.body.data?.rewards.districtReward).toEqual([
      { commune: { code: NEW }, streak: 3, years: [2024, 2025, 2026] },
    ]);
    // The other unit that part of the old 22768 went into (22888) counts 2024 under ANY (22768 was recognised) …
    const split = await hub.query<{
      commune: {
        trend: { year: number; countsAsRecognised: boolean; units: { kind: string; commune: { code: string } }[] }[];
      };
    }>(
      `{ commune(code: "22888") { trend(from: 2024, to: 2024) { year countsAsRecognised units { kind commune { code } } } } }`,
    );
    expect(split.body.data?.commune.trend).toEqual([
      {
        year: 2024,
        countsAsRecognised: true,
        units: [
          { kind: 'PART', commune: { code: '22768' } },
          { kind: 'WHOLE', commune: { code: '22888' } },
          { kind: 'WHOLE', commune: { code: '22903' } },
        ],
      },
    ]);
    expect((await setPolicy('OWN_YEARS_ONLY')).body.errors).toBeUndefined();
    const own = await hub.query<Trend>(TREND);
    expect(own.body.data?.commune.trend.map((t) => t.countsAsRecognised)).toEqual([false, false, true, true]);
    expect(own.body.data?.commune.s2026).toBe(2);
    // … and every decision stays on record.
    const history = await hub.query<{ procedureHistory: { validFrom: string; lineagePolicy: string }[] }>(
      `{ procedureHistory { validFrom lineagePolicy } }`,
    );
    expect(history.body.data?.procedureHistory.map((p) => `${p.validFrom} ${p.lineagePolicy}`)).toEqual([
      '2025-07-01 OWN_YEARS_ONLY',
      '2025-07-01 ANY_PREDECESSOR',
      '2025-07-01 ALL_PREDECESSORS',
      '2000-01-01 ALL_PREDECESSORS',
    ]);
  });

  it('refuses a procedure decision from anyone but the administrator, and a bad date', async () => {
    const input = {
      validFrom: '2027-01-01',
      recognisingLevel: 'PROVINCE',
      reportingLevel: 'PROVINCE',
      levelsProvisional: true,
      lineagePolicy: 'ALL_PREDECESSORS',
      lineagePolicyProvisional: true,
      note: 'x',
    };
    const mutation = `mutation($i: ProcedurePeriodInput!) { setProcedurePeriod(input: $i) { validFrom } }`;
    expect((await hub.query(mutation, { i: input }, KHANH_HOA)).body.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(
      (await hub.query(mutation, { i: { ...input, validFrom: '2027-02-30' } }, admin())).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'validFrom', argument: 'input', scalar: 'Date' });
  });
});

describe('2026 reports and overviews have no district level', () => {
  it('communes report to the province directly; there is no district report', async () => {
    const report = await hub.query<{
      report: { kind: string; scope: string; content: ProvinceReportContent; csv: string };
    }>(`{ report(year: 2026, provinceCode: "56") { kind scope content csv } }`);
    expect(report.body.errors).toBeUndefined();
    const content = report.body.data?.report.content;
    if (!content) throw new Error('no report content');
    expect(report.body.data?.report).toMatchObject({ kind: 'PROVINCE', scope: 'province:56' });
    expect(content.districts).toEqual([]);
    expect(content.communes).toHaveLength(65);
    expect(content.communes.find((c) => c.code === NEW)).toMatchObject({ districtCode: null, state: 'RECOGNISED' });
    expect(content.summary).toMatchObject({ communes: 65, states: { RECOGNISED: 1 } });
    expect(report.body.data?.report.csv).toContain('Đông Hải');
    const district = await hub.query(`{ report(year: 2026, districtCode: "582", provinceCode: "56") { kind } }`);
    expect(district.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'districtCode' });
    const deadlines = await hub.query<{ reportDeadlines: { kind: string; scope: string }[] }>(
      `{ reportDeadlines(year: 2026, provinceCode: "56") { kind scope } }`,
    );
    expect(deadlines.body.data?.reportDeadlines).toEqual([{ kind: 'PROVINCE', scope: 'province:56' }]);
    const old = await hub.query<{ reportDeadlines: { kind: string }[] }>(
      `{ reportDeadlines(year: 2020, provinceCode: "58") { kind } }`,
    );
    expect(old.body.data?.reportDeadlines.map((d) => d.kind)).toEqual([
      'DISTRICT',
      'DISTRICT',
      'DISTRICT',
      'DISTRICT',
      'DISTRICT',
      'DISTRICT',
      'DISTRICT',
      'PROVINCE',
    ]);
  });

  it('the province officer submits the province report; a district officer may not', async () => {
    const submit = (who: TestIdentity) =>
      hub.query<{ submitReport: { kind: string; submittedBy: string } }>(
        `mutation { submitReport(year: 2026, provinceCode: "56") { kind submittedBy } }`,
        {},
        who,
      );
    expect((await submit(PRT)).body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await submit(KHANH_HOA)).body.data?.submitReport).toEqual({ kind: 'PROVINCE', submittedBy: 'province-56' });
  });

  it('the 2026 overview of Khánh Hòa has no districts; 2020 of Ninh Thuận still has its 7', async () => {
    const result = await hub.query<{
      a: { province: { communes: number; recognised: number }; districts: unknown[] };
      b: { districts: { district: { code: string } }[] };
    }>(
      `{ a: recognitionOverview(year: 2026, provinceCode: "56") { province { communes recognised } districts { district { code } } }
         b: recognitionOverview(year: 2020, provinceCode: "58") { districts { district { code } } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.a).toEqual({ province: { communes: 65, recognised: 1 }, districts: [] });
    expect(result.body.data?.b.districts).toHaveLength(7);
    // The country in 2026: the 34 provinces and 3,321 units of the new map.
    const country = await hub.query<{
      recognitionOverview: {
        province: { communes: number; recognised: number };
        provinces: { province: { code: string }; progress: { communes: number } }[];
      };
    }>(
      `{ recognitionOverview(year: 2026, country: true) { province { communes recognised } provinces { province { code } progress { communes } } } }`,
    );
    expect(country.body.errors).toBeUndefined();
    expect(country.body.data?.recognitionOverview.province).toEqual({ communes: 3321, recognised: 1 });
    expect(country.body.data?.recognitionOverview.provinces).toHaveLength(34);
    expect(
      country.body.data?.recognitionOverview.provinces.find((p) => p.province.code === '56')?.progress.communes,
    ).toBe(65);
  });

  it("the 2026 board of Khánh Hòa ranks its new units; the 2020 board still shows Ninh Thuận's 65 communes in their districts", async () => {
    const result = await hub.query<{
      a: {
        count: number;
        assessments: { rank: number; commune: { code: string; district: null }; assessment: { total: number } }[];
      };
      b: { count: number; assessments: { commune: { district: { code: string } | null } }[] };
    }>(
      `{ a: assessmentBoard(year: 2026, provinceCode: "56") { count assessments(first: 1) { rank commune { code district { code } } assessment { total } } }
         b: assessmentBoard(year: 2020, provinceCode: "58") { count assessments(first: 100) { commune { district { code } } } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.a).toEqual({
      count: 65,
      assessments: [{ rank: 1, commune: { code: NEW, district: null }, assessment: { total: 1000 } }],
    });
    expect(result.body.data?.b.count).toBe(65);
    expect(new Set(result.body.data?.b.assessments.map((a) => a.commune.district?.code))).toEqual(
      new Set(['582', '584', '585', '586', '587', '588', '589']),
    );
  });
});
