/**
 * What users read must be true, through the gateway on a fresh hub:
 * - a version applies to its own years: publishing, assignment and assessment pick the same one, and
 *   as-of reproduction keeps the version then in force;
 * - "every criterion met" (QĐ 06/QĐ-TTg v2) refuses a commune with one unmet criterion;
 * - a criterion without data has `points: null`, the total of an incomplete assessment is labelled
 *   provisional with the most still reachable;
 * - the catalogue gives provenance per field and the legal titles;
 * - one query follows a concept across the change of standard (QĐ 34 8.1 → QĐ 06 7.1).
 */
import fs from 'node:fs';
import { projectPath } from '../../shared/paths';
import { communeRows, MUTATION_OF } from '../fixtures/qd06';
import { admin, communeOfficer, districtOfficer, publisher, startTestHub, type TestHub } from '../helpers/hub';
import { throughRecognisingSteps } from '../helpers/procedure';
import type { DepartmentCode } from '../../shared/departments';

jest.setTimeout(180_000);

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

const LOAD = /* GraphQL */ `mutation($d: String!) { loadCriteriaSet(document: $d) { outcome criteriaSet { id version years { from to } } } }`;
const ASSIGN = /* GraphQL */ `mutation($i: AssignCriteriaSetInput!) { assignCriteriaSet(input: $i) { year criteriaSetId version criteriaSet { version } } }`;
const VERSION_OF = /* GraphQL */ `query($c: String!, $y: Int!) { commune(code: $c) { year(year: $y) { assessment { criteriaSet { id version } } } } }`;

