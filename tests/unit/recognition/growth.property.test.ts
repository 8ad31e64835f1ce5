/**
 * Properties of the one progress computation (recognition/growth.ts) at every boundary: a share
 * target reached exactly on integers, shares rounded half up, the projected year the first the
 * pace reaches the target, the band compared exactly.
 */
import fc from 'fast-check';
import { scopeProgress, type GrowthCommune } from '../../../subgraphs/ldtbxh/recognition/growth';

/** A share target `units / 10^scale` percent with 0–2 decimals, within (0, 100]. */
const shareArb = fc.integer({ min: 0, max: 2 }).chain((scale) =>
  fc.integer({ min: 1, max: 100 * 10 ** scale }).map((units) => {
    const digits = String(units).padStart(scale + 1, '0');
    return {
      units: BigInt(units),
      scale,
      text: scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`,
    };
  }),
);

/** `communes` communes and recognised counts for up to 6 consecutive years ending in 2018 (the first `n` communes recognised). */
const historyArb = fc.integer({ min: 1, max: 200 }).chain((communes) =>
  fc.array(fc.integer({ min: 0, max: communes }), { minLength: 1, maxLength: 6 }).map((counts) => {
    const first = 2018 - counts.length + 1;
    const list: GrowthCommune[] = Array.from({ length: communes }, (_, i) => ({
      code: String(10000 + i),
      cycles: counts.flatMap((n, k) =>
        i < n ? [{ year: first + k, state: 'RECOGNISED' }] : [{ year: first + k, state: 'NOT_RECOGNISED' }],
      ),
    }));
    return { communes, counts: new Map(counts.map((n, k) => [first + k, n])), list, first };
  }),
);

describe('scopeProgress (properties)', () => {
  it('is ACHIEVED exactly when recognised × 100 ≥ share × communes, with no float at the boundary', () => {
    fc.assert(
      fc.property(
        historyArb,
        shareArb,
        fc.integer({ min: 2018, max: 2022 }),
        ({ communes, counts, list, first }, share, targetYear) => {
          const p = scopeProgress({
            scope: 'district:584',
            year: 2018,
            communes: list,
            recordsFrom: first,
            band: null,
            shareTarget: { year: targetYear, pct: share.text },
            ownTarget: null,
          });
          const recognised = BigInt(counts.get(2018) ?? 0);
          const reached = recognised * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes);
          expect(p.status === 'ACHIEVED').toBe(reached);
          const required = BigInt(p.requiredForTarget ?? -1);
          expect(required * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes)).toBe(true);
          expect((required - 1n) * 100n * 10n ** BigInt(share.scale) >= share.units * BigInt(communes)).toBe(false);
        },
      ),
    );
  });

  it('renders the share rounded half up to one decimal: within half a tenth of the exact value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.nat(), (communes, seed) => {
        const recognised = seed % (communes + 1);
        const list = Array.from({ length: communes }, (_, i) => ({
          code: String(i),
          cycles: i < recognised ? [{ year: 2020, state: 'RECOGNISED' }] : [],
        }));
        const p = scopeProgress({
          scope: 'province:58',
          year: 2020,
          communes: list,
          recordsFrom: 2020,
          band: null,
          shareTarget: null,
          ownTarget: null,
        });
        const [whole, tenth] = p.sharePct.split('.');
        const tenths = BigInt(whole ?? '') * 10n + BigInt(tenth ?? '');
        // |tenths / 10 − r / c × 100| ≤ 1 / 20  ⇔  |2 tenths c − 2000 r| ≤ c
        const gap = 2n * tenths * BigInt(communes) - 2000n * BigInt(recognised);
        expect((gap < 0n ? -gap : gap) <= BigInt(communes)).toBe(true);
        expect(p.status).toBe('NO_TARGET');
      }),
    );
  });

  it('projects the first year the pace reaches the target; ON_TRACK means that year ≤ the target year; no pace is NO_DATA', () => {
    fc.assert(
      fc.property(
        historyArb,
        shareArb,
        fc.integer({ min: 2019, max: 2030 }),
        ({ counts, list, first }, share, targetYear) => {
          const p = scopeProgress({
            scope: 'province:58',
            year: 2018,
            communes: list,
            recordsFrom: first,
            band: null,
            shareTarget: { year: targetYear, pct: share.text },
            ownTarget: null,
          });
          if (p.status === 'ACHIEVED') {
            expect(p.projectedYear).toBe(2018);
            return;
          }
          if (p.pace === null) {
            expect([p.status, p.projectedYear, counts.size]).toEqual(['NO_DATA', null, 1]);
            return;
          }
          const recognised = counts.get(2018) ?? 0;
          const required = p.requiredForTarget ?? 0;
          expect(p.pace.years).toBe(Math.min(3, counts.size - 1));
          if (p.pace.change <= 0) {
            expect([p.projectedYear, p.status]).toEqual([null, 'BEHIND']);
            return;
          }
          const n = (p.projectedYear ?? 0) - 2018;
          expect(recognised * p.pace.years + n * p.pace.change >= required * p.pace.years).toBe(true);
          expect(recognised * p.pace.years + (n - 1) * p.pace.change >= required * p.pace.years).toBe(false);
          expect(p.status).toBe((p.projectedYear ?? Infinity) <= targetYear ? 'ON_TRACK' : 'BEHIND');
        },
      ),
    );
  });

  it('compares the net change with the band exactly, bounds within (3 and 5 of 100)', () => {
    const band = { minPct: '3', maxPct: '5', provisional: false };
    const at = (added: number) =>
      scopeProgress({
        scope: 'province:58',
        year: 2019,
        communes: Array.from({ length: 100 }, (_, i) => ({
          code: String(i),
          cycles: [
            { year: 2018, state: 'NOT_RECOGNISED' },
            ...(i < added ? [{ year: 2019, state: 'RECOGNISED' }] : []),
          ],
        })),
        recordsFrom: 2018,
        band,
        shareTarget: null,
        ownTarget: null,
      }).netChange.position;
    expect([at(2), at(3), at(5), at(6)]).toEqual(['BELOW', 'WITHIN', 'WITHIN', 'ABOVE']);
  });
});
