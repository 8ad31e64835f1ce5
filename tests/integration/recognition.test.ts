/**
 * The yearly procedure driven through the public mutations over several years: registration,
 * self-assessment with its dossier, submission, the recognising level's steps (tests/helpers/procedure.ts),
 * recognition (its reason required when the assessment does not support it), refusal, revocation; streaks and reward lists; targets and progress; reports, their
 * deadlines and downloads; and a decision keeping its snapshot when data changes afterwards.
 */
import ExcelJS from 'exceljs';
import type { DistrictReportContent } from '../../subgraphs/ldtbxh/reports/content';
import { communeRows, CRITERION_3_AT_ZERO } from '../fixtures/qd06';
import {
  admin,
  communeOfficer,
  districtOfficer,
  publisher,
  startTestHub,
  type TestHub,
  type TestIdentity,
} from '../helpers/hub';
import { dossierInput, throughRecognisingSteps } from '../helpers/procedure';
import { mergeRows, publishYear } from '../helpers/publishing';

let hub: TestHub;

const A = '22783'; // Phước Bình, Bác Ái (584): passes every year
const B = '22786'; // Phước Hoà, Bác Ái: recognised, then revoked
const C = '22789'; // Bác Ái: criterion 3 at zero, not eligible
const BAC_AI = districtOfficer('584');
const OTHER_DISTRICT = districtOfficer('582');

type Cycle = {
  state: string;
  history: { action: string; toState: string; actor: string; snapshot: Record<string, unknown> | null }[];
  decision: { details: Record<string, unknown>; snapshot: Record<string, unknown> | null } | null;
};
const CYCLE = `state history { action toState actor snapshot } decision { details snapshot }`;

async function run(who: TestIdentity, mutation: string, variables: Record<string, unknown>) {
  return hub.query<Record<string, Cycle>>(mutation, variables, who);
}

const REGISTER = `mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { ${CYCLE} } }`;
const SELF = `mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { ${CYCLE} } }`;
const SUBMIT = `mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { ${CYCLE} } }`;
const RECOGNISE = `mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { ${CYCLE} } }`;
const REFUSE = `mutation($i: RefusalInput!) { refuseRecognition(input: $i) { ${CYCLE} } }`;
const REVOKE = `mutation($i: RevocationInput!) { revokeRecognition(input: $i) { ${CYCLE} } }`;

const dossier = (commune: string, year: number) => dossierInput(commune, year, `${year}-12-10`);

/** Takes a commune through register → self-assess → submit, as its own officer. */
async function prepare(commune: string, year: number): Promise<void> {
  const officer = communeOfficer(commune);
  for (const [mutation, variables, field] of [
    [REGISTER, { c: commune, y: year }, 'registerForRecognition'],
    [SELF, { i: dossier(commune, year) }, 'recordSelfAssessment'],
    [SUBMIT, { c: commune, y: year }, 'submitToDistrict'],
  ] as const) {
    const result = await run(officer, mutation, variables);
    expect([field, result.body.errors]).toEqual([field, undefined]);
  }
}

/** The recognising level's steps of a submitted dossier (dossier check, appraisal, council, posting), then the decision. */
async function recognise(commune: string, year: number, who: TestIdentity = BAC_AI) {
  const steps = await throughRecognisingSteps(hub, commune, year, who, `${year + 1}-01-15`);
  if (steps) return steps as Awaited<ReturnType<typeof run>>;
  return run(who, RECOGNISE, {
    i: {
      commune,
      year,
      decisionNumber: `${year}/QĐ-UBND-${commune}`,
      decisionDate: `${year + 1}-01-15`,
      signer: 'Chủ tịch UBND huyện Bác Ái',
    },
  });
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const year of [2019, 2020, 2021, 2022, 2023]) {
    await publishYear(
      hub,
      year,
      mergeRows(communeRows(A), communeRows(B), communeRows(C, year === 2019 ? CRITERION_3_AT_ZERO : {})),
    );
  }
}, 120_000);

afterAll(async () => {
  await hub?.stop();
});

