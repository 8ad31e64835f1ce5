import fc from 'fast-check';

import { assertNever } from '../../../shared/assert-never';
import { DEPARTMENT_CODES } from '../../../shared/criteria/types';
import { assess } from '../../../subgraphs/ldtbxh/assessment/assess';
import { numeratorReachingBand } from '../../../subgraphs/ldtbxh/assessment/reach';
import { applyOverrides } from '../../../subgraphs/ldtbxh/assessment/what-if';
import { compareRateToThreshold, parseDecimal } from '../../../shared/criteria/scoring';
import type {
  Assessment,
  AssessmentInput,
  CategoryRecord,
  IndicatorResult,
  PublishedValue,
  RawValues,
} from '../../../subgraphs/ldtbxh/assessment/model';
import type { BandOp, CommuneCategory, CriteriaSet, DepartmentCode, Indicator } from '../../../shared/criteria/types';
import { fullMarks, indicatorsOf, published, qd06, qd06With, qd34 } from './assess-builders';

/** QĐ 06 with every kind of recognition rule, to exercise all conditions. */
const qd06Strict = qd06With({
  criteriaAtMaximum: { criteria: [1, 6], status: 'provisional' },
  disqualifyingIndicators: [
    { indicator: '3.1', when: { op: '>', value: 0 }, status: 'provisional' },
    { indicator: '5.2', when: { op: '=', value: 0 }, status: 'provisional' },
  ],
});
const SETS: readonly CriteriaSet[] = [qd06, qd34, qd06Strict];

/** A valid raw value for an indicator; rates favour small denominators and band boundaries. */
function rawArb(indicator: Indicator): fc.Arbitrary<Partial<RawValues>> {
  switch (indicator.kind) {
    case 'RATE':
      return fc
        .oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 100_000 }), fc.constant(100))
        .chain((denominator) =>
          fc.integer({ min: 0, max: denominator }).map((numerator) => ({ numerator, denominator })),
        );
    case 'COUNT':
      return fc.integer({ min: 0, max: 5 }).map((count) => ({ count }));
    case 'BOOLEAN':
      return fc.boolean().map((value) => ({ value }));
    case 'GRADED':
      return fc.constantFrom(...indicator.grades.map((g) => g.grade)).map((grade) => ({ grade }));
    default:
      return assertNever(indicator, 'indicator kind');
  }
}

interface Scenario {
  set: CriteriaSet;
  /** Per indicator code: its value, or null when not published. */
  raws: Record<string, Partial<RawValues> | null>;
  /** Values for the indicators that are not published, to complete the scenario. */
  completion: Record<string, Partial<RawValues>>;
  unavailable: DepartmentCode[];
  category: CategoryRecord | null;
}

const categoryArb: fc.Arbitrary<CategoryRecord | null> = fc.option(
  fc.record({
    category: fc.constantFrom<CommuneCategory>('URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER'),
    provisional: fc.boolean(),
  }),
  { nil: null },
);

/**
 * Scenarios over the three sets. Weights (out of `missing + full + 10`): an indicator is not
 * published, published at full points, or published with any valid value.
 */
function scenarioArb(missingWeight: number, fullWeight = 0): fc.Arbitrary<Scenario> {
  return fc.constantFrom(...SETS).chain((set) => {
    const indicators = indicatorsOf(set);
    const raws = fc.record(
      Object.fromEntries(
        indicators.map((i) => [
          i.code,
          fc.oneof(
            { weight: missingWeight, arbitrary: fc.constant(null) },
            { weight: fullWeight, arbitrary: fc.constant(fullMarks(i)) },
            { weight: 10, arbitrary: rawArb(i) },
          ),
        ]),
      ) as Record<string, fc.Arbitrary<Partial<RawValues> | null>>,
    );
    const completion = fc.record(
      Object.fromEntries(indicators.map((i) => [i.code, rawArb(i)])) as Record<
        string,
        fc.Arbitrary<Partial<RawValues>>
      >,
    );
    return fc.record({
      set: fc.constant(set),
      raws,
      completion,
      unavailable: fc.subarray([...DEPARTMENT_CODES]),
      category: categoryArb,
    });
  });
}

function valuesOf(set: CriteriaSet, raws: Record<string, Partial<RawValues> | null>): PublishedValue[] {
  return Object.entries(raws).flatMap(([code, raw]) => (raw === null ? [] : [published(set, code, raw)]));
}

function inputOf(s: Scenario, values: PublishedValue[] = valuesOf(s.set, s.raws)): AssessmentInput {
  return { set: s.set, category: s.category, values, unavailableDepartments: s.unavailable, context: null };
}

function indicatorResults(a: Assessment): IndicatorResult[] {
  return a.criteria.flatMap((c) => c.indicators);
}

