import {
  IndicatorScoringError,
  bandOpHolds,
  compareCountToThreshold,
  compareDecimals,
  compareRateToThreshold,
  formatPercent,
  isIntegerString,
  parseDecimal,
  scoreIndicator,
  validateInput,
} from '../../../shared/criteria/scoring';
import type { BooleanIndicator, CountIndicator, GradedIndicator, RateIndicator } from '../../../shared/criteria/types';
import type { IndicatorInput, LooseIndicatorInput } from '../../../shared/criteria/scoring';

const higher: RateIndicator = {
  code: '7.1',
  kind: 'RATE',
  title: 'Tỷ lệ tiêm chủng',
  department: 'YTE',
  maxPoints: 50,
  status: 'provisional',
  direction: 'HIGHER_IS_BETTER',
  numerator: 'đã tiêm',
  denominator: 'dưới 1 tuổi',
  bands: [
    { op: '>=', threshold: '98', points: 50 },
    { op: '>', threshold: '97.5', points: 40 },
    { op: '>=', threshold: '57', points: 20 },
    { op: '>', threshold: '14', points: 10 },
  ],
  otherwise: 0,
  whenNoDenominator: { points: 45, reason: 'không có trẻ dưới 1 tuổi' },
};

const lower: RateIndicator = {
  ...higher,
  code: '9.1',
  direction: 'LOWER_IS_BETTER',
  bands: [
    { op: '<=', threshold: '0', points: 60 },
    { op: '<', threshold: '0.5', points: 40 },
    { op: '<=', threshold: '10', points: 20 },
  ],
  maxPoints: 60,
  whenNoDenominator: { points: 60, reason: 'không có trẻ dưới 5 tuổi' },
};

const count: CountIndicator = {
  code: '4.1',
  kind: 'COUNT',
  title: 'Số trẻ em bị xâm hại',
  department: 'CONGAN',
  maxPoints: 40,
  status: 'provisional',
  counted: 'số trẻ em',
  bands: [
    { op: '<=', threshold: '0', points: 40 },
    { op: '<', threshold: '3', points: 20 },
  ],
  otherwise: 0,
};

const yesNo: BooleanIndicator = {
  code: '1.1',
  kind: 'BOOLEAN',
  title: 'Cán bộ',
  department: 'LDTBXH',
  maxPoints: 50,
  status: 'confirmed',
  question: 'Có cán bộ không?',
  pointsIfYes: 50,
  pointsIfNo: 0,
};

const graded: GradedIndicator = {
  code: '13.1',
  kind: 'GRADED',
  title: 'Mức độ tham gia',
  department: 'LDTBXH',
  maxPoints: 40,
  status: 'provisional',
  grades: [
    { grade: 'A', label: 'Tốt', points: 40 },
    { grade: 'B', label: 'Khá', points: 25 },
    { grade: 'C', label: 'Chưa đạt', points: 0 },
  ],
};

function rate(numerator: number, denominator: number): IndicatorInput {
  return { kind: 'RATE', numerator, denominator };
}

describe('decimal helpers', () => {
  it.each([
    ['0', 0n, 0],
    ['98', 98n, 0],
    ['97.5', 975n, 1],
    ['97.50', 9750n, 2],
    ['0.005', 5n, 3],
    ['100', 100n, 0],
  ])('parseDecimal(%j) = %s / 10^%d', (text, units, scale) => {
    expect(parseDecimal(text)).toEqual({ units, scale });
  });

  it.each(['', '-1', '+1', '1e2', '.5', '5.', '07', '97,5', ' 98', '98 ', 'NaN', '0x10'])(
    'parseDecimal(%j) is null',
    (text) => {
      expect(parseDecimal(text)).toBeNull();
    },
  );

  it('isIntegerString accepts plain non-negative integers only', () => {
    expect(['0', '3', '120'].map(isIntegerString)).toEqual([true, true, true]);
    expect(['3.0', '-1', '03', ''].map(isIntegerString)).toEqual([false, false, false, false]);
  });

  it('compareDecimals compares across scales', () => {
    const d = (t: string) => parseDecimal(t) ?? { units: -1n, scale: 0 };
    expect(compareDecimals(d('97.5'), d('97.50'))).toBe(0);
    expect(compareDecimals(d('97.5'), d('98'))).toBe(-1);
    expect(compareDecimals(d('100'), d('99.999'))).toBe(1);
  });

  it('compares rates exactly where floating point drifts', () => {
    // 57 / 100 * 100 is 56.99999999999999 in floating point.
    expect(compareRateToThreshold(57, 100, { units: 57n, scale: 0 })).toBe(0);
    // 14 / 100 * 100 is 14.000000000000002 in floating point.
    expect(compareRateToThreshold(14, 100, { units: 14n, scale: 0 })).toBe(0);
    expect(compareRateToThreshold(39, 40, { units: 975n, scale: 1 })).toBe(0);
    expect(compareRateToThreshold(1, 3, { units: 33333n, scale: 3 })).toBe(1);
    expect(compareRateToThreshold(1, 3, { units: 33334n, scale: 3 })).toBe(-1);
  });

  it('compares counts exactly', () => {
    expect(compareCountToThreshold(3, { units: 3n, scale: 0 })).toBe(0);
    expect(compareCountToThreshold(2, { units: 3n, scale: 0 })).toBe(-1);
  });

  it('refuses counts that are not non-negative safe integers', () => {
    expect(() => compareRateToThreshold(1, 0, { units: 1n, scale: 0 })).toThrow(RangeError);
    expect(() => compareRateToThreshold(-1, 2, { units: 1n, scale: 0 })).toThrow(RangeError);
    expect(() => compareCountToThreshold(0.5, { units: 1n, scale: 0 })).toThrow(RangeError);
    expect(() => formatPercent(1, 0)).toThrow(RangeError);
    expect(() => formatPercent(2 ** 53, 2 ** 53)).toThrow(RangeError);
  });

  it.each([
    ['>=', [false, true, true]],
    ['>', [false, false, true]],
    ['<=', [true, true, false]],
    ['<', [true, false, false]],
  ] as const)('bandOpHolds(%s) for below / equal / above', (op, expected) => {
    expect(([-1, 0, 1] as const).map((c) => bandOpHolds(op, c))).toEqual(expected);
  });

  it.each([
    [0, 7, '0.00'],
    [7, 7, '100.00'],
    [39, 40, '97.50'],
    [1, 3, '33.33'],
    [2, 3, '66.67'],
    [9799, 10000, '97.99'],
    [97125, 100000, '97.13'],
    [97996, 100000, '98.00'],
  ])('formatPercent(%d, %d) = %s (rounded half up to two places)', (n, d, text) => {
    expect(formatPercent(n, d)).toBe(text);
  });
});