describe('one commune through a full cycle', () => {
  it('register → self-assess (dossier and frozen assessment) → submit → recognise, each step in the history', async () => {
    await prepare(A, 2019);
    const result = await recognise(A, 2019);
    expect(result.body.errors).toBeUndefined();
    const cycle = result.body.data?.recognise;
    expect(cycle?.state).toBe('RECOGNISED');
    expect(cycle?.history.map((h) => [h.action, h.toState, h.actor])).toEqual([
      ['REGISTER', 'REGISTERED', 'commune-22783'],
      ['SELF_ASSESS', 'SELF_ASSESSED', 'commune-22783'],
      ['SUBMIT', 'SUBMITTED', 'commune-22783'],
      ['ACCEPT_DOSSIER', 'DOSSIER_ACCEPTED', 'district-584'],
      ['APPRAISE', 'APPRAISED', 'district-584'],
      ['COUNCIL_REVIEW', 'COUNCIL_REVIEWED', 'district-584'],
      ['POST', 'POSTED', 'district-584'],
      ['RECOGNISE', 'RECOGNISED', 'district-584'],
    ]);
    expect(cycle?.decision?.details).toEqual({
      decisionNumber: '2019/QĐ-UBND-22783',
      decisionDate: '2020-01-15',
      signer: 'Chủ tịch UBND huyện Bác Ái',
    });
    expect(cycle?.decision?.snapshot).toMatchObject({
      criteriaSet: { id: 'QD06-2019', version: 2 },
      total: 1000,
      status: 'COMPLETE',
      eligible: true,
    });
    expect(cycle?.history[1]?.snapshot).toMatchObject({ total: 1000 });
  });

  it('refuses illegal transitions with the allowed steps, and writes nothing', async () => {
    const again = await recognise(A, 2019);
    expect(again.body.errors?.[0]?.extensions).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'RECOGNISED',
      action: 'RECOGNISE',
      allowed: ['REVOKE'],
    });
    await run(communeOfficer(B), REGISTER, { c: B, y: 2019 });
    const early = await run(communeOfficer(B), SUBMIT, { c: B, y: 2019 });
    expect(early.body.errors?.[0]?.extensions).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'REGISTERED',
      action: 'SUBMIT',
    });
    const neverRegistered = await recognise('22792', 2019);
    expect(neverRegistered.body.errors?.[0]?.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: null });
  });

  it('refuses steps by the wrong role or area', async () => {
    await run(communeOfficer(B), SELF, { i: dossier(B, 2019) });
    await run(communeOfficer(B), SUBMIT, { c: B, y: 2019 });
    expect((await recognise(B, 2019, communeOfficer(B))).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await recognise(B, 2019, OTHER_DISTRICT)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await recognise(B, 2019, publisher('YTE'))).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await run(communeOfficer(A), REGISTER, { c: B, y: 2020 })).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    expect((await hub.query(REGISTER, { c: B, y: 2020 })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const state = await hub.query<{ commune: { year: { recognition: { state: string } } } }>(
      `{ commune(code: "${B}") { year(year: 2019) { recognition { state } } } }`,
    );
    expect(state.body.data?.commune.year.recognition.state).toBe('SUBMITTED');
  });

  it('checks the dossier: every item, real dates, none in the future', async () => {
    await run(communeOfficer(C), REGISTER, { c: C, y: 2019 });
    // A day that is not one is refused by its type (Date), before the step's details are checked.
    const badDay = await run(communeOfficer(C), SELF, { i: { ...dossier(C, 2019), meetingDate: '2019-02-30' } });
    expect(badDay.status).toBe(400);
    expect(badDay.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'meetingDate',
      argument: 'input',
      scalar: 'Date',
      messageVi: 'Trường meetingDate: Giá trị "2019-02-30" không hợp lệ: phải là một ngày có thật, dạng YYYY-MM-DD',
    });
    const bad = await run(communeOfficer(C), SELF, { i: { ...dossier(C, 2019), councilMinutes: ' ' } });
    expect(bad.body.errors?.[0]?.extensions?.code).toBe('CYCLE_DETAILS_INVALID');
    const problems = bad.body.errors?.[0]?.extensions?.problems as { field: string; code: string }[];
    expect(problems.map((p) => `${p.field}:${p.code}`).sort()).toEqual(['councilMinutes:FIELD_REQUIRED']);
    const future = await run(communeOfficer(C), SELF, { i: { ...dossier(C, 2019), meetingDate: '2099-01-01' } });
    expect((future.body.errors?.[0]?.extensions?.problems as { code: string }[]).map((p) => p.code)).toContain(
      'DATE_IN_FUTURE',
    );
  });

  it("a recognition the assessment does not support needs the officer's reason (the decision is the district's); the district here refuses, with the reason", async () => {
    await run(communeOfficer(C), SELF, { i: dossier(C, 2019) });
    await run(communeOfficer(C), SUBMIT, { c: C, y: 2019 });
    const refused = await recognise(C, 2019);
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({
      code: 'DECISION_REASON_REQUIRED',
      field: 'reason',
      computed: { status: 'COMPLETE', total: 900, eligible: false },
    });
    const decided = await run(BAC_AI, REFUSE, { i: { commune: C, year: 2019, reason: 'Tiêu chí 3 đạt 0 điểm' } });
    expect(decided.body.data?.refuseRecognition?.state).toBe('NOT_RECOGNISED');
  });

  it('a decision keeps its snapshot when data changes afterwards, and the commune shows the change', async () => {
    const before = await hub.query<{ commune: { year: { changedSinceDecision: boolean | null } } }>(
      `{ commune(code: "${A}") { year(year: 2019) { changedSinceDecision } } }`,
    );
    expect(before.body.data?.commune.year.changedSinceDecision).toBe(false);
    await publishYear(hub, 2019, { YTE: [{ commune: A, indicator: '7.1', numerator: 90, denominator: 100 }] });
    const after = await hub.query<{
      commune: {
        year: {
          changedSinceDecision: boolean;
          assessment: { total: number };
          recognition: { state: string; decision: { snapshot: { total: number } } };
        };
      };
    }>(
      `{ commune(code: "${A}") { year(year: 2019) { changedSinceDecision assessment { total } recognition { state decision { snapshot } } } } }`,
    );
    expect(after.body.errors).toBeUndefined();
    expect(after.body.data?.commune.year).toMatchObject({
      changedSinceDecision: true,
      assessment: { total: 1000 - 35 },
      recognition: { state: 'RECOGNISED' },
    });
    expect(after.body.data?.commune.year.recognition.decision.snapshot.total).toBe(1000);
  });
});

