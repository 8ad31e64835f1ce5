import fc from 'fast-check';

import { formatPercent, parseDecimal, scoreIndicator } from '../../../shared/criteria/scoring';
import type { Band, BandOp, CountIndicator, RateIndicator } from '../../../shared/criteria/types';

/** A rate threshold `units / 10^scale` percent, within [0, 100]. */
interface Threshold {
  units: bigint;
  scale: number;
  text: string;
}

function render(units: bigint, scale: number): string {
  if (scale === 0) return units.toString();
  const digits = units.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** Percent thresholds with 0 to 3 decimals, from 0 to 100 inclusive. */
const thresholdArb: fc.Arbitrary<Threshold> = fc.integer({ min: 0, max: 3 }).chain((scale) =>
  fc.bigInt({ min: 0n, max: 100n * 10n ** BigInt(scale) }).map((units) => ({
    units,
    scale,
    text: render(units, scale),
  })),
);

function higherRate(threshold: string, op: '>=' | '>', extra: Band[] = []): RateIndicator {
  const bands: Band[] = [{ op, threshold, points: 50 }, ...extra];
  return {
    code: '1.1',
    kind: 'RATE',
    title: 't',
    department: 'YTE',
    maxPoints: 50,
    status: 'provisional',
    direction: 'HIGHER_IS_BETTER',
    numerator: 'n',
    denominator: 'd',
    bands,
    otherwise: 0,
    whenNoDenominator: { points: 37, reason: 'r' },
  };
}

function lowerRate(threshold: string, op: '<=' | '<'): RateIndicator {
  return { ...higherRate(threshold, '>='), direction: 'LOWER_IS_BETTER', bands: [{ op, threshold, points: 50 }] };
}

/** Exact oracle: sign of n/d×100 − t, on BigInt, written independently of the module. */
function oracle(n: number, d: number, t: Threshold): number {
  const left = BigInt(n) * 100n * 10n ** BigInt(t.scale);
  const right = t.units * BigInt(d);
  return left === right ? 0 : left > right ? 1 : -1;
}

function holds(op: BandOp, sign: number): boolean {
  return op === '>=' ? sign >= 0 : op === '>' ? sign > 0 : op === '<=' ? sign <= 0 : sign < 0;
}

/** Smallest numerator whose rate reaches t with denominator d: ceil(t × d / 100). */
function smallestQualifying(d: number, t: Threshold): bigint {
  const scaled = t.units * BigInt(d);
  const unit = 100n * 10n ** BigInt(t.scale);
  return (scaled + unit - 1n) / unit;
}

const opArb = fc.constantFrom<BandOp>('>=', '>', '<=', '<');
const rateArb = fc
  .integer({ min: 1, max: 1_000_000 })
  .chain((d) => fc.tuple(fc.integer({ min: 0, max: d }), fc.constant(d)));

describe('scoring properties', () => {
  it('exactly on a threshold: ">=" is in the band, ">" is not', () => {
    fc.assert(
      fc.property(thresholdArb, fc.integer({ min: 1, max: 1000 }), (t, k) => {
        // n / d × 100 = t exactly with n = units·k, d = 100·10^scale·k.
        const n = Number(t.units) * k;
        const d = 100 * 10 ** t.scale * k;
        const input = { kind: 'RATE', numerator: n, denominator: d } as const;
        expect(scoreIndicator(higherRate(t.text, '>='), input).rule).toBe('BAND');
        expect(scoreIndicator(higherRate(t.text, '>'), input).rule).toBe('OTHERWISE');
        expect(scoreIndicator(lowerRate(t.text, '<='), input).rule).toBe('BAND');
        expect(scoreIndicator(lowerRate(t.text, '<'), input).rule).toBe('OTHERWISE');
      }),
    );
  });

  it('one child below the threshold falls to the next band', () => {
    fc.assert(
      fc.property(thresholdArb, fc.integer({ min: 1, max: 100_000 }), (t, d) => {
        const minimum = smallestQualifying(d, t);
        fc.pre(minimum >= 1n && minimum <= BigInt(d));
        const n = Number(minimum);
        const indicator = higherRate(t.text, '>=', [{ op: '>=', threshold: '0', points: 20 }]);
        const at = scoreIndicator(indicator, { kind: 'RATE', numerator: n, denominator: d });
        const below = scoreIndicator(indicator, { kind: 'RATE', numerator: n - 1, denominator: d });
        expect(at.band?.index).toBe(0);
        expect(at.points).toBe(50);
        expect(below.band?.index).toBe(1);
        expect(below.points).toBe(20);
      }),
    );
  });

  it('a zero denominator always uses whenNoDenominator', () => {
    fc.assert(
      fc.property(thresholdArb, fc.constantFrom<'>=' | '>'>('>=', '>'), (t, op) => {
        expect(scoreIndicator(higherRate(t.text, op), { kind: 'RATE', numerator: 0, denominator: 0 })).toEqual({
          points: 37,
          band: null,
          rule: 'NO_DENOMINATOR',
          rate: null,
        });
      }),
    );
  });

  it('lower-is-better mirrors higher-is-better: n of d at ≤ 100 − t ⟺ d − n of d at ≥ t', () => {
    fc.assert(
      fc.property(thresholdArb, rateArb, fc.boolean(), (t, [n, d], strict) => {
        const mirrored = render(100n * 10n ** BigInt(t.scale) - t.units, t.scale);
        const lowerScore = scoreIndicator(lowerRate(mirrored, strict ? '<' : '<='), {
          kind: 'RATE',
          numerator: n,
          denominator: d,
        });
        const higherScore = scoreIndicator(higherRate(t.text, strict ? '>' : '>='), {
          kind: 'RATE',
          numerator: d - n,
          denominator: d,
        });
        expect(lowerScore.points).toBe(higherScore.points);
        expect(lowerScore.rule).toBe(higherScore.rule);
      }),
    );
  });

  it('is independent of scaling numerator and denominator by the same factor', () => {
    const indicator: RateIndicator = {
      ...higherRate('98', '>='),
      bands: [
        { op: '>=', threshold: '98', points: 50 },
        { op: '>', threshold: '97.5', points: 40 },
        { op: '>=', threshold: '33.333', points: 20 },
        { op: '>', threshold: '0', points: 10 },
      ],
    };
    fc.assert(
      fc.property(rateArb, fc.integer({ min: 1, max: 10_000 }), ([n, d], k) => {
        const once = scoreIndicator(indicator, { kind: 'RATE', numerator: n, denominator: d });
        const scaled = scoreIndicator(indicator, { kind: 'RATE', numerator: n * k, denominator: d * k });
        expect({ ...scaled, rate: scaled.rate?.percent }).toEqual({ ...once, rate: once.rate?.percent });
      }),
    );
  });

  it('decides exactly as the BigInt oracle, never from the rendered percent', () => {
    // Half the cases sit on the threshold or one child either side of it, where drift would show.
    const caseArb = thresholdArb.chain((t) =>
      fc.tuple(
        fc.constant(t),
        fc.oneof(
          rateArb,
          fc
            .tuple(fc.integer({ min: 1, max: 997 }), fc.integer({ min: -1, max: 1 }))
            .map(([k, offset]): [number, number] => {
              const d = 100 * 10 ** t.scale * k;
              return [Math.min(d, Math.max(0, Number(t.units) * k + offset)), d];
            }),
        ),
      ),
    );
    fc.assert(
      fc.property(caseArb, opArb, ([t, [n, d]], op) => {
        const indicator: RateIndicator = op === '>=' || op === '>' ? higherRate(t.text, op) : lowerRate(t.text, op);
        const score = scoreIndicator(indicator, { kind: 'RATE', numerator: n, denominator: d });
        expect(score.rule === 'BAND').toBe(holds(op, oracle(n, d, t)));
      }),
    );
  });

  it('decides on the exact rate, whatever its rounded text says', () => {
    // Rates whose exact value has more than two decimals: the threshold is the exact value cut to
    // four decimals. Exact comparison puts them in the band; the two-decimal text (rounded half up)
    // may read above or below that threshold and takes no part in the decision.
    fc.assert(
      fc.property(rateArb, ([n, d]) => {
        const tenThousandths = (BigInt(n) * 1_000_000n) / BigInt(d);
        fc.pre(tenThousandths % 100n !== 0n);
        const threshold = render(tenThousandths, 4);
        const score = scoreIndicator(higherRate(threshold, '>='), { kind: 'RATE', numerator: n, denominator: d });
        const shown = parseDecimal(score.rate?.percent ?? '');
        expect(shown).not.toBeNull();
        expect(score.rule).toBe('BAND');
        // …and a threshold just above the exact value is missed even when the text reaches it.
        const above = render(tenThousandths + 1n, 4);
        expect(scoreIndicator(higherRate(above, '>='), { kind: 'RATE', numerator: n, denominator: d }).rule).not.toBe(
          'BAND',
        );
      }),
    );
  });

  it('renders the percent rounded half up to two places: |h/100 − rate| ≤ 1/200, a half going up', () => {
    fc.assert(
      fc.property(rateArb, ([n, d]) => {
        const text = formatPercent(n, d);
        expect(text).toMatch(/^\d{1,3}\.\d{2}$/);
        const h = BigInt(text.replace('.', ''));
        // 2·n·10000 − 2·h·d ∈ (−d, d]: rate − h/100 ∈ (−1/200, 1/200]
        const diff = 2n * BigInt(n) * 10_000n - 2n * h * BigInt(d);
        expect(diff < BigInt(d)).toBe(true);
        expect(diff >= -BigInt(d)).toBe(true);
      }),
    );
  });

  it('more children reached never gives fewer points on a higher-is-better rate', () => {
    const indicator: RateIndicator = {
      ...higherRate('98', '>='),
      bands: [
        { op: '>=', threshold: '98', points: 50 },
        { op: '>', threshold: '90.25', points: 30 },
        { op: '>=', threshold: '50', points: 10 },
      ],
    };
    fc.assert(
      fc.property(rateArb, ([n, d]) => {
        fc.pre(n < d);
        const before = scoreIndicator(indicator, { kind: 'RATE', numerator: n, denominator: d });
        const after = scoreIndicator(indicator, { kind: 'RATE', numerator: n + 1, denominator: d });
        expect(after.points).toBeGreaterThanOrEqual(before.points);
      }),
    );
  });

  it('counts: exactly on a threshold "<=" holds and "<" does not; more cases never score more', () => {
    const countIndicator = (op: '<=' | '<', threshold: string): CountIndicator => ({
      code: '4.1',
      kind: 'COUNT',
      title: 't',
      department: 'CONGAN',
      maxPoints: 40,
      status: 'provisional',
      counted: 'c',
      bands: [{ op, threshold, points: 40 }],
      otherwise: 0,
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.nat({ max: 1000 }), (t, extra) => {
        expect(scoreIndicator(countIndicator('<=', String(t)), { kind: 'COUNT', count: t }).points).toBe(40);
        expect(scoreIndicator(countIndicator('<', String(t)), { kind: 'COUNT', count: t }).points).toBe(0);
        const few = scoreIndicator(countIndicator('<=', String(t)), { kind: 'COUNT', count: t });
        const more = scoreIndicator(countIndicator('<=', String(t)), { kind: 'COUNT', count: t + extra });
        expect(more.points).toBeLessThanOrEqual(few.points);
      }),
    );
  });
});
