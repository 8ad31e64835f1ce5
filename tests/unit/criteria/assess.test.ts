import { assess } from '../../../subgraphs/ldtbxh/assessment/assess';
import type {
  Assessment,
  ConditionResult,
  IndicatorResult,
  PublishedValue,
} from '../../../subgraphs/ldtbxh/assessment/model';
import { countReachingBand, numeratorReachingBand } from '../../../subgraphs/ldtbxh/assessment/reach';
import { WHAT_IF_SOURCE, WhatIfError, applyOverrides } from '../../../subgraphs/ldtbxh/assessment/what-if';
import type { BandOp, CriteriaSet } from '../../../shared/criteria/types';
import { fullValues, input, published, qd06, qd06With, qd34, withValue, withValues } from './assess-builders';

function indicatorResult(a: Assessment, code: string): IndicatorResult {
  const found = a.criteria.flatMap((c) => c.indicators).find((i) => i.code === code);
  if (found === undefined) throw new Error(`no indicator ${code}`);
  return found;
}

function condition(a: Assessment, code: ConditionResult['code']): ConditionResult {
  const found = a.conditions.find((c) => c.code === code);
  if (found === undefined) throw new Error(`no condition ${code}`);
  return found;
}

/** Points, rule, band and rate of one indicator scored alone (everything else at full marks). */
function scoreOf(set: CriteriaSet, code: string, raw: Partial<PublishedValue>) {
  const a = assess(input(set, { values: withValue(set, fullValues(set), code, raw) }));
  const { points, rule, band, rate } = indicatorResult(a, code);
  return { points, rule, band, rate };
}

const YTE_CODES = ['5.1', '5.2', '7.1', '8.1', '8.2', '9.1'];
const withoutYte = (values: readonly PublishedValue[]) => values.filter((v) => v.department !== 'YTE');

const ALL_MET: ConditionResult[] = [
  {
    code: 'DATA_COMPLETE',
    met: true,
    message: 'all 25 indicators published',
    messageVi: 'đã có số liệu của cả 25 chỉ tiêu',
    provisional: false,
    figures: { published: 25, expected: 25, missing: [], unavailableDepartments: [] },
  },
  {
    code: 'CATEGORY_KNOWN',
    met: true,
    message: 'category OTHER',
    messageVi: 'đã phân loại: xã, phường, thị trấn khác',
    provisional: false,
    figures: { category: 'OTHER' },
  },
  {
    code: 'MINIMUM_TOTAL',
    met: true,
    message: 'total 1000 ≥ 850 for category OTHER',
    messageVi: 'tổng điểm 1000 đạt mức 850 của nhóm xã, phường, thị trấn khác',
    provisional: false,
    figures: { total: 1000, maxPossibleTotal: 1000, required: 850, category: 'OTHER' },
  },
  {
    code: 'NO_CRITERION_AT_ZERO',
    met: true,
    message: 'no criterion scored 0',
    messageVi: 'không có tiêu chí nào đạt 0 điểm',
    provisional: false,
    figures: { criteria: [], undetermined: [] },
  },
];

describe('assess: a commune that passes (QD06-2019, every indicator at full points, OTHER)', () => {
  const a = assess(input(qd06));

  it('is complete and eligible with 1000 of 1000 points and every condition met', () => {
    expect(a).toMatchObject({
      criteriaSet: { id: 'QD06-2019', version: 1, provisional: true },
      total: 1000,
      maxTotal: 1000,
      maxPossibleTotal: 1000,
      threshold: { category: 'OTHER', points: 850, provisional: false, categoryProvisional: false },
      status: 'COMPLETE',
      missing: [],
      eligible: true,
      gaps: [],
      ignoredValues: [],
      rejectedValues: [],
    });
    expect(a.conditions).toEqual(ALL_MET);
  });

  it('gives every criterion its maximum', () => {
    expect(a.criteria.map((c) => [c.number, c.points, c.maxPoints, c.complete])).toEqual(
      qd06.criteria.map((c) => [c.number, c.maxPoints, c.maxPoints, true]),
    );
  });

  it('shows each indicator with its raw inputs, band, rule, provenance and source', () => {
    expect(indicatorResult(a, '7.1')).toEqual({
      code: '7.1',
      concept: null, // version 1 names no concept
      title: 'Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin',
      department: 'YTE',
      kind: 'RATE',
      state: 'SCORED',
      numerator: 100,
      denominator: 100,
      count: null,
      value: null,
      grade: null,
      rate: '100.00',
      band: { index: 0, op: '>=', threshold: '98' },
      rule: 'BAND',
      points: 50,
      maxPoints: 50,
      // The indicator is provisional, but the ≥ 98 % → 50 band is confirmed.
      provenance: 'CONFIRMED',
      source: { department: 'YTE', publishedBy: 'officer@yte', publishedAt: '2020-11-20T08:00:00.000Z', revision: 1 },
    });
    expect(indicatorResult(a, '11.1')).toMatchObject({
      grade: 'A',
      numerator: null,
      rule: 'GRADE',
      points: 50,
      band: null,
      rate: null,
    });
    expect(indicatorResult(a, '1.1')).toMatchObject({
      value: true,
      rule: 'BOOLEAN',
      points: 50,
      provenance: 'CONFIRMED',
    });
    expect(indicatorResult(a, '3.1')).toMatchObject({ count: 0, rule: 'BAND', points: 50, provenance: 'PROVISIONAL' });
  });

  it('does not depend on the order of the values', () => {
    expect(assess(input(qd06, { values: [...fullValues(qd06)].reverse() }))).toEqual(a);
  });

  it('also passes QD34-2014 at full points', () => {
    const b = assess(input(qd34));
    expect([b.status, b.eligible, b.total, b.maxTotal, b.conditions.every((c) => c.met === true)]).toEqual([
      'COMPLETE',
      true,
      1000,
      1000,
      true,
    ]);
  });
});

