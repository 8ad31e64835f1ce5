/**
 * The scoring resolver end to end: values published through each department's mutation, the
 * gateway joining them, LĐTBXH assessing from them. Covers a commune that passes, one failing on the
 * total, one failing on a zero criterion, one with a department's data missing, one on a band
 * boundary, a mountain commune's threshold, what-if, gaps, reproduction as of a past date, and the
 * board with its N+1 guard.
 */
import type { DepartmentCode } from '../../shared/departments';
import { publisher, startTestHub, type TestHub } from '../helpers/hub';
import { communeRows, CRITERION_3_AT_ZERO, MUTATION_OF, type Inputs } from '../fixtures/qd06';
import { mergeRows } from '../helpers/publishing';
import { ASSESSMENT_AS_OF_QUERY, ASSESSMENT_QUERY } from '../fixtures/queries';

let hub: TestHub;

async function publish(rowsByDepartment: Record<string, Record<string, unknown>[]>, year = 2020): Promise<void> {
  for (const [department, rows] of Object.entries(rowsByDepartment)) {
    const field = MUTATION_OF[department] ?? '';
    const result = await hub.query<Record<string, { applied: boolean; rejected: unknown[] }>>(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied rejected { index code field } } }`,
      { input: { criteriaSetId: 'QD06-2019', year, rows } },
      publisher(department as DepartmentCode),
    );
    expect([department, result.body.errors, result.body.data?.[field]]).toEqual([
      department,
      undefined,
      { applied: true, rejected: [] },
    ]);
  }
}

const FAIL_TOTAL: Record<string, Inputs> = {
  '7.1': { numerator: 96, denominator: 100 }, // 30 of 50
  '9.1': { numerator: 75, denominator: 100 }, // 15 of 50
  '10.1': { numerator: 96, denominator: 100 }, // 25 of 40
  '10.2': { numerator: 96, denominator: 100 }, // 25 of 40
  '11.1': { grade: 'B' }, // 30 of 50
  '12.2': { grade: 'B' }, // 25 of 40
  '13.1': { numerator: 65, denominator: 100 }, // 15 of 50
};

interface AssessmentResult {
  total: number;
  maxTotal: number;
  status: string;
  eligible: boolean;
  threshold: { category: string; points: number } | null;
  criteria: {
    number: number;
    points: number | null;
    maxPoints: number;
    complete: boolean;
    indicators: {
      code: string;
      state: string;
      points: number | null;
      rule: string | null;
      band: { op: string; threshold: string } | null;
      rate: string | null;
      source: { department: string; publishedBy: string } | null;
    }[];
  }[];
  missing: { department: string; indicators: string[]; unavailable: boolean }[];
  conditions: { code: string; met: boolean | null; message: string; figures: Record<string, unknown> }[];
  gaps: {
    criterion: number;
    indicator: string;
    currentPoints: number;
    nextPoints: number;
    reachable: boolean;
    needed: Inputs | null;
  }[];
  explanation: string;
  criteriaSet: { id: string; version: number };
}

async function assessment(code: string, year = 2020, asOf: string | null = null): Promise<AssessmentResult> {
  const result = await hub.query<{
    commune: { year: { assessment?: AssessmentResult; asOf?: { assessment: AssessmentResult } } };
  }>(
    asOf === null ? ASSESSMENT_QUERY : ASSESSMENT_AS_OF_QUERY,
    asOf === null ? { code, year } : { code, year, at: asOf },
  );
  expect(result.body.errors).toBeUndefined();
  const found =
    asOf === null ? result.body.data?.commune.year.assessment : result.body.data?.commune.year.asOf?.assessment;
  if (!found) throw new Error('no assessment');
  return found;
}

const pointsByCriterion = (a: AssessmentResult) => Object.fromEntries(a.criteria.map((c) => [c.number, c.points]));
const condition = (a: AssessmentResult, code: string) => a.conditions.find((c) => c.code === code);

let beforeChange: string;

beforeAll(async () => {
  hub = await startTestHub();
  await publish(
    mergeRows(
      communeRows('22738'), // passes
      communeRows('22741', FAIL_TOTAL), // fails on the total
      communeRows('22744', CRITERION_3_AT_ZERO),
      communeRows('22747', {}, ['VHTTDL']), // VHTTDL has not published
      communeRows('22750', { '7.1': { numerator: 49, denominator: 50 }, '2.1': { numerator: 98, denominator: 100 } }), // on band boundaries
      communeRows('22783', FAIL_TOTAL), // a mountain commune of Bác Ái with the same figures as 22741
    ),
  );
  beforeChange = new Date().toISOString();
});

afterAll(async () => {
  await hub?.stop();
});

describe('one commune-year', () => {
  it('a commune that passes: complete, 1000 points, every condition met', async () => {
    const a = await assessment('22738');
    expect(a).toMatchObject({
      criteriaSet: { id: 'QD06-2019', version: 2 },
      total: 1000,
      maxTotal: 1000,
      status: 'COMPLETE',
      missing: [],
      eligible: true,
      threshold: { category: 'OTHER', points: 850 },
    });
    expect(a.conditions.map((c) => [c.code, c.met])).toEqual([
      ['DATA_COMPLETE', true],
      ['CATEGORY_KNOWN', true],
      ['EVERY_CRITERION_MET', true],
      ['MINIMUM_TOTAL', true],
      ['NO_CRITERION_AT_ZERO', true],
    ]);
    expect(a.gaps).toEqual([]);
    const immunisation = a.criteria.find((c) => c.number === 7)?.indicators[0];
    expect(immunisation).toMatchObject({
      code: '7.1',
      state: 'SCORED',
      rate: '100.00',
      band: { op: '>=', threshold: '98' },
      rule: 'BAND',
      points: 50,
      source: { department: 'YTE', publishedBy: 'yte-system' },
    });
    expect(a.explanation).toContain('1000');
    expect(a.explanation).not.toContain('\n');
  });

  it('a commune that fails on the total: 845 < 850, no criterion at zero', async () => {
    const a = await assessment('22741');
    expect(pointsByCriterion(a)).toEqual({
      1: 100,
      2: 50,
      3: 100,
      4: 75,
      5: 75,
      6: 125,
      7: 30,
      8: 75,
      9: 15,
      10: 70,
      11: 55,
      12: 60,
      13: 15,
    });
    expect(a).toMatchObject({ total: 845, status: 'COMPLETE', eligible: false });
    expect(condition(a, 'MINIMUM_TOTAL')).toMatchObject({ met: false, message: expect.stringContaining('845') });
    expect(condition(a, 'MINIMUM_TOTAL')?.figures).toMatchObject({
      total: 845,
      required: 850,
      category: 'OTHER',
    });
    expect(condition(a, 'NO_CRITERION_AT_ZERO')?.met).toBe(true);
    // Gaps give the exact value reaching the next band: 96/100 immunised needs 98/100 for 50 points.
    expect(a.gaps.find((g) => g.indicator === '7.1')).toMatchObject({
      currentPoints: 30,
      nextPoints: 50,
      reachable: true,
      needed: { numerator: 98, denominator: 100 },
    });
    expect(a.explanation).toContain('845');
  });

  it('the same figures in a mountain commune meet its lower threshold (800), and still need every criterion met', async () => {
    const a = await assessment('22783');
    expect(a).toMatchObject({ total: 845, threshold: { category: 'MOUNTAIN_ISLAND_DISADVANTAGED', points: 800 } });
    expect(condition(a, 'MINIMUM_TOTAL')?.met).toBe(true);
    // QĐ 06/QĐ-TTg v2: criteria 9 and 13 score 15 of 50, under their (provisional) pass mark of 25.
    expect(condition(a, 'EVERY_CRITERION_MET')?.met).toBe(false);
    expect(condition(a, 'EVERY_CRITERION_MET')?.figures).toEqual({
      unmet: [9, 13],
      undetermined: [],
    });
    expect(a.eligible).toBe(false);
  });

  it('a commune with a criterion at zero fails whatever its total', async () => {
    const a = await assessment('22744');
    expect(pointsByCriterion(a)[3]).toBe(0);
    expect(a).toMatchObject({ total: 900, status: 'COMPLETE', eligible: false });
    expect(condition(a, 'MINIMUM_TOTAL')?.met).toBe(true);
    expect(condition(a, 'NO_CRITERION_AT_ZERO')).toMatchObject({ met: false, message: expect.stringContaining('3') });
    expect(condition(a, 'NO_CRITERION_AT_ZERO')?.figures).toMatchObject({ criteria: [3] });
  });

  it('a department that has not published: INCOMPLETE, its indicators listed, never scored as 0', async () => {
    const a = await assessment('22747');
    expect(a).toMatchObject({
      status: 'INCOMPLETE',
      eligible: false,
      total: 925,
      missing: [{ department: 'VHTTDL', indicators: ['12.1', '12.2'], unavailable: false }],
    });
    const c12 = a.criteria.find((c) => c.number === 12);
    expect(c12).toMatchObject({ complete: false, points: null });
    expect(c12?.indicators.map((i) => [i.code, i.state, i.points])).toEqual([
      ['12.1', 'MISSING', null],
      ['12.2', 'MISSING', null],
    ]);
    expect(condition(a, 'DATA_COMPLETE')?.met).toBe(false);
    // 925 already reaches 850: the total condition is decided even though data is missing.
    expect(condition(a, 'MINIMUM_TOTAL')?.met).toBe(true);
    expect(a.explanation).toContain('Sở Văn hóa, Thể thao và Du lịch');
  });

  it('values exactly on a band boundary: 49/50 = 98 % is in the ≥ 98 % band; 98/100 registered is in ≥ 98, not ≥ 100', async () => {
    const a = await assessment('22750');
    const indicator = (code: string) => a.criteria.flatMap((c) => c.indicators).find((i) => i.code === code);
    expect(indicator('7.1')).toMatchObject({ rate: '98.00', points: 50, band: { op: '>=', threshold: '98' } });
    expect(indicator('2.1')).toMatchObject({ rate: '98.00', points: 30, band: { op: '>=', threshold: '98' } });
    expect(a.gaps.find((g) => g.indicator === '2.1')).toMatchObject({
      currentPoints: 30,
      nextPoints: 50,
      needed: { numerator: 100, denominator: 100 },
    });
    expect(a.total).toBe(980);
  });

  it('what-if: the same assessment with supposed values, nothing stored', async () => {
    const stored = await hub.services.YTE.db.dataSource.query(
      `SELECT count(*)::int AS n FROM yte.indicator_value_revision`,
    );
    const result = await hub.query<{
      commune: {
        year: { whatIf: { total: number; eligible: boolean; criteria: { number: number; points: number }[] } };
      };
    }>(/* GraphQL */ `query { commune(code: "22741") { year(year: 2020) {
          whatIf(overrides: [{ indicator: "7.1", numerator: 98, denominator: 100 }, { indicator: "13.1", numerator: 80, denominator: 100 }, { indicator: "9.1", numerator: 95, denominator: 100 }]) { total eligible criteria { number points } } } } }`);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.commune.year.whatIf).toMatchObject({ total: 845 + 20 + 35 + 35, eligible: true });
    expect(
      await hub.services.YTE.db.dataSource.query(`SELECT count(*)::int AS n FROM yte.indicator_value_revision`),
    ).toEqual(stored);
    expect((await assessment('22741')).total).toBe(845);
  });

  it('what-if refuses an unknown indicator or invalid inputs, naming the field', async () => {
    const unknown = await hub.query(
      `{ commune(code: "22741") { year(year: 2020) { whatIf(overrides: [{ indicator: "99.9", count: 1 }]) { total } } } }`,
    );
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'WHAT_IF_INVALID',
      field: 'indicator',
      indicator: '99.9',
    });
    const invalid = await hub.query(
      `{ commune(code: "22741") { year(year: 2020) { whatIf(overrides: [{ indicator: "7.1", numerator: 101, denominator: 100 }]) { total } } } }`,
    );
    expect(invalid.body.errors?.[0]?.extensions).toMatchObject({ code: 'WHAT_IF_INVALID', field: 'numerator' });
  });

  it('a year without an assigned set is a coded error', async () => {
    const result = await hub.query(`{ commune(code: "22738") { year(year: 2035) { assessment { total } } } }`);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({ code: 'NO_CRITERIA_SET_FOR_YEAR', field: 'year' });
  });
});

describe('reproducing a past assessment', () => {
  it('as of a date, the values then in force give the result then, after later changes', async () => {
    await publish({ YTE: [{ commune: '22738', indicator: '7.1', numerator: 90, denominator: 100 }] });
    const now = await assessment('22738');
    expect(now.total).toBe(1000 - 35);
    const then = await assessment('22738', 2020, beforeChange);
    expect(then.total).toBe(1000);
    expect(then.criteria.find((c) => c.number === 7)?.indicators[0]).toMatchObject({ numerator: 60, denominator: 60 });
  });

  it('a date before anything was assigned is a coded error, not an empty result', async () => {
    const result = await hub.query(
      `{ commune(code: "22738") { year(year: 2020) { asOf(at: "2001-01-01T00:00:00Z") { assessment { total } } } } }`,
    );
    expect(result.body.errors?.[0]?.extensions?.code).toBe('NO_CRITERIA_SET_FOR_YEAR');
  });
});

describe('the board of a district or the province', () => {
  const BOARD = /* GraphQL */ `
    query($district: String, $sort: AssessmentSort!) {
      assessmentBoard(year: 2020, districtCode: $district) {
        scope year
        assessments(sort: $sort) { rank commune { code name } assessment { total status eligible } }
      }
    }`;

  it('assesses every commune in one query, sorted by total and ranked', async () => {
    const result = await hub.query<{
      assessmentBoard: {
        scope: string;
        assessments: {
          rank: number;
          commune: { code: string };
          assessment: { total: number; status: string; eligible: boolean };
        }[];
      };
    }>(BOARD, {
      district: '582',
      sort: 'TOTAL_DESC',
    });
    expect(result.body.errors).toBeUndefined();
    const lines = result.body.data?.assessmentBoard.assessments ?? [];
    expect(result.body.data?.assessmentBoard.scope).toBe('district:582');
    expect(lines).toHaveLength(16);
    const totals = lines.map((l) => l.assessment.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    expect(lines.slice(0, 6).map((l) => [l.rank, l.commune.code, l.assessment.total, l.assessment.eligible])).toEqual([
      [1, '22750', 980, true],
      [2, '22738', 965, false], // 7.1 at 90 % since the as-of test: criterion 7 (15 of 50) is not met
      [3, '22747', 925, false],
      [4, '22744', 900, false],
      [5, '22741', 845, false],
      [6, expect.any(String), 0, false],
    ]);
    // Communes with nothing published share the last rank.
    expect(new Set(lines.slice(5).map((l) => l.rank))).toEqual(new Set([6]));
  });

  it('SQL statements and subgraph fetches do not grow with the number of communes', async () => {
    const count = async (district: string | null) => {
      // The second read of each: both boards then read their stored assessments.
      await hub.query(BOARD, district === null ? { sort: 'CODE' } : { district, sort: 'CODE' });
      const before = hub.statementCounts();
      const result = await hub.query<{ assessmentBoard: { assessments: unknown[] } }>(
        BOARD,
        district === null ? { sort: 'CODE' } : { district, sort: 'CODE' },
      );
      expect(result.body.errors).toBeUndefined();
      const after = hub.statementCounts();
      return {
        communes: result.body.data?.assessmentBoard.assessments.length,
        statements: Object.fromEntries(
          Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]),
        ),
      };
    };
    const small = await count('584');
    const province = await count(null);
    expect(small.communes).toBe(9);
    expect(province.communes).toBe(65);
    expect(province.statements).toEqual(small.statements);
  });
});

describe('when a department cannot answer', () => {
  it('the assessment still comes, INCOMPLETE, naming the department as unavailable', async () => {
    await hub.services.VHTTDL.stop();
    const result = await hub.query<{ commune: { year: { assessment: AssessmentResult } } }>(
      `{ commune(code: "22750") { year(year: 2020) { assessment { status eligible total missing { department indicators unavailable } } } } }`,
    );
    expect(result.body.data?.commune.year.assessment).toEqual({
      status: 'INCOMPLETE',
      eligible: false,
      total: 980 - 75,
      missing: [{ department: 'VHTTDL', indicators: ['12.1', '12.2'], unavailable: true }],
    });
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'vhttdl' }),
      }),
    ]);
  });
});