describe('scoreIndicator', () => {
  it.each([
    [98, 100, 50, 0],
    [49, 50, 50, 0],
    [39, 40, 20, 2], // exactly 97.5 %: '> 97.5' does not hold
    [391, 400, 40, 1], // 97.75 %
    [57, 100, 20, 2], // exactly 57 %, which floating point computes as 56.999…
    [14, 100, 0, null], // exactly 14 %: '> 14' does not hold although 14/100*100 > 14 in floats
    [15, 100, 10, 3],
  ])('higher is better: %d / %d → %d points (band %s)', (n, d, points, index) => {
    const score = scoreIndicator(higher, rate(n, d));
    expect(score.points).toBe(points);
    expect(score.band?.index ?? null).toBe(index);
    expect(score.rule).toBe(index === null ? 'OTHERWISE' : 'BAND');
  });

  it('returns the whole score for a band', () => {
    expect(scoreIndicator(higher, rate(39, 40))).toEqual({
      points: 20,
      band: { index: 2, op: '>=', threshold: '57' },
      rule: 'BAND',
      rate: { numerator: 39, denominator: 40, percent: '97.50' },
    });
  });

  it('uses whenNoDenominator when the denominator is 0', () => {
    expect(scoreIndicator(higher, rate(0, 0))).toEqual({
      points: 45,
      band: null,
      rule: 'NO_DENOMINATOR',
      rate: null,
    });
  });

  it.each([
    [0, 250, 60, 0],
    [1, 250, 40, 1], // 0.4 %
    [1, 200, 20, 2], // exactly 0.5 %: '< 0.5' does not hold
    [25, 250, 20, 2], // exactly 10 %
    [26, 250, 0, null],
  ])('lower is better: %d / %d → %d points (band %s)', (n, d, points, index) => {
    const score = scoreIndicator(lower, rate(n, d));
    expect(score.points).toBe(points);
    expect(score.band?.index ?? null).toBe(index);
  });

  it.each([
    [0, 40, 0],
    [2, 20, 1],
    [3, 0, null],
    [1000, 0, null],
  ])('count %d → %d points (band %s)', (n, points, index) => {
    const score = scoreIndicator(count, { kind: 'COUNT', count: n });
    expect(score).toEqual({
      points,
      band: index === null ? null : { index, op: count.bands[index]?.op, threshold: count.bands[index]?.threshold },
      rule: index === null ? 'OTHERWISE' : 'BAND',
      rate: null,
    });
  });

  it('scores yes / no items', () => {
    expect(scoreIndicator(yesNo, { kind: 'BOOLEAN', value: true })).toEqual({
      points: 50,
      band: null,
      rule: 'BOOLEAN',
      rate: null,
    });
    expect(scoreIndicator(yesNo, { kind: 'BOOLEAN', value: false }).points).toBe(0);
  });

  it('scores graded items', () => {
    expect(scoreIndicator(graded, { kind: 'GRADED', grade: 'B' })).toEqual({
      points: 25,
      band: null,
      rule: 'GRADE',
      rate: null,
    });
  });

  function scoringError(fn: () => unknown): IndicatorScoringError {
    try {
      fn();
    } catch (error) {
      if (error instanceof IndicatorScoringError) return error;
      throw error;
    }
    throw new Error('expected an IndicatorScoringError');
  }

  it('throws a coded error for a kind mismatch', () => {
    const error = scoringError(() => scoreIndicator(count, rate(1, 2)));
    expect(error.code).toBe('WRONG_VALUE_KIND');
    expect(error.indicatorCode).toBe('4.1');
    expect(error.problems).toEqual([{ field: 'kind', code: 'WRONG_VALUE_KIND', message: expect.any(String) }]);
  });

  it.each([
    [() => scoreIndicator(graded, { kind: 'GRADED', grade: 'Z' }), 'UNKNOWN_GRADE'],
    [() => scoreIndicator(higher, rate(3, 2)), 'NUMERATOR_EXCEEDS_DENOMINATOR'],
    [() => scoreIndicator(higher, rate(-1, 2)), 'NEGATIVE_VALUE'],
    [() => scoreIndicator(higher, rate(1, 2.5)), 'NOT_AN_INTEGER'],
    [() => scoreIndicator(count, { kind: 'COUNT', count: Number.NaN }), 'NOT_AN_INTEGER'],
  ] as const)('throws a coded error for bad input (%#: %s)', (fn, code) => {
    expect(scoringError(fn).code).toBe(code);
  });

  it('throws INDICATOR_INVALID for a threshold the validator would have rejected', () => {
    const broken: RateIndicator = { ...higher, bands: [{ op: '>=', threshold: '9 8', points: 50 }] };
    expect(scoringError(() => scoreIndicator(broken, rate(1, 2))).code).toBe('INDICATOR_INVALID');
    const fractionalCount: CountIndicator = { ...count, bands: [{ op: '<=', threshold: '0.5', points: 40 }] };
    expect(scoringError(() => scoreIndicator(fractionalCount, { kind: 'COUNT', count: 0 })).code).toBe(
      'INDICATOR_INVALID',
    );
  });
});