describe('assess: a commune that fails on the total only', () => {
  // 1.4 no (−20), 2.1 95 % (−35), 7.1 90 % (−35), 9.1 70 % (−35), 11.1 grade C (−35): 840.
  const values = withValues(qd06, fullValues(qd06), {
    '1.4': { value: false },
    '2.1': { numerator: 95, denominator: 100 },
    '7.1': { numerator: 90, denominator: 100 },
    '9.1': { numerator: 70, denominator: 100 },
    '11.1': { grade: 'C' },
  });
  const a = assess(input(qd06, { values }));

  it('is complete, 840 < 850, not eligible, every other condition met', () => {
    expect([a.status, a.total, a.eligible]).toEqual(['COMPLETE', 840, false]);
    expect(condition(a, 'MINIMUM_TOTAL')).toEqual({
      code: 'MINIMUM_TOTAL',
      met: false,
      message: 'total 840 < 850 for category OTHER',
      messageVi: 'tổng điểm 840 thấp hơn mức 850 của nhóm xã, phường, thị trấn khác',
      provisional: false,
      figures: { total: 840, maxPossibleTotal: 840, required: 850, category: 'OTHER' },
    });
    expect(a.conditions.map((c) => [c.code, c.met])).toEqual([
      ['DATA_COMPLETE', true],
      ['CATEGORY_KNOWN', true],
      ['MINIMUM_TOTAL', false],
      ['NO_CRITERION_AT_ZERO', true],
    ]);
  });

  it('the same points pass for a mountain / island / disadvantaged commune (800) and fail for a ward (900)', () => {
    const mountain = assess(
      input(qd06, { values, category: { category: 'MOUNTAIN_ISLAND_DISADVANTAGED', provisional: true } }),
    );
    expect(mountain.eligible).toBe(true);
    expect(mountain.threshold).toEqual({
      category: 'MOUNTAIN_ISLAND_DISADVANTAGED',
      points: 800,
      provisional: false,
      categoryProvisional: true,
    });
    expect(condition(mountain, 'MINIMUM_TOTAL').message).toBe(
      'total 840 ≥ 800 for category MOUNTAIN_ISLAND_DISADVANTAGED',
    );
    expect(condition(mountain, 'CATEGORY_KNOWN')).toMatchObject({
      met: true,
      provisional: true,
      message: 'category MOUNTAIN_ISLAND_DISADVANTAGED (provisional)',
    });
    const ward = assess(input(qd06, { values, category: { category: 'URBAN_WARD', provisional: false } }));
    expect([ward.eligible, condition(ward, 'MINIMUM_TOTAL').message]).toEqual([
      false,
      'total 840 < 900 for category URBAN_WARD',
    ]);
  });

  it('lists a gap for every indicator below its maximum, with the exact value that reaches the next band', () => {
    expect(
      a.gaps.map((g) => [g.indicator, g.currentPoints, g.nextPoints, g.gain, g.needed, g.change, g.reachable]),
    ).toEqual([
      ['1.4', 0, 20, 20, { numerator: null, denominator: null, count: null, value: true, grade: null }, null, true],
      ['2.1', 15, 30, 15, { numerator: 98, denominator: 100, count: null, value: null, grade: null }, 3, true],
      ['7.1', 15, 30, 15, { numerator: 95, denominator: 100, count: null, value: null, grade: null }, 5, true],
      ['9.1', 15, 30, 15, { numerator: 80, denominator: 100, count: null, value: null, grade: null }, 10, true],
      ['11.1', 15, 30, 15, { numerator: null, denominator: null, count: null, value: null, grade: 'B' }, null, true],
    ]);
  });
});

describe('assess: a commune that fails on a criterion at 0 only', () => {
  const a = assess(
    input(qd06, { values: withValues(qd06, fullValues(qd06), { '4.1': { count: 2 }, '4.2': { count: 1 } }) }),
  );

  it('keeps a total above the minimum but is not eligible: criterion 4 scored 0', () => {
    expect([a.status, a.total, a.eligible]).toEqual(['COMPLETE', 925, false]);
    expect(a.criteria[3]).toMatchObject({ number: 4, points: 0, maxPoints: 75, complete: true });
    expect(condition(a, 'MINIMUM_TOTAL').met).toBe(true);
    expect(condition(a, 'NO_CRITERION_AT_ZERO')).toEqual({
      code: 'NO_CRITERION_AT_ZERO',
      met: false,
      message: 'criterion 4 scored 0',
      messageVi: 'tiêu chí 4 đạt 0 điểm',
      provisional: false,
      figures: { criteria: [4], undetermined: [] },
    });
  });
});

