import fc from 'fast-check';

import { progress } from '../../../subgraphs/ldtbxh/recognition/targets';

/** A share target `units / 10^scale` percent with 0–2 decimals, within (0, 100]. */
const shareArb = fc.integer({ min: 0, max: 2 }).chain((scale) =>
  fc.integer({ min: 1, max: 100 * 10 ** scale }).map((units) => {
    const digits = String(units).padStart(scale + 1, '0');
    return { units: BigInt(units), scale, text: scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}` };
  }),
);

/** A scope's history: communes, and recognised counts for up to 6 consecutive years ending in 2018. */
const historyArb = fc.integer({ min: 1, max: 300 }).chain((communes) =>
  fc
    .array(fc.integer({ min: 0, max: communes }), { minLength: 1, maxLength: 6 })
    .map((counts) => ({ communes, counts: new Map(counts.map((n, i) => [2018 - counts.length + 1 + i, n])) })),
);

describe('progress (properties)', () => {
  it('is ACHIEVED exactly when recognised × 100 ≥ share × communes, with no float at the boundary', () => {
    fc.assert(
      fc.property(historyArb, shareArb, fc.integer({ min: 2018, max: 2022 }), ({ communes, counts }, share, targetYear) => {
        const p = progress({
          scope: 'district:584',
          year: 2018,
          communes,
          recognisedByYear: counts,
          newlyRecognised: 0,
          target: null,
          targetYear,
          targetShare: share.text,
        });
        const recognised = BigInt(counts.get(2018) ?? 0);
        const reached = recognised * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes);
        expect(p.status === 'ACHIEVED').toBe(reached);
        const required = BigInt(p.requiredForTarget ?? -1);
        // The required count is the smallest that reaches the share.
        expect(required * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes)).toBe(true);
        expect((required - 1n) * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes)).toBe(false);
      }),
    );
  });

  it('renders the share rounded half up to one decimal: within 0.05 of the exact value, a half going up', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.nat(), (communes, seed) => {
        const recognised = seed % (communes + 1);
        const p = progress({
          scope: 'province:58',
          year: 2020,
          communes,
          recognisedByYear: new Map([[2020, recognised]]),
          newlyRecognised: 0,
          target: null,
          targetYear: null,
          targetShare: null,
        });
        const [whole, tenth] = p.sharePct.split('.');
        const tenths = BigInt(whole ?? '') * 10n + BigInt(tenth ?? '');
        // (tenths − ½) / 10 ≤ r / c × 100 < (tenths + ½) / 10
        const twice = 2n * BigInt(recognised) * 1000n;
        expect((2n * tenths - 1n) * BigInt(communes) <= twice).toBe(true);
        expect(twice < (2n * tenths + 1n) * BigInt(communes)).toBe(true);
        expect(p.status).toBe('NO_TARGET');
      }),
    );
  });

  it('projects the first year the pace reaches the target, and ON_TRACK means that year ≤ the target year', () => {
    fc.assert(
      fc.property(historyArb, shareArb, fc.integer({ min: 2019, max: 2030 }), ({ communes, counts }, share, targetYear) => {
        const p = progress({
          scope: 'province:58',
          year: 2018,
          communes,
          recognisedByYear: counts,
          newlyRecognised: 0,
          target: null,
          targetYear,
          targetShare: share.text,
        });
        if (p.status === 'ACHIEVED') {
          expect(p.projectedYear).toBe(2018);
          return;
        }
        const recognised = counts.get(2018) ?? 0;
        const required = p.requiredForTarget ?? 0;
        if (p.pace === null || p.pace.change <= 0) {
          expect(p.projectedYear).toBeNull();
          expect(p.status).toBe('BEHIND');
          return;
        }
        const n = (p.projectedYear ?? 0) - 2018;
        // recognised + n × change / years ≥ required, and not with n − 1.
        expect(recognised * p.pace.years + n * p.pace.change >= required * p.pace.years).toBe(true);
        expect(recognised * p.pace.years + (n - 1) * p.pace.change >= required * p.pace.years).toBe(false);
        expect(p.status).toBe((p.projectedYear ?? Infinity) <= targetYear ? 'ON_TRACK' : 'BEHIND');
        expect(p.pace.years).toBe(Math.min(3, counts.size - 1));
      }),
    );
  });
});