async function publishCommune(
  commune: string,
  year: number,
  changes: Record<string, Record<string, number | boolean | string>> = {},
  skip: string[] = [],
  setId = 'QD06-2019',
) {
  const versions = new Set<number>();
  for (const [department, rows] of Object.entries(communeRows(commune, changes, skip))) {
    const field = MUTATION_OF[department] ?? '';
    const answer = await hub.query<
      Record<string, { applied: boolean; criteriaSetVersion: number; rejectedCount: number }>
    >(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied criteriaSetVersion rejectedCount } }`,
      { input: { criteriaSetId: setId, year, rows } },
      publisher(department as DepartmentCode),
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.[field]).toMatchObject({ applied: true, rejectedCount: 0 });
    versions.add(answer.body.data?.[field]?.criteriaSetVersion ?? 0);
  }
  return [...versions];
}

async function versionOf(commune: string, year: number): Promise<number | undefined> {
  const answer = await hub.query<{ commune: { year: { assessment: { criteriaSet: { version: number } } } } }>(
    VERSION_OF,
    { c: commune, y: year },
  );
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data?.commune.year.assessment.criteriaSet.version;
}

describe('a version applies to its own years', () => {
  it('a version loaded for 2021 on leaves 2020 on the version before; publishing, assignment and assessment agree', async () => {
    const shipped = JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v2.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(await versionOf('22738', 2020)).toBe(2);
    const beforeV3 = new Date().toISOString();

    const v3 = {
      ...shipped,
      version: 3,
      years: { from: 2021, to: null },
      title: `${String(shipped.title)} (áp dụng từ năm 2021)`,
    };
    const loaded = await hub.query(LOAD, { d: JSON.stringify(v3) }, admin());
    expect(loaded.body).toEqual({
      data: {
        loadCriteriaSet: {
          outcome: 'CREATED',
          criteriaSet: { id: 'QD06-2019', version: 3, years: { from: 2021, to: null } },
        },
      },
    });

    // Assessment: 2020 stays on v2, 2021 takes v3.
    expect(await versionOf('22738', 2020)).toBe(2);
    expect(await versionOf('22738', 2021)).toBe(3);
    // Publishing: the same versions, and 2020 is not refused.
    expect(await publishCommune('22738', 2020, {}, ['CONGAN', 'GDDT', 'VHTTDL', 'TUPHAP', 'LDTBXH'])).toEqual([2]);
    expect(await publishCommune('22738', 2021, {}, ['CONGAN', 'GDDT', 'VHTTDL', 'TUPHAP', 'LDTBXH'])).toEqual([3]);
    // The assignments say the same.
    const assignments = await hub.query<{
      criteriaSetAssignments: { year: number; version: number | null; criteriaSet: { version: number } }[];
    }>(`{ criteriaSetAssignments { year version criteriaSet { version } } }`);
    const byYear = new Map(assignments.body.data?.criteriaSetAssignments.map((a) => [a.year, a]));
    expect(byYear.get(2020)).toEqual({ year: 2020, version: null, criteriaSet: { version: 2 } });
    expect(byYear.get(2021)).toEqual({ year: 2021, version: null, criteriaSet: { version: 3 } });

    // A version named for a year outside its own years is refused, naming the field; nothing is recorded.
    const wrong = await hub.query(
      ASSIGN,
      { i: { year: 2020, criteriaSetId: 'QD06-2019', version: 3, note: 'thử' } },
      admin(),
    );
    expect(wrong.body.data).toBeNull();
    expect(wrong.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['YEAR_OUT_OF_RANGE', 'year'],
    ]);
    const unknown = await hub.query(
      ASSIGN,
      { i: { year: 2021, criteriaSetId: 'QD06-2019', version: 9, note: 'thử' } },
      admin(),
    );
    expect(unknown.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['UNKNOWN_CRITERIA_SET', 'version'],
    ]);
    // A set none of whose versions covers the year.
    const noVersion = await hub.query(ASSIGN, { i: { year: 2020, criteriaSetId: 'QD34-2014', note: 'thử' } }, admin());
    expect(noVersion.body.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['YEAR_OUT_OF_RANGE', 'year'],
    ]);

    // The province keeps 2021 on v2 by naming it: assessment and publishing follow.
    const named = await hub.query(
      ASSIGN,
      { i: { year: 2021, criteriaSetId: 'QD06-2019', version: 2, note: 'Công văn thử: năm 2021 theo phiên bản 2' } },
      admin(),
    );
    expect(named.body).toEqual({
      data: { assignCriteriaSet: { year: 2021, criteriaSetId: 'QD06-2019', version: 2, criteriaSet: { version: 2 } } },
    });
    expect(await versionOf('22738', 2021)).toBe(2);
    expect(await publishCommune('22738', 2021, {}, ['CONGAN', 'GDDT', 'VHTTDL', 'TUPHAP', 'LDTBXH'])).toEqual([2]);

    // As-of reproduction: before v3 was loaded, 2021 used v2 (the default assignment, the latest version then).
    const asOf = await hub.query<{ commune: { year: { asOf: { assessment: { criteriaSet: { version: number } } } } } }>(
      `query($at: DateTime!) { commune(code: "22738") { year(year: 2021) { asOf(at: $at) { assessment { criteriaSet { version } } } } } }`,
      { at: beforeV3 },
    );
    expect(asOf.body.errors).toBeUndefined();
    expect(asOf.body.data?.commune.year.asOf.assessment.criteriaSet.version).toBe(2);
  });
});

const ASSESSMENT = /* GraphQL */ `
  query($c: String!, $y: Int!) {
    commune(code: $c) {
      year(year: $y) {
        assessment {
          status total totalProvisional maxPossibleTotal eligible explanation
          criteria { number points maxPoints maxPossiblePoints complete met metRule { rule points provenance } indicators { code points state } }
          conditions { code met messageVi provisional figures }
        }
      }
    }
  }
`;

interface Criterion {
  number: number;
  points: number | null;
  maxPoints: number;
  maxPossiblePoints: number;
  complete: boolean;
  met: boolean | null;
  metRule: { rule: string; points: number | null; provenance: string } | null;
  indicators: { code: string; points: number | null; state: string }[];
}
interface AssessmentData {
  commune: {
    year: {
      assessment: {
        status: string;
        total: number;
        totalProvisional: boolean;
        maxPossibleTotal: number;
        eligible: boolean;
        explanation: string;
        criteria: Criterion[];
        conditions: {
          code: string;
          met: boolean | null;
          messageVi: string;
          provisional: boolean;
          figures: Record<string, unknown>;
        }[];
      };
    };
  };
}

describe('missing data is null, never 0', () => {
  it('a department that has not published: its criteria have null points, the total is provisional with the maximum still reachable', async () => {
    await publishCommune('22741', 2020, {}, ['YTE']);
    const answer = await hub.query<AssessmentData>(ASSESSMENT, { c: '22741', y: 2020 });
    expect(answer.body.errors).toBeUndefined();
    const a = answer.body.data?.commune.year.assessment;
    expect(a).toMatchObject({
      status: 'INCOMPLETE',
      total: 750,
      totalProvisional: true,
      maxPossibleTotal: 1000,
      eligible: false,
    });
    // Criteria 5, 7, 8, 9 are Sở Y tế's alone: no data, so no points.
    for (const number of [5, 7, 8, 9]) {
      const c = a?.criteria.find((x) => x.number === number);
      expect(c).toMatchObject({ points: null, complete: false, met: null, maxPossiblePoints: c?.maxPoints });
      expect(c?.indicators.every((i) => i.points === null && i.state === 'MISSING')).toBe(true);
    }
    expect(a?.criteria.find((x) => x.number === 1)).toMatchObject({
      points: 100,
      complete: true,
      met: true,
      metRule: { rule: 'MIN_POINTS', points: 50, provenance: 'PROVISIONAL' },
    });
    expect(a?.conditions.find((c) => c.code === 'EVERY_CRITERION_MET')).toMatchObject({ met: null });
    expect(a?.explanation).toContain('khi đủ số liệu tối đa có thể đạt 1000 điểm');
  });
});

describe('every criterion met', () => {
  it('refuses a commune with one criterion under its pass mark, whatever its total; the conditions say why', async () => {
    // 7.1 at 90 % gives 15 of 50 (pass mark 25); everything else full: 965 points, no criterion at 0.
    await publishCommune('22783', 2020, { '7.1': { numerator: 90, denominator: 100 } });
    const answer = await hub.query<AssessmentData>(ASSESSMENT, { c: '22783', y: 2020 });
    const a = answer.body.data?.commune.year.assessment;
    expect(a).toMatchObject({ status: 'COMPLETE', total: 965, totalProvisional: false, eligible: false });
    expect(a?.criteria.find((c) => c.number === 7)).toMatchObject({ points: 15, met: false });
    expect(a?.conditions.map((c) => [c.code, c.met])).toEqual([
      ['DATA_COMPLETE', true],
      ['CATEGORY_KNOWN', true],
      ['EVERY_CRITERION_MET', false],
      ['MINIMUM_TOTAL', true],
      ['NO_CRITERION_AT_ZERO', true],
    ]);
    const condition = a?.conditions.find((c) => c.code === 'EVERY_CRITERION_MET');
    expect(condition).toMatchObject({
      provisional: true,
      messageVi: 'chưa đạt cả 13 tiêu chí (tiêu chí 7 được 15 điểm, dưới mức đạt 25 điểm)',
    });
    expect(condition?.figures).toEqual({ unmet: [7], undetermined: [] });
    expect(a?.explanation).toContain(
      'Chưa đủ điều kiện công nhận: chưa đạt cả 13 tiêu chí (tiêu chí 7 được 15 điểm, dưới mức đạt 25 điểm).',
    );

    // The procedure asks the district for its reason to recognise against that condition (the decision is the district's).
    const officer = communeOfficer('22783');
    for (const step of [
      `mutation { registerForRecognition(commune: "22783", year: 2020) { state } }`,
      `mutation { recordSelfAssessment(input: { commune: "22783", year: 2020, meetingDate: "2020-12-05", requestLetter: "Tờ trình 1", assessmentReport: "Báo cáo 1", dataSourceExplanation: "Giải trình 1", councilMinutes: "Biên bản 1" }) { state } }`,
      `mutation { submitToDistrict(commune: "22783", year: 2020) { state } }`,
    ]) {
      expect((await hub.query(step, {}, officer)).body.errors).toBeUndefined();
    }
    expect(await throughRecognisingSteps(hub, '22783', 2020, districtOfficer('584'), '2021-01-15')).toBeNull();
    const refused = await hub.query(
      `mutation { recognise(input: { commune: "22783", year: 2020, decisionNumber: "15/QĐ-UBND", decisionDate: "2021-01-15", signer: "Chủ tịch UBND huyện Bác Ái" }) { state } }`,
      {},
      districtOfficer('584'),
    );
    expect(refused.body.data).toBeNull();
    const error = refused.body.errors?.[0];
    expect(error?.extensions).toMatchObject({
      code: 'DECISION_REASON_REQUIRED',
      field: 'reason',
      computed: { eligible: false },
    });
    expect(
      (error?.extensions?.reasons as { code: string; conditions: { code: string }[] }[]).map((r) => [
        r.code,
        r.conditions.map((c) => c.code),
      ]),
    ).toEqual([['NOT_ELIGIBLE', ['EVERY_CRITERION_MET']]]);

    // With 7.1 at its pass mark's band the same commune is eligible.
    await publishCommune('22783', 2020, {}, ['LDTBXH', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL']);
    const fixed = await hub.query<AssessmentData>(ASSESSMENT, { c: '22783', y: 2020 });
    expect(fixed.body.data?.commune.year.assessment).toMatchObject({ total: 1000, eligible: true });
  });
});

describe('the catalogue says what is confirmed, field by field', () => {
  it('QĐ 06 v2: legal titles confirmed, maxima provisional where they are; bands with their own provenance; every criterion met', async () => {
    const answer = await hub.query<{
      criteriaSet: {
        version: number;
        criteria: {
          number: number;
          title: string;
          provenance: string;
          titleProvenance: string;
          maxPointsProvenance: string;
          met: { rule: string; points: number; provenance: string } | null;
          indicators: { code: string; concept: string | null; bands: { threshold: string; provenance: string }[] }[];
        }[];
        recognition: { everyCriterionMet: boolean; everyCriterionMetProvenance: string | null };
      };
    }>(
      `{ criteriaSet(id: "QD06-2019", version: 2) { version criteria { number title provenance titleProvenance maxPointsProvenance met { rule points provenance } indicators { code concept bands { threshold provenance } } } recognition { everyCriterionMet everyCriterionMetProvenance } } }`,
    );
    expect(answer.body.errors).toBeUndefined();
    const set = answer.body.data?.criteriaSet;
    const c = (n: number) => set?.criteria.find((x) => x.number === n);
    expect(c(1)).toMatchObject({
      title: 'Nguồn lực thực hiện quyền trẻ em',
      provenance: 'CONFIRMED',
      titleProvenance: 'CONFIRMED',
      maxPointsProvenance: 'CONFIRMED',
    });
    expect(c(2)).toMatchObject({
      title: 'Trẻ em được khai sinh đúng quy định',
      provenance: 'PROVISIONAL',
      titleProvenance: 'CONFIRMED',
      maxPointsProvenance: 'PROVISIONAL',
    });
    expect(c(4)).toMatchObject({ title: 'Trẻ em vi phạm pháp luật, nghiện ma túy', titleProvenance: 'CONFIRMED' });
    expect(c(7)?.met).toEqual({ rule: 'MIN_POINTS', points: 25, provenance: 'PROVISIONAL' });
    // Criterion 7's band "≥ 98 % → 50" is confirmed inside a provisional indicator.
    expect(c(7)?.indicators[0]?.bands[0]).toEqual({ threshold: '98', provenance: 'CONFIRMED' });
    expect(c(7)?.indicators[0]?.bands[1]?.provenance).toBe('PROVISIONAL');
    expect(c(7)?.indicators[0]?.concept).toBe('immunisation.under-1.full');
    expect(set?.recognition).toEqual({ everyCriterionMet: true, everyCriterionMetProvenance: 'CONFIRMED' });
    // Version 1 stays as it was: it cannot say "met".
    const v1 = await hub.query<{
      criteriaSet: {
        criteria: { title: string }[];
        recognition: { everyCriterionMet: boolean; everyCriterionMetProvenance: string | null };
      };
    }>(
      `{ criteriaSet(id: "QD06-2019", version: 1) { criteria { title } recognition { everyCriterionMet everyCriterionMetProvenance } } }`,
    );
    expect(v1.body.data?.criteriaSet.criteria[0]?.title).toBe('Bảo đảm nguồn lực thực hiện quyền trẻ em');
    expect(v1.body.data?.criteriaSet.recognition).toEqual({
      everyCriterionMet: false,
      everyCriterionMetProvenance: null,
    });
  });
});

describe('a concept across sets', () => {
  it('one query follows immunisation from 2015 to 2020: 8.1 of QĐ 34/2014, then 7.1 of QĐ 06/QĐ-TTg', async () => {
    // Sở Y tế publishes immunisation for 22744 in every year, under the set of the year.
    const rates: Record<number, [number, number]> = {
      2015: [90, 100],
      2016: [92, 100],
      2017: [95, 100],
      2018: [97, 100],
      2019: [98, 100],
      2020: [99, 100],
    };
    for (const [year, [numerator, denominator]] of Object.entries(rates)) {
      const y = Number(year);
      const answer = await hub.query(
        `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { applied rejected { code field message } } }`,
        {
          input: {
            criteriaSetId: y <= 2018 ? 'QD34-2014' : 'QD06-2019',
            year: y,
            rows: [{ commune: '22744', indicator: y <= 2018 ? '8.1' : '7.1', numerator, denominator }],
          },
        },
        publisher('YTE'),
      );
      expect(answer.body).toEqual({ data: { publishYteValues: { applied: true, rejected: [] } } });
    }
    const trend = await hub.query<{
      commune: {
        years: {
          year: number;
          assessment: {
            criteriaSet: { id: string };
            indicator: { code: string; rate: string; concept: string } | null;
          };
        }[];
      };
    }>(
      `{ commune(code: "22744") { years(from: 2015, to: 2020) { year assessment { criteriaSet { id } indicator(concept: "immunisation.under-1.full") { code concept rate } } } } }`,
    );
    expect(trend.body.errors).toBeUndefined();
    expect(
      trend.body.data?.commune.years.map((y) => [
        y.year,
        y.assessment.criteriaSet.id,
        y.assessment.indicator?.code,
        y.assessment.indicator?.rate,
      ]),
    ).toEqual([
      [2015, 'QD34-2014', '8.1', '90.00'],
      [2016, 'QD34-2014', '8.1', '92.00'],
      [2017, 'QD34-2014', '8.1', '95.00'],
      [2018, 'QD34-2014', '8.1', '97.00'],
      [2019, 'QD06-2019', '7.1', '98.00'],
      [2020, 'QD06-2019', '7.1', '99.00'],
    ]);
    // A concept no set has: null, not an error.
    const none = await hub.query<{ commune: { year: { assessment: { indicator: null } } } }>(
      `{ commune(code: "22744") { year(year: 2020) { assessment { indicator(concept: "no.such-concept") { code } } } } }`,
    );
    expect(none.body).toEqual({ data: { commune: { year: { assessment: { indicator: null } } } } });
  });
});