describe('assess: one department has not published', () => {
  const a = assess(input(qd06, { values: withoutYte(fullValues(qd06)) }));

  it('is incomplete, lists the department, never scores its indicators 0 and leaves the total undecided', () => {
    expect([a.status, a.eligible, a.total, a.maxPossibleTotal]).toEqual(['INCOMPLETE', false, 750, 1000]);
    expect(a.missing).toEqual([{ department: 'YTE', indicators: YTE_CODES, unavailable: false }]);
    for (const code of YTE_CODES) {
      expect(indicatorResult(a, code)).toMatchObject({
        state: 'MISSING',
        points: null,
        rule: null,
        source: null,
        rate: null,
      });
    }
    // A criterion without any scored indicator has no points (null, never 0), and can still reach its maximum.
    expect(
      a.criteria.filter((c) => !c.complete).map((c) => [c.number, c.points, c.maxPoints, c.maxPossiblePoints]),
    ).toEqual([
      [5, null, 75, 75],
      [7, null, 50, 50],
      [8, null, 75, 75],
      [9, null, 50, 50],
    ]);
    expect([a.totalProvisional, a.total]).toEqual([true, a.criteria.reduce((sum, c) => sum + (c.points ?? 0), 0)]);
  });

  it('says which conditions cannot be decided yet', () => {
    expect(a.conditions).toEqual([
      {
        code: 'DATA_COMPLETE',
        met: false,
        message: '19 of 25 indicators published; missing: YTE 5.1, 5.2, 7.1, 8.1, 8.2, 9.1',
        messageVi: 'đã có số liệu 19/25 chỉ tiêu; còn thiếu: Sở Y tế 5.1, 5.2, 7.1, 8.1, 8.2, 9.1',
        provisional: false,
        figures: { published: 19, expected: 25, missing: YTE_CODES, unavailableDepartments: [] },
      },
      ALL_MET[1],
      {
        code: 'MINIMUM_TOTAL',
        met: null,
        message:
          'total 750 so far, up to 1000 when complete: cannot be compared with 850 for category OTHER until the missing indicators are published',
        messageVi:
          'tổng điểm tạm tính 750 (tối đa 1000 khi đủ số liệu): chưa so sánh được với mức 850 của nhóm xã, phường, thị trấn khác',
        provisional: false,
        figures: { total: 750, maxPossibleTotal: 1000, required: 850, category: 'OTHER' },
      },
      {
        code: 'NO_CRITERION_AT_ZERO',
        met: null,
        message: 'criteria 5, 7, 8, 9 incomplete with no points yet: may still score 0',
        messageVi: 'tiêu chí 5, 7, 8, 9 chưa đủ số liệu và chưa có điểm',
        provisional: false,
        figures: { criteria: [], undetermined: [5, 7, 8, 9] },
      },
    ]);
  });

  it('already fails NO_CRITERION_AT_ZERO when a complete criterion scored 0', () => {
    const b = assess(
      input(qd06, {
        values: withValues(qd06, withoutYte(fullValues(qd06)), { '4.1': { count: 3 }, '4.2': { count: 2 } }),
      }),
    );
    expect(condition(b, 'NO_CRITERION_AT_ZERO')).toMatchObject({
      met: false,
      message: 'criterion 4 scored 0',
      figures: { criteria: [4], undetermined: [5, 7, 8, 9] },
    });
  });

  it('decides the total when the published points already reach it, or cannot reach it even at full points', () => {
    const reached = assess(input(qd06, { values: fullValues(qd06).filter((v) => v.department !== 'GDDT') }));
    expect([reached.status, reached.eligible, condition(reached, 'MINIMUM_TOTAL')]).toEqual([
      'INCOMPLETE',
      false,
      {
        code: 'MINIMUM_TOTAL',
        met: true,
        message: 'total 900 of the published indicators already ≥ 850 for category OTHER',
        messageVi: 'tổng điểm 900 của các chỉ tiêu đã có số liệu đã đạt mức 850 của nhóm xã, phường, thị trấn khác',
        provisional: false,
        figures: { total: 900, maxPossibleTotal: 1000, required: 850, category: 'OTHER' },
      },
    ]);
    // 1.1 no (−50), 6.2 0 of 10 cases (−75), 13.1 50 % (−50): 575 + at most 250 = 825 < 850.
    const unreachable = assess(
      input(qd06, {
        values: withValues(qd06, withoutYte(fullValues(qd06)), {
          '1.1': { value: false },
          '6.2': { numerator: 0, denominator: 10 },
          '13.1': { numerator: 50, denominator: 100 },
        }),
      }),
    );
    expect(condition(unreachable, 'MINIMUM_TOTAL')).toMatchObject({
      met: false,
      message: 'total 575, at most 825 even with full points on the missing indicators, < 850 for category OTHER',
      figures: { total: 575, maxPossibleTotal: 825, required: 850, category: 'OTHER' },
    });
  });
});