function pointsOf(a: Assessment, code: string): number | null {
  return indicatorResults(a).find((i) => i.code === code)?.points ?? null;
}

const RUNS = { numRuns: 300 };

describe('assess: properties over the shipped sets', () => {
  it('total = sum of scored criterion points = sum of scored indicator points', () => {
    fc.assert(
      fc.property(scenarioArb(3), (s) => {
        const a = assess(inputOf(s));
        const byCriteria = a.criteria.reduce((sum, c) => sum + (c.points ?? 0), 0);
        const byIndicators = indicatorResults(a).reduce((sum, i) => sum + (i.points ?? 0), 0);
        const unscoredMax = indicatorResults(a)
          .filter((i) => i.points === null)
          .reduce((sum, i) => sum + i.maxPoints, 0);
        expect([a.total, a.total, a.maxPossibleTotal]).toEqual([byCriteria, byIndicators, a.total + unscoredMax]);
        expect(a.totalProvisional).toBe(a.status === 'INCOMPLETE');
        for (const c of a.criteria) {
          const scored = c.indicators.filter((i) => i.state === 'SCORED');
          // No scored indicator: no points at all (null, never 0).
          expect(c.points).toBe(scored.length === 0 ? null : scored.reduce((sum, i) => sum + (i.points ?? 0), 0));
          expect(c.complete).toBe(scored.length === c.indicators.length);
          const unscoredMax = c.indicators.filter((i) => i.state !== 'SCORED').reduce((sum, i) => sum + i.maxPoints, 0);
          expect(c.maxPossiblePoints).toBe((c.points ?? 0) + unscoredMax);
        }
      }),
      RUNS,
    );
  });

  it('a missing value is never scored (points null, never 0) and never lets the status be COMPLETE', () => {
    fc.assert(
      fc.property(scenarioArb(3), (s) => {
        const a = assess(inputOf(s));
        const unavailable = new Set(s.unavailable);
        for (const i of indicatorResults(a)) {
          if (s.raws[i.code] === null) {
            expect([i.state, i.points, i.rule, i.source]).toEqual([
              unavailable.has(i.department) ? 'UNAVAILABLE' : 'MISSING',
              null,
              null,
              null,
            ]);
          } else {
            expect(i.state).toBe('SCORED');
            expect(typeof i.points).toBe('number');
          }
        }
        const anyMissing = Object.values(s.raws).some((r) => r === null);
        expect(a.status).toBe(anyMissing ? 'INCOMPLETE' : 'COMPLETE');
        expect(a.missing.flatMap((g) => g.indicators).sort()).toEqual(
          Object.entries(s.raws)
            .filter(([, r]) => r === null)
            .map(([code]) => code)
            .sort(),
        );
      }),
      RUNS,
    );
  });

  it('publishing a value for a missing indicator never decreases the total nor changes other indicators', () => {
    fc.assert(
      fc.property(scenarioArb(3), fc.nat(), (s, pick) => {
        const missing = Object.keys(s.raws).filter((code) => s.raws[code] === null);
        fc.pre(missing.length > 0);
        const code = missing[pick % missing.length] ?? '';
        const before = assess(inputOf(s));
        const after = assess(inputOf({ ...s, raws: { ...s.raws, [code]: s.completion[code] ?? null } }));
        expect(after.total).toBeGreaterThanOrEqual(before.total);
        expect(after.maxPossibleTotal).toBeLessThanOrEqual(before.maxPossibleTotal);
        const others = (a: Assessment) => indicatorResults(a).filter((i) => i.code !== code);
        expect(others(after)).toEqual(others(before));
      }),
      RUNS,
    );
  });

  it('a condition decided on incomplete data keeps its answer once the data is complete', () => {
    fc.assert(
      fc.property(scenarioArb(2), (s) => {
        const partial = assess(inputOf(s));
        const full = assess(
          inputOf({
            ...s,
            raws: Object.fromEntries(
              Object.entries(s.raws).map(([code, raw]) => [code, raw ?? s.completion[code] ?? null]),
            ),
          }),
        );
        expect(full.status).toBe('COMPLETE');
        partial.conditions.forEach((c, index) => {
          const later = full.conditions[index];
          expect(later?.code).toBe(c.code);
          if (c.code !== 'DATA_COMPLETE' && c.met !== null) expect(later?.met).toBe(c.met);
        });
      }),
      RUNS,
    );
  });

  it('eligible implies COMPLETE and every condition met; COMPLETE with a category decides every condition', () => {
    let eligible = 0;
    fc.assert(
      fc.property(scenarioArb(1, 200), (s) => {
        const a = assess(inputOf(s));
        if (a.eligible) {
          eligible += 1;
          expect(a.status).toBe('COMPLETE');
          expect(a.conditions.every((c) => c.met === true)).toBe(true);
        }
        if (a.status === 'COMPLETE' && s.category !== null) {
          expect(a.conditions.filter((c) => c.met === null)).toEqual([]);
          expect(a.eligible).toBe(a.conditions.every((c) => c.met === true));
        }
        expect(a.explanation).not.toMatch(/\n/);
      }),
      RUNS,
    );
    // The generator reaches both outcomes, so the implication is not vacuous.
    expect(eligible).toBeGreaterThan(10);
    expect(eligible).toBeLessThan(RUNS.numRuns);
  });

  it("each reachable gap's needed value, applied as a what-if, gives exactly nextPoints; one step less does not", () => {
    fc.assert(
      fc.property(scenarioArb(1, 10), (s) => {
        const values = valuesOf(s.set, s.raws);
        const a = assess(inputOf(s, values));
        for (const gap of a.gaps) {
          const current = indicatorResults(a).find((i) => i.code === gap.indicator);
          expect(current?.points).toBe(gap.currentPoints);
          expect(gap.nextPoints).toBeGreaterThan(gap.currentPoints);
          expect(gap.gain).toBe(gap.nextPoints - gap.currentPoints);
          if (!gap.reachable || gap.needed === null) {
            expect(gap.needed).toBeNull();
            continue;
          }
          const whatIf = (needed: Partial<RawValues>) =>
            pointsOf(
              assess(inputOf(s, applyOverrides(values, [{ indicator: gap.indicator, ...needed }], s.set))),
              gap.indicator,
            );
          expect(whatIf(gap.needed)).toBe(gap.nextPoints);
          const { numerator, denominator, count } = gap.needed;
          if (numerator !== null && denominator !== null) {
            const higher = (gap.change ?? 0) > 0; // more children helped, or fewer affected
            const step = higher ? numerator - 1 : numerator + 1;
            if (step >= 0 && step <= denominator) {
              expect(whatIf({ numerator: step, denominator })).toBeLessThan(gap.nextPoints);
            }
          }
          if (count !== null) expect(whatIf({ count: count + 1 })).toBeLessThan(gap.nextPoints);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a gap exists exactly for each scored indicator below its maximum', () => {
    fc.assert(
      fc.property(scenarioArb(2), (s) => {
        const a = assess(inputOf(s));
        expect(a.gaps.map((g) => g.indicator)).toEqual(
          indicatorResults(a)
            .filter((i) => i.points !== null && i.points < i.maxPoints)
            .map((i) => i.code),
        );
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the values', () => {
    fc.assert(
      fc.property(scenarioArb(2), fc.nat(), (s, seed) => {
        const values = valuesOf(s.set, s.raws);
        const shuffled = values
          .map((v, i) => ({ v, k: (i * 7919 + seed) % 104729 }))
          .sort((x, y) => x.k - y.k)
          .map(({ v }) => v);
        expect(assess(inputOf(s, shuffled))).toEqual(assess(inputOf(s, values)));
      }),
      { numRuns: 100 },
    );
  });
});

/** A rate threshold `units / 10^scale` percent in [0, 100], as text. */
const thresholdArb = fc.integer({ min: 0, max: 3 }).chain((scale) =>
  fc.bigInt({ min: 0n, max: 100n * 10n ** BigInt(scale) }).map((units) => {
    if (scale === 0) return units.toString();
    const digits = units.toString().padStart(scale + 1, '0');
    return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }),
);

describe('numeratorReachingBand: properties', () => {
  const holds = (op: BandOp, sign: number) =>
    op === '>=' ? sign >= 0 : op === '>' ? sign > 0 : op === '<=' ? sign <= 0 : sign < 0;

  it('is the smallest (≥, >) or largest (≤, <) numerator in 0..d whose rate satisfies the band, null when none', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BandOp>('>=', '>', '<=', '<'),
        thresholdArb,
        fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 2_000_000_000 })),
        (op, threshold, d) => {
          const t = parseDecimal(threshold);
          if (t === null) throw new Error(threshold);
          const ok = (n: number) => holds(op, compareRateToThreshold(n, d, t));
          const n = numeratorReachingBand({ op, threshold }, d);
          const higher = op === '>=' || op === '>';
          if (n === null) {
            // The most favourable numerator (all, or none) fails: no numerator can satisfy it.
            expect(ok(higher ? d : 0)).toBe(false);
            return;
          }
          expect(n >= 0 && n <= d && ok(n)).toBe(true);
          if (higher && n > 0) expect(ok(n - 1)).toBe(false);
          if (!higher && n < d) expect(ok(n + 1)).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