describe('validateInput', () => {
  it('accepts good inputs, with or without kind', () => {
    expect(validateInput(higher, { kind: 'RATE', numerator: 0, denominator: 0 })).toEqual([]);
    expect(validateInput(higher, { numerator: 5, denominator: 5 })).toEqual([]);
    expect(validateInput(count, { count: 0 })).toEqual([]);
    expect(validateInput(yesNo, { value: false })).toEqual([]);
    expect(validateInput(graded, { grade: 'C' })).toEqual([]);
  });

  it.each<
    [
      string,
      RateIndicator | CountIndicator | BooleanIndicator | GradedIndicator,
      LooseIndicatorInput,
      [string, string][],
    ]
  >([
    [
      'numerator above denominator',
      higher,
      { numerator: 6, denominator: 5 },
      [['numerator', 'NUMERATOR_EXCEEDS_DENOMINATOR']],
    ],
    ['negative count', count, { count: -1 }, [['count', 'NEGATIVE_VALUE']]],
    ['negative denominator', higher, { numerator: 0, denominator: -5 }, [['denominator', 'NEGATIVE_VALUE']]],
    ['fractional numerator', higher, { numerator: 0.5, denominator: 5 }, [['numerator', 'NOT_AN_INTEGER']]],
    ['infinite count', count, { count: Number.POSITIVE_INFINITY }, [['count', 'NOT_AN_INTEGER']]],
    ['unsafe integer', count, { count: 2 ** 53 }, [['count', 'NOT_AN_INTEGER']]],
    ['kind mismatch', higher, { kind: 'COUNT', count: 1 }, [['kind', 'WRONG_VALUE_KIND']]],
    ['a field of another kind', higher, { numerator: 1, denominator: 2, count: 1 }, [['count', 'WRONG_VALUE_KIND']]],
    ['a number for a yes/no', yesNo, { value: 1 }, [['value', 'WRONG_VALUE_KIND']]],
    ['a string count', count, { count: '3' }, [['count', 'WRONG_VALUE_KIND']]],
    ['a numeric grade', graded, { grade: 1 }, [['grade', 'WRONG_VALUE_KIND']]],
    ['an unknown grade', graded, { grade: 'a' }, [['grade', 'UNKNOWN_GRADE']]],
    ['a missing numerator', higher, { denominator: 5 }, [['numerator', 'VALUE_REQUIRED']]],
    ['a null count (missing is not zero)', count, { count: null }, [['count', 'VALUE_REQUIRED']]],
    ['a missing yes/no', yesNo, {}, [['value', 'VALUE_REQUIRED']]],
    ['an empty grade', graded, { grade: '' }, [['grade', 'VALUE_REQUIRED']]],
    [
      'several problems, one per field',
      higher,
      { numerator: -1, denominator: 1.5 },
      [
        ['numerator', 'NEGATIVE_VALUE'],
        ['denominator', 'NOT_AN_INTEGER'],
      ],
    ],
  ])('%s', (_name, indicator, input, expected) => {
    expect(validateInput(indicator, input)).toEqual(
      expected.map(([field, code]) => ({ field, code, message: expect.any(String) })),
    );
  });
});