describe('assess: a department whose service is unavailable', () => {
  const values = fullValues(qd06).filter((v) => v.department !== 'CONGAN' && v.department !== 'YTE');
  const a = assess(input(qd06, { values, unavailableDepartments: ['CONGAN'] }));

  it('marks its indicators UNAVAILABLE (not MISSING), unscored, and groups them by department', () => {
    expect(a.missing).toEqual([
      { department: 'CONGAN', indicators: ['3.1', '3.2', '4.1', '4.2'], unavailable: true },
      { department: 'YTE', indicators: YTE_CODES, unavailable: false },
    ]);
    expect(
      ['3.1', '3.2', '4.1', '4.2'].map((c) => [indicatorResult(a, c).state, indicatorResult(a, c).points]),
    ).toEqual(Array(4).fill(['UNAVAILABLE', null]));
    expect(indicatorResult(a, '7.1').state).toBe('MISSING');
    expect([a.status, a.eligible, a.total]).toEqual(['INCOMPLETE', false, 575]);
    expect(condition(a, 'DATA_COMPLETE')).toMatchObject({
      met: false,
      message:
        '15 of 25 indicators published; missing: CONGAN 3.1, 3.2, 4.1, 4.2 (service unavailable); YTE 5.1, 5.2, 7.1, 8.1, 8.2, 9.1',
      messageVi:
        'đã có số liệu 15/25 chỉ tiêu; còn thiếu: Công an tỉnh 3.1, 3.2, 4.1, 4.2 (chưa kết nối được); Sở Y tế 5.1, 5.2, 7.1, 8.1, 8.2, 9.1',
      figures: { unavailableDepartments: ['CONGAN'] },
    });
  });

  it('uses a value that is present even when its department is unavailable (a what-if override)', () => {
    const b = assess(
      input(qd06, {
        values: applyOverrides(
          fullValues(qd06).filter((v) => v.department !== 'CONGAN'),
          [{ indicator: '3.1', count: 0 }],
          qd06,
        ),
        unavailableDepartments: ['CONGAN'],
      }),
    );
    expect(indicatorResult(b, '3.1')).toMatchObject({
      state: 'SCORED',
      points: 50,
      source: { publishedBy: 'what-if', revision: 0 },
    });
    expect(b.missing).toEqual([{ department: 'CONGAN', indicators: ['3.2', '4.1', '4.2'], unavailable: true }]);
  });
});

describe('assess: exact band boundaries', () => {
  it('98/100 with ≥ 98 gets the band, 97/100 does not, 49/50 = 98 % does', () => {
    expect(scoreOf(qd06, '7.1', { numerator: 98, denominator: 100 })).toEqual({
      points: 50,
      rule: 'BAND',
      band: { index: 0, op: '>=', threshold: '98' },
      rate: '98.00',
    });
    expect(scoreOf(qd06, '7.1', { numerator: 97, denominator: 100 })).toEqual({
      points: 30,
      rule: 'BAND',
      band: { index: 1, op: '>=', threshold: '95' },
      rate: '97.00',
    });
    expect(scoreOf(qd06, '7.1', { numerator: 49, denominator: 50 })).toMatchObject({ points: 50, rate: '98.00' });
    expect(scoreOf(qd06, '7.1', { numerator: 89, denominator: 100 })).toEqual({
      points: 0,
      rule: 'OTHERWISE',
      band: null,
      rate: '89.00',
    });
  });

  it('a > band does not take its boundary value (QD34 7.2: > 97.5 %)', () => {
    expect(scoreOf(qd34, '7.2', { numerator: 39, denominator: 40 })).toEqual({
      points: 10,
      rule: 'BAND',
      band: { index: 1, op: '>=', threshold: '90' },
      rate: '97.50',
    });
    expect(scoreOf(qd34, '7.2', { numerator: 391, denominator: 400 })).toMatchObject({
      points: 20,
      band: { index: 0 },
    });
  });

  it('lower is better: ≤ 10 % takes 10 %, < 1 % does not take 1 %', () => {
    expect(scoreOf(qd06, '8.1', { numerator: 10, denominator: 100 })).toMatchObject({ points: 40, band: { index: 0 } });
    expect(scoreOf(qd06, '8.1', { numerator: 11, denominator: 100 })).toMatchObject({ points: 25, band: { index: 1 } });
    expect(scoreOf(qd06, '10.3', { numerator: 1, denominator: 100 })).toMatchObject({
      points: 10,
      band: { index: 1, op: '<=' },
    });
  });
});

describe('assess: zero denominator', () => {
  it('uses whenNoDenominator: 7.1 with no child under 1 gets 50', () => {
    const a = assess(
      input(qd06, { values: withValue(qd06, fullValues(qd06), '7.1', { numerator: 0, denominator: 0 }) }),
    );
    expect(indicatorResult(a, '7.1')).toMatchObject({
      state: 'SCORED',
      numerator: 0,
      denominator: 0,
      rate: null,
      band: null,
      rule: 'NO_DENOMINATOR',
      points: 50,
      provenance: 'PROVISIONAL',
    });
    expect([a.total, a.eligible, a.gaps]).toEqual([1000, true, []]);
  });

  it('13.1 with nobody surveyed scores 0 by rule: criterion 13 at 0, gap unreachable without a denominator', () => {
    const a = assess(
      input(qd06, { values: withValue(qd06, fullValues(qd06), '13.1', { numerator: 0, denominator: 0 }) }),
    );
    expect(indicatorResult(a, '13.1')).toMatchObject({ rule: 'NO_DENOMINATOR', points: 0, state: 'SCORED' });
    expect([a.total, a.status, a.eligible]).toEqual([950, 'COMPLETE', false]);
    expect(condition(a, 'NO_CRITERION_AT_ZERO')).toMatchObject({ met: false, figures: { criteria: [13] } });
    expect(a.gaps).toEqual([
      {
        criterion: 13,
        indicator: '13.1',
        kind: 'RATE',
        currentPoints: 0,
        nextPoints: 15,
        gain: 15,
        band: { index: 2, op: '>=', threshold: '60' },
        needed: null,
        change: null,
        reachable: false,
        provenance: 'PROVISIONAL',
        message:
          '13.1: denominator 0 gives 0 of 50 points (no-denominator rule); a rate needs a denominator above 0 to reach ≥ 60%',
        messageVi:
          'chỉ tiêu 13.1: mẫu số bằng 0 nên được 0/50 điểm theo quy định khi không có mẫu số; cần mẫu số lớn hơn 0 mới có thể đạt mức ≥ 60%',
      },
    ]);
  });
});