describe('over several years: streaks and rewards', () => {
  beforeAll(async () => {
    // A: recognised 2019 (above) and every year to 2023. B: recognised 2019, 2020 revoked, 2021 recognised.
    expect((await recognise(B, 2019)).body.errors).toBeUndefined();
    for (const year of [2020, 2021, 2022, 2023]) {
      await prepare(A, year);
      expect([year, (await recognise(A, year)).body.errors]).toEqual([year, undefined]);
    }
    await prepare(B, 2020);
    expect((await recognise(B, 2020)).body.errors).toBeUndefined();
    const revoked = await run(BAC_AI, REVOKE, {
      i: {
        commune: B,
        year: 2020,
        reason: 'Số liệu báo cáo không trung thực',
        decisionNumber: '99/QĐ-UBND',
        decisionDate: '2021-06-01',
      },
    });
    expect(revoked.body.data?.revokeRecognition?.state).toBe('REVOKED');
    await prepare(B, 2021);
    expect((await recognise(B, 2021)).body.errors).toBeUndefined();
  }, 120_000);

  const REWARDS = `query($y: Int!) { rewards(year: $y, districtCode: "584") { districtReward { commune { code } streak years } chairmanProposal { commune { code } streak years } } }`;
  type Rewards = {
    rewards: {
      districtReward: { commune: { code: string }; streak: number; years: number[] }[];
      chairmanProposal: { commune: { code: string }; streak: number; years: number[] }[];
    };
  };

  it('streaks: a revocation breaks them', async () => {
    const result = await hub.query<{ a: { s21: number; s23: number }; b: { s19: number; s20: number; s21: number } }>(
      `{ a: commune(code: "${A}") { s21: recognitionStreak(year: 2021) s23: recognitionStreak(year: 2023) } b: commune(code: "${B}") { s19: recognitionStreak(year: 2019) s20: recognitionStreak(year: 2020) s21: recognitionStreak(year: 2021) } }`,
    );
    expect(result.body.data).toEqual({ a: { s21: 3, s23: 5 }, b: { s19: 1, s20: 0, s21: 1 } });
  });

  it('a district reward after 3 years in a row, a Chairman proposal after 5', async () => {
    const y2021 = await hub.query<Rewards>(REWARDS, { y: 2021 });
    expect(y2021.body.data?.rewards).toEqual({
      districtReward: [{ commune: { code: A }, streak: 3, years: [2019, 2020, 2021] }],
      chairmanProposal: [],
    });
    const y2022 = await hub.query<Rewards>(REWARDS, { y: 2022 });
    expect(y2022.body.data?.rewards).toEqual({ districtReward: [], chairmanProposal: [] });
    const y2023 = await hub.query<Rewards>(REWARDS, { y: 2023 });
    expect(y2023.body.data?.rewards.chairmanProposal).toEqual([
      { commune: { code: A }, streak: 5, years: [2019, 2020, 2021, 2022, 2023] },
    ]);
  });

  it('the overview counts communes by state and measures progress against the targets', async () => {
    type Overview = {
      recognitionOverview: {
        province: {
          communes: number;
          recognised: number;
          newlyRecognised: number;
          sharePct: string;
          status: string;
          targetSharePct: string | null;
        };
        byState: { state: string; count: number }[];
        notRegistered: number;
        districts: {
          district: { code: string };
          progress: { recognised: number; communes: number };
          notRegistered: number;
        }[];
      };
    };
    const result = await hub.query<Overview>(
      `{ recognitionOverview(year: 2021) { province { communes recognised newlyRecognised sharePct status targetSharePct } byState { state count } notRegistered
          districts { district { code } progress { recognised communes } notRegistered } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const overview = result.body.data?.recognitionOverview;
    expect(overview?.province).toMatchObject({ communes: 65, recognised: 2, newlyRecognised: 1, sharePct: '3.1' });
    expect(overview?.byState.find((s) => s.state === 'RECOGNISED')?.count).toBe(2);
    expect(overview?.notRegistered).toBe(63);
    expect(overview?.districts.find((d) => d.district.code === '584')).toMatchObject({
      progress: { recognised: 2, communes: 9 },
      notRegistered: 7,
    });
    // 2021 has no share target of its own (the plan's 80 % is for 2020).
    expect(overview?.province).toMatchObject({ status: 'NO_TARGET', targetSharePct: null });
    // 2020: A recognised, B revoked — 1 of 65 against 80 % by 2020: the target year has come and
    // the share is not reached, behind; the net change (2 → 1) is below the band.
    const y2020 = await hub.query<{
      recognitionOverview: {
        province: {
          recognised: number;
          sharePct: string;
          targetSharePct: string;
          status: string;
          projectedYear: number | null;
          inNewBand: string;
        };
      };
    }>(
      `{ recognitionOverview(year: 2020) { province { recognised sharePct targetSharePct status projectedYear inNewBand } } }`,
    );
    expect(y2020.body.data?.recognitionOverview.province).toEqual({
      recognised: 1,
      sharePct: '1.5',
      targetSharePct: '80.00',
      status: 'BEHIND',
      projectedYear: null,
      inNewBand: 'BELOW',
    });
  });

  it('dashboards cost a fixed number of SQL statements: a trend of 2 or 5 years, the overview of any year', async () => {
    const cost = async (query: string) => {
      const before = hub.statementCounts();
      const result = await hub.query(query);
      expect(result.body.errors).toBeUndefined();
      const after = hub.statementCounts();
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    };
    const trend = (to: number) =>
      `{ commune(code: "${A}") { years(from: 2019, to: ${to}) { year assessment { total } recognition { state history { action } } } } }`;
    expect(await cost(trend(2023))).toEqual(await cost(trend(2020)));
    const overview = (year: number) =>
      `{ recognitionOverview(year: ${year}) { province { sharePct } byState { count } districts { district { name } progress { status } } } }`;
    expect(await cost(overview(2023))).toEqual(await cost(overview(2019)));
  });

  it("a commune's trend over the years in one query", async () => {
    const result = await hub.query<{
      commune: { years: { year: number; assessment: { total: number }; recognition: { state: string } | null }[] };
    }>(`{ commune(code: "${B}") { years(from: 2019, to: 2022) { year assessment { total } recognition { state } } } }`);
    expect(
      result.body.data?.commune.years.map((y) => [y.year, y.assessment.total, y.recognition?.state ?? null]),
    ).toEqual([
      [2019, 1000, 'RECOGNISED'],
      [2020, 1000, 'REVOKED'],
      [2021, 1000, 'RECOGNISED'],
      [2022, 1000, null],
    ]);
  });
});

describe('targets', () => {
  it('start from the plan, and the province administrator may change them', async () => {
    const before = await hub.query<{
      targets: {
        scope: string;
        recognisedSharePct: string | null;
        newMinPct: string;
        newMaxPct: string;
        provisional: boolean;
      }[];
    }>(`{ targets(year: 2020) { scope recognisedSharePct newMinPct newMaxPct provisional } }`);
    expect(before.body.data?.targets.find((t) => t.scope === 'province:58')).toEqual({
      scope: 'province:58',
      recognisedSharePct: '80.00',
      newMinPct: '3.00',
      newMaxPct: '5.00',
      provisional: false,
    });
    expect(before.body.data?.targets.find((t) => t.scope === 'district:584')?.provisional).toBe(true);
    const SET = `mutation($i: TargetInput!) { setTarget(input: $i) { scope year recognisedSharePct setBy } }`;
    const input = {
      scope: 'district:584',
      year: 2022,
      recognisedSharePct: '50',
      newMinPct: '5',
      newMaxPct: '10',
      note: 'Kế hoạch huyện Bác Ái (test)',
    };
    expect((await hub.query(SET, { i: input }, BAC_AI)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(
      (await hub.query(SET, { i: { ...input, newMinPct: '12' } }, admin())).body.errors?.[0]?.extensions,
    ).toMatchObject({ code: 'INVALID_TARGET', field: 'newMinPct' });
    const set = await hub.query<{ setTarget: Record<string, unknown> }>(SET, { i: input }, admin());
    expect(set.body.data?.setTarget).toEqual({
      scope: 'district:584',
      year: 2022,
      recognisedSharePct: '50.00',
      setBy: 'province-admin',
    });
  });
});

describe('reports and deadlines', () => {
  it('a district report: generated from the graph, downloadable as CSV and XLSX, late when submitted after 30 November', async () => {
    type Report = {
      report: {
        kind: string;
        deadline: string;
        status: string;
        content: DistrictReportContent;
        csv: string;
        xlsxBase64: string;
        fileName: string;
      };
    };
    const QUERY = `{ report(year: 2021, districtCode: "584") { kind deadline status content csv xlsxBase64 fileName } }`;
    const before = await hub.query<Report>(QUERY);
    expect(before.body.errors).toBeUndefined();
    expect(before.body.data?.report).toMatchObject({
      kind: 'DISTRICT',
      deadline: '2021-11-30',
      status: 'MISSING',
      fileName: 'bao-cao-huyen-584-2021',
    });
    const content = before.body.data?.report.content;
    if (!content) throw new Error('no report content');
    expect(content.communes.find((c) => c.code === A)).toMatchObject({ state: 'RECOGNISED', total: 1000 });
    expect(content.communes.find((c) => c.code === B)).toMatchObject({ state: 'RECOGNISED' });
    expect(before.body.data?.report.csv.startsWith('\uFEFF')).toBe(true);
    expect(before.body.data?.report.csv).toContain('Phước Bình');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      Buffer.from(before.body.data?.report.xlsxBase64 ?? '', 'base64') as unknown as ArrayBuffer,
    );
    const names = workbook.worksheets.map((w) => w.name);
    expect(names).toEqual(['Tổng hợp', 'Tăng trưởng', 'Đơn vị cấp xã', 'Khen thưởng']);
    const rows: string[] = [];
    workbook.getWorksheet('Đơn vị cấp xã')?.eachRow((row) => rows.push(JSON.stringify(row.values)));
    expect(rows.some((r) => r.includes('Phước Bình'))).toBe(true);

    expect(
      (await hub.query(`mutation { submitReport(year: 2021, districtCode: "584") { timeliness } }`, {}, OTHER_DISTRICT))
        .body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const submitted = await hub.query<{ submitReport: { timeliness: string; submittedBy: string } }>(
      `mutation { submitReport(year: 2021, districtCode: "584") { timeliness submittedBy } }`,
      {},
      BAC_AI,
    );
    expect(submitted.body.data?.submitReport).toEqual({ timeliness: 'LATE', submittedBy: 'district-584' });
  });

  it('deadlines for a year: on time, pending, missing', async () => {
    // The reporting line is configuration per period: from 2025-07-01 communes report to the
    // province by default; a period from 2030 with district reports again (test) brings them back.
    const period = await hub.query(
      `mutation($i: ProcedurePeriodInput!) { setProcedurePeriod(input: $i) { validFrom reportingLevel } }`,
      {
        i: {
          validFrom: '2030-01-01',
          recognisingLevel: 'DISTRICT',
          reportingLevel: 'DISTRICT',
          levelsProvisional: true,
          lineagePolicy: 'ALL_PREDECESSORS',
          lineagePolicyProvisional: true,
          note: 'Kỳ thử có báo cáo cấp huyện (test)',
        },
      },
      admin(),
    );
    expect(period.body).toEqual({
      data: { setProcedurePeriod: { validFrom: '2030-01-01', reportingLevel: 'DISTRICT' } },
    });
    expect(
      (await hub.query(`mutation { submitReport(year: 2030, districtCode: "582") { timeliness } }`, {}, OTHER_DISTRICT))
        .body.data,
    ).toEqual({ submitReport: { timeliness: 'ON_TIME' } });
    const statuses = await hub.query<{
      reportDeadlines: { kind: string; scope: string; deadline: string; status: string }[];
    }>(`{ reportDeadlines(year: 2030) { kind scope deadline status } }`);
    const byScope = Object.fromEntries(
      (statuses.body.data?.reportDeadlines ?? []).map((r) => [r.scope, [r.deadline, r.status]]),
    );
    expect(byScope['district:582']).toEqual(['2030-11-30', 'ON_TIME']);
    expect(byScope['district:584']).toEqual(['2030-11-30', 'PENDING']);
    expect(byScope['province:58']).toEqual(['2030-12-10', 'PENDING']);
    const past = await hub.query<{ reportDeadlines: { scope: string; status: string }[] }>(
      `{ reportDeadlines(year: 2021) { scope status } }`,
    );
    expect(Object.fromEntries((past.body.data?.reportDeadlines ?? []).map((r) => [r.scope, r.status]))).toMatchObject({
      'district:584': 'LATE',
      'district:582': 'MISSING',
      'province:58': 'MISSING',
    });
  });

  it('every step is in the audit trail', async () => {
    const trail = await hub.query<{ ldtbxhAuditTrail: { events: { actor: string; action: string }[] } }>(
      `{ ldtbxhAuditTrail(filter: { table: "ldtbxh.recognition_event" }, first: 500) { events { actor action } } }`,
      {},
      admin(),
    );
    const actors = new Set(trail.body.data?.ldtbxhAuditTrail.events.map((e) => e.actor));
    expect(actors).toEqual(new Set(['commune-22783', 'commune-22786', 'commune-22789', 'district-584']));
  });
});