describe('assess: unknown category', () => {
  const a = assess(input(qd06, { category: null }));

  it('has no threshold, CATEGORY_KNOWN not met, MINIMUM_TOTAL undecided, not eligible', () => {
    expect([a.status, a.total, a.threshold, a.eligible]).toEqual(['COMPLETE', 1000, null, false]);
    expect(condition(a, 'CATEGORY_KNOWN')).toEqual({
      code: 'CATEGORY_KNOWN',
      met: false,
      message: 'no category recorded for the year',
      messageVi: 'chưa có phân loại xã cho năm đánh giá',
      provisional: false,
      figures: { category: null },
    });
    expect(condition(a, 'MINIMUM_TOTAL')).toEqual({
      code: 'MINIMUM_TOTAL',
      met: null,
      message: 'total 1000: no category recorded, so the minimum total is unknown',
      messageVi: 'tổng điểm 1000: chưa có phân loại xã nên chưa xác định được mức điểm tối thiểu',
      provisional: false,
      figures: { total: 1000, maxPossibleTotal: 1000, required: null, category: null },
    });
  });
});

describe('numeratorReachingBand / countReachingBand: exact inverse of a band', () => {
  const cases: [BandOp, string, number, number | null][] = [
    ['>=', '98', 37, 37], // 36 × 100 = 3600 < 98 × 37 = 3626 ≤ 37 × 100
    ['>=', '95', 37, 36], // 95 × 37 = 3515 → 36
    ['>=', '98', 100, 98],
    ['>=', '97.5', 100, 98],
    ['>=', '97.5', 40, 39], // 39/40 is exactly 97.5 %
    ['>', '97.5', 40, 40], // … which does not exceed it
    ['>', '97.5', 100, 98],
    ['>=', '33.333', 3, 1],
    ['>=', '66.667', 3, 3], // 2/3 = 66.666… % misses it
    ['>', '0', 5, 1],
    ['>=', '0', 5, 0],
    ['>=', '100', 7, 7],
    ['<=', '10', 37, 3], // 3/37 = 8.1 %, 4/37 = 10.8 %
    ['<=', '10', 100, 10],
    ['<', '1', 250, 2], // 2/250 = 0.8 %, 3/250 = 1.2 %
    ['<', '1', 100, 0],
    ['<', '0.5', 1000, 4],
    ['<=', '0', 100, 0],
    ['<=', '100', 9, 9],
    ['>', '100', 10, null], // never: a rate cannot exceed 100 %
    ['<', '0', 10, null], // never: a rate cannot be below 0
    ['<', '1', 99, 0],
    ['<', '0.5', 100, 0],
    ['<', '0.5', 1, 0], // 0/1 = 0 %
  ];

  it.each(cases)('%s %s %% with denominator %i → %p', (op, threshold, denominator, expected) => {
    expect(numeratorReachingBand({ op, threshold }, denominator)).toBe(expected);
  });

  it('rejects a denominator that is not positive', () => {
    expect(() => numeratorReachingBand({ op: '>=', threshold: '98' }, 0)).toThrow(RangeError);
  });

  it('counts: ≤ t → t, < t → t − 1, < 0 unreachable', () => {
    expect(
      (
        [
          ['<=', '0'],
          ['<=', '2'],
          ['<', '1'],
          ['<', '3'],
          ['<', '0'],
        ] as [BandOp, string][]
      ).map(([op, threshold]) => countReachingBand({ op, threshold })),
    ).toEqual([0, 2, 0, 2, null]);
  });
});

describe('assess: gaps', () => {
  function gapsFor(set: CriteriaSet, changes: Parameters<typeof withValues>[2]) {
    return assess(input(set, { values: withValues(set, fullValues(set), changes) })).gaps;
  }

  it('denominator 37 at 97.30 % (97.297…, rounded half up) needs 37 to reach ≥ 98 %', () => {
    expect(gapsFor(qd06, { '7.1': { numerator: 36, denominator: 37 } })).toEqual([
      {
        criterion: 7,
        indicator: '7.1',
        kind: 'RATE',
        currentPoints: 30,
        nextPoints: 50,
        gain: 20,
        band: { index: 0, op: '>=', threshold: '98' },
        needed: { numerator: 37, denominator: 37, count: null, value: null, grade: null },
        change: 1,
        reachable: true,
        provenance: 'CONFIRMED',
        message: '7.1: 36/37 (97.30%) gives 30 of 50 points; 37/37 (≥ 98%) gives 50 (+20, 1 more)',
        messageVi: 'chỉ tiêu 7.1: 36/37 (97,30%) được 30/50 điểm; cần 37/37 (≥ 98%) để được 50 điểm (+20, thêm 1)',
      },
    ]);
  });

  it('the next better band is the nearest one; a coarse denominator may jump further and says so', () => {
    // 35/37 = 94.59 % (≥ 90 → 15): next ≥ 95 needs 36 (97.30 %), which scores 30, not 50.
    expect(gapsFor(qd06, { '7.1': { numerator: 35, denominator: 37 } })[0]).toMatchObject({
      currentPoints: 15,
      nextPoints: 30,
      band: { index: 1, threshold: '95' },
      needed: { numerator: 36, denominator: 37 },
    });
    // 0/1 (otherwise, 0): the nearest band ≥ 90 needs 1/1 = 100 %, which falls in the ≥ 98 band.
    expect(gapsFor(qd06, { '7.1': { numerator: 0, denominator: 1 } })[0]).toMatchObject({
      currentPoints: 0,
      nextPoints: 50,
      gain: 50,
      band: { index: 0, threshold: '98' },
      needed: { numerator: 1, denominator: 1 },
      change: 1,
    });
  });

  it('a > band needs more than its boundary (QD34 7.2: 39/40 = 97.5 % → 40/40)', () => {
    expect(gapsFor(qd34, { '7.2': { numerator: 39, denominator: 40 } })[0]).toMatchObject({
      currentPoints: 10,
      nextPoints: 20,
      band: { index: 0, op: '>', threshold: '97.5' },
      needed: { numerator: 40, denominator: 40 },
    });
  });

  it('lower is better: the largest numerator that reaches the band', () => {
    expect(
      gapsFor(qd06, { '8.1': { numerator: 12, denominator: 100 }, '10.3': { numerator: 3, denominator: 250 } }),
    ).toEqual([
      expect.objectContaining({
        indicator: '8.1',
        currentPoints: 25,
        nextPoints: 40,
        band: { index: 0, op: '<=', threshold: '10' },
        needed: { numerator: 10, denominator: 100, count: null, value: null, grade: null },
        change: -2,
        message: '8.1: 12/100 (12.00%) gives 25 of 40 points; at most 10/100 (≤ 10%) gives 40 (+15, 2 fewer)',
      }),
      expect.objectContaining({
        indicator: '10.3',
        currentPoints: 10,
        nextPoints: 20,
        band: { index: 0, op: '<', threshold: '1' },
        needed: { numerator: 2, denominator: 250, count: null, value: null, grade: null },
        change: -1,
      }),
    ]);
  });

  it('counts, yes/no and grades', () => {
    expect(
      gapsFor(qd06, { '3.2': { count: 3 }, '5.2': { value: false }, '12.2': { grade: 'D' } }).map((g) => [
        g.indicator,
        g.currentPoints,
        g.nextPoints,
        g.needed,
        g.change,
        g.messageVi,
      ]),
    ).toEqual([
      [
        '3.2',
        0,
        25,
        { numerator: null, denominator: null, count: 1, value: null, grade: null },
        -2,
        'chỉ tiêu 3.2: 3 trường hợp được 0/50 điểm; cần giảm xuống tối đa 1 trường hợp để được 25 điểm (+25, bớt 2)',
      ],
      [
        '5.2',
        0,
        25,
        { numerator: null, denominator: null, count: null, value: true, grade: null },
        null,
        'chỉ tiêu 5.2: trả lời “không” được 0/25 điểm; “có” được 25 điểm (+25)',
      ],
      [
        '12.2',
        0,
        10,
        { numerator: null, denominator: null, count: null, value: null, grade: 'C' },
        null,
        'chỉ tiêu 12.2: mức D được 0/40 điểm; mức C được 10 điểm (+10)',
      ],
    ]);
  });

  it('is unreachable when no numerator up to the denominator reaches the band', () => {
    // Not a loadable set (the validator rejects "> 100" as BAND_UNREACHABLE): the engine still
    // answers instead of inventing a value.
    const raw = JSON.parse(JSON.stringify(qd06)) as CriteriaSet;
    const seven = raw.criteria[6]?.indicators[0];
    if (seven?.kind !== 'RATE') throw new Error('7.1 is a RATE');
    seven.bands = [{ op: '>', threshold: '100', points: 50 }, ...seven.bands.slice(1)];
    const a = assess(
      input(raw, { values: withValue(raw, fullValues(raw), '7.1', { numerator: 96, denominator: 100 }) }),
    );
    expect(a.gaps).toEqual([
      expect.objectContaining({
        indicator: '7.1',
        currentPoints: 30,
        nextPoints: 50,
        band: { index: 0, op: '>', threshold: '100' },
        needed: null,
        reachable: false,
        message: '7.1: 96/100 (96.00%) gives 30 of 50 points; no numerator from 0 to 100 reaches > 100%',
      }),
    ]);
  });
});

describe('assess: values that are not used', () => {
  it('ignores codes that are not indicators of the set, once each, sorted', () => {
    const stray = (code: string): PublishedValue => ({
      ...published(qd06, '7.1', { numerator: 1, denominator: 1 }),
      indicator: code,
    });
    const a = assess(
      input(qd06, { values: [...fullValues(qd06), stray('14.1'), stray('2.10'), stray('14.1'), stray('2.9')] }),
    );
    expect(a.ignoredValues).toEqual(['2.9', '2.10', '14.1']);
    expect([a.total, a.eligible, a.rejectedValues]).toEqual([1000, true, []]);
  });

  it('rejects a value from another department, one that does not fit this version, and superseded revisions', () => {
    const values = withValues(qd06, fullValues(qd06), { '7.1': null, '2.1': null, '9.1': null });
    const a = assess(
      input(qd06, {
        values: [
          ...values,
          { ...published(qd06, '7.1', { numerator: 98, denominator: 100 }), department: 'LDTBXH' },
          { ...published(qd06, '2.1', { count: 3 }), kind: 'COUNT' },
          published(qd06, '9.1', { numerator: 95, denominator: 100 }, { revision: 3 }),
          published(qd06, '9.1', { numerator: 10, denominator: 100 }, { revision: 2 }),
        ],
      }),
    );
    expect(a.rejectedValues).toEqual([
      {
        indicator: '2.1',
        department: 'TUPHAP',
        revision: 1,
        reason: 'INVALID_VALUE',
        message:
          'value of indicator 2.1 (revision 1) does not fit QD06-2019 version 1: indicator 2.1 is RATE, got a COUNT value',
      },
      {
        indicator: '7.1',
        department: 'LDTBXH',
        revision: 1,
        reason: 'WRONG_DEPARTMENT',
        message: 'indicator 7.1 is published by YTE in QD06-2019 version 1, not LDTBXH',
      },
      {
        indicator: '9.1',
        department: 'YTE',
        revision: 2,
        reason: 'SUPERSEDED',
        message: 'value of indicator 9.1 revision 2 is superseded by revision 3',
      },
    ]);
    expect(['2.1', '7.1', '9.1'].map((c) => [indicatorResult(a, c).state, indicatorResult(a, c).points])).toEqual([
      ['MISSING', null],
      ['MISSING', null],
      ['SCORED', 50],
    ]);
    expect(indicatorResult(a, '9.1').source).toMatchObject({ revision: 3 });
    expect(a.missing).toEqual([
      { department: 'TUPHAP', indicators: ['2.1'], unavailable: false },
      { department: 'YTE', indicators: ['7.1'], unavailable: false },
    ]);
  });
});

describe('assess: criteria at maximum and disqualifying events', () => {
  const set = qd06With({
    criteriaAtMaximum: { criteria: [1, 6], status: 'provisional' },
    disqualifyingIndicators: [
      { indicator: '3.1', when: { op: '>', value: 0 }, status: 'provisional' },
      { indicator: '5.2', when: { op: '=', value: 0 }, status: 'confirmed' },
    ],
  });
  const run = (changes: Parameters<typeof withValues>[2]) =>
    assess(input(set, { values: withValues(set, fullValues(set), changes) }));

  it('lists one condition per rule and passes at full points', () => {
    const a = run({});
    expect(a.eligible).toBe(true);
    expect(a.conditions.slice(4)).toEqual([
      {
        code: 'CRITERIA_AT_MAXIMUM',
        met: true,
        message: 'criteria 1, 6 at the maximum',
        messageVi: 'tiêu chí 1, 6 đạt điểm tối đa theo yêu cầu',
        provisional: true,
        figures: { criteria: [1, 6], below: [], undetermined: [] },
      },
      {
        code: 'DISQUALIFYING_INDICATOR',
        met: true,
        message: 'indicator 3.1: 0, not a disqualifying event (count > 0)',
        messageVi: 'chỉ tiêu 3.1 ghi nhận 0 trường hợp, không thuộc điều kiện loại trừ (số trường hợp > 0)',
        provisional: true,
        figures: { indicator: '3.1', op: '>', value: 0, actual: 0 },
      },
      {
        code: 'DISQUALIFYING_INDICATOR',
        met: true,
        message: 'indicator 5.2: yes, not a disqualifying event (answer = no)',
        messageVi: 'chỉ tiêu 5.2 trả lời “có”, không thuộc điều kiện loại trừ (trả lời = “không”)',
        provisional: false,
        figures: { indicator: '5.2', op: '=', value: 0, actual: 1 },
      },
    ]);
  });

  it('a disqualifying event prevents recognition whatever the total', () => {
    const a = run({ '3.1': { count: 1 }, '5.2': { value: false } });
    expect([a.total, a.eligible]).toEqual([925, false]);
    expect(a.conditions.filter((c) => c.code === 'DISQUALIFYING_INDICATOR').map((c) => [c.met, c.message])).toEqual([
      [false, 'indicator 3.1: 1 prevents recognition (count > 0)'],
      [false, 'indicator 5.2: no prevents recognition (answer = no)'],
    ]);
  });

  it('a listed criterion below its maximum fails, complete or not; an undecided one is null', () => {
    expect(condition(run({ '6.1': { numerator: 90, denominator: 100 } }), 'CRITERIA_AT_MAXIMUM')).toMatchObject({
      met: false,
      message: 'criterion 6 scored 75 of 125: must reach the maximum',
      messageVi: 'tiêu chí 6 đạt 75/125 điểm, chưa đạt tối đa theo yêu cầu',
      figures: { below: [6], undetermined: [] },
    });
    expect(
      condition(run({ '6.1': { numerator: 90, denominator: 100 }, '6.2': null }), 'CRITERIA_AT_MAXIMUM'),
    ).toMatchObject({
      met: false,
      message: 'criterion 6 can reach at most 75 of 125: must reach the maximum',
    });
    const undecided = run({ '6.2': null, '3.1': null });
    expect(condition(undecided, 'CRITERIA_AT_MAXIMUM')).toMatchObject({
      met: null,
      figures: { below: [], undetermined: [6] },
    });
    expect(undecided.conditions.find((c) => c.code === 'DISQUALIFYING_INDICATOR')).toEqual({
      code: 'DISQUALIFYING_INDICATOR',
      met: null,
      message: 'indicator 3.1 has no published value: the disqualifying event (count > 0) cannot be checked',
      messageVi: 'chỉ tiêu 3.1 chưa có số liệu nên chưa kiểm tra được điều kiện loại trừ (số trường hợp > 0)',
      provisional: true,
      figures: { indicator: '3.1', op: '>', value: 0, actual: null },
    });
  });
});

describe('applyOverrides', () => {
  const values = withoutYte(fullValues(qd06));

  it('replaces the value of an indicator in place and adds a missing one, marked what-if', () => {
    const out = applyOverrides(
      values,
      [
        { indicator: '2.1', numerator: 97, denominator: 100 },
        { indicator: '7.1', numerator: 98, denominator: 100, count: null },
      ],
      qd06,
    );
    expect(out).toHaveLength(values.length + 1);
    expect(out.findIndex((v) => v.indicator === '2.1')).toBe(values.findIndex((v) => v.indicator === '2.1'));
    expect(out.filter((v) => v.indicator === '2.1' || v.indicator === '7.1')).toEqual([
      {
        indicator: '2.1',
        department: 'TUPHAP',
        kind: 'RATE',
        numerator: 97,
        denominator: 100,
        count: null,
        value: null,
        grade: null,
        ...WHAT_IF_SOURCE,
      },
      {
        indicator: '7.1',
        department: 'YTE',
        kind: 'RATE',
        numerator: 98,
        denominator: 100,
        count: null,
        value: null,
        grade: null,
        publishedBy: 'what-if',
        publishedAt: '',
        revision: 0,
      },
    ]);
    expect(values.find((v) => v.indicator === '2.1')?.numerator).toBe(100);
  });

  it('replaces every value of the indicator, whichever department published it', () => {
    const extra = { ...published(qd06, '2.1', { numerator: 1, denominator: 2 }), department: 'YTE' as const };
    const out = applyOverrides([...values, extra], [{ indicator: '2.1', numerator: 3, denominator: 3 }], qd06);
    expect(out.filter((v) => v.indicator === '2.1')).toEqual([
      expect.objectContaining({ department: 'TUPHAP', numerator: 3 }),
    ]);
  });

  function thrown(fn: () => unknown): WhatIfError {
    try {
      fn();
    } catch (error) {
      if (error instanceof WhatIfError) return error;
      throw error;
    }
    throw new Error('did not throw');
  }

  it('throws coded errors for an unknown indicator, a repeated one and invalid inputs', () => {
    const cases = [
      [{ indicator: '99.1', count: 0 }],
      [
        { indicator: '3.1', count: 0 },
        { indicator: '3.1', count: 1 },
      ],
      [{ indicator: '7.1', numerator: 101, denominator: 100 }],
      [{ indicator: '7.1', numerator: 5 }],
      [{ indicator: '7.1', numerator: 5, denominator: 10, count: 2 }],
      [{ indicator: '11.1', grade: 'Z' }],
      [{ indicator: '3.1', count: -1 }],
      [{ indicator: '3.1', count: 1.5 }],
    ].map((overrides) => {
      const error = thrown(() => applyOverrides(values, overrides, qd06));
      return [error.code, error.indicator, error.field];
    });
    expect(cases).toEqual([
      ['UNKNOWN_INDICATOR', '99.1', 'indicator'],
      ['DUPLICATE_OVERRIDE', '3.1', 'indicator'],
      ['NUMERATOR_EXCEEDS_DENOMINATOR', '7.1', 'numerator'],
      ['VALUE_REQUIRED', '7.1', 'denominator'],
      ['WRONG_VALUE_KIND', '7.1', 'count'],
      ['UNKNOWN_GRADE', '11.1', 'grade'],
      ['NEGATIVE_VALUE', '3.1', 'count'],
      ['NOT_AN_INTEGER', '3.1', 'count'],
    ]);
    expect(thrown(() => applyOverrides(values, [{ indicator: '99.1' }], qd06))).toMatchObject({
      name: 'WhatIfError',
      message: 'indicator 99.1 is not in criteria set QD06-2019 version 1',
    });
  });

  it('feeds a what-if assessment: the gap value for 7.1 really gives 50', () => {
    const low = withValue(qd06, fullValues(qd06), '7.1', { numerator: 36, denominator: 37 });
    const gap = assess(input(qd06, { values: low })).gaps[0];
    expect(gap?.needed).not.toBeNull();
    const whatIf = assess(input(qd06, { values: applyOverrides(low, [{ indicator: '7.1', ...gap?.needed }], qd06) }));
    expect([indicatorResult(whatIf, '7.1').points, whatIf.total, whatIf.gaps]).toEqual([50, 1000, []]);
  });
});
