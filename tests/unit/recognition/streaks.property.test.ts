import fc from 'fast-check';

import { CYCLE_STATUSES } from '../../../subgraphs/ldtbxh/recognition/cycle';
import { rewardsForYear, streakEndingAt } from '../../../subgraphs/ldtbxh/recognition/streaks';
import type { CycleStatus } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { YearCycle } from '../../../subgraphs/ldtbxh/recognition/streaks';

const FIRST = 2000;

/** Up to 30 years from FIRST; each year has no cycle or a cycle in any state (RECOGNISED favoured). */
const historyArb: fc.Arbitrary<YearCycle[]> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constant<CycleStatus | null>('RECOGNISED') },
      { weight: 1, arbitrary: fc.constant<CycleStatus | null>(null) },
      { weight: 2, arbitrary: fc.constantFrom<CycleStatus | null>(...CYCLE_STATUSES) },
    ),
    { maxLength: 30 },
  )
  .map((states) => states.flatMap((state, i) => (state === null ? [] : [{ year: FIRST + i, state }])));

const yearArb = fc.integer({ min: FIRST - 2, max: FIRST + 32 });

/** Independent oracle: walk the years backwards. */
function oracle(history: readonly YearCycle[], year: number): number {
  let streak = 0;
  for (let y = year; ; y -= 1) {
    const cycle = history.find((c) => c.year === y);
    if (cycle === undefined || cycle.state !== 'RECOGNISED') return streak;
    streak += 1;
  }
}

describe('streaks (properties)', () => {
  it('equals the backward walk, and never exceeds the years with a cycle up to the year', () => {
    fc.assert(
      fc.property(historyArb, yearArb, (history, year) => {
        const streak = streakEndingAt(history, year);
        expect(streak).toBe(oracle(history, year));
        expect(streak).toBeLessThanOrEqual(history.filter((c) => c.year <= year).length);
        expect(streak).toBeLessThanOrEqual(Math.max(0, year - FIRST + 1));
      }),
    );
  });

  it('follows the recurrence: +1 on a recognised year, 0 otherwise', () => {
    fc.assert(
      fc.property(historyArb, yearArb, (history, year) => {
        const recognised = history.some((c) => c.year === year && c.state === 'RECOGNISED');
        expect(streakEndingAt(history, year)).toBe(recognised ? streakEndingAt(history, year - 1) + 1 : 0);
      }),
    );
  });

  it('is reset by a gap or by any state other than RECOGNISED (a revocation included)', () => {
    fc.assert(
      fc.property(
        historyArb,
        fc.integer({ min: 0, max: 29 }),
        fc.constantFrom<CycleStatus | null>(
          null,
          'REVOKED',
          'NOT_RECOGNISED',
          'SUBMITTED',
          'SELF_ASSESSED',
          'REGISTERED',
        ),
        fc.integer({ min: 0, max: 10 }),
        (history, offset, breaker, after) => {
          const broken = FIRST + offset;
          const changed = history.filter((c) => c.year !== broken);
          if (breaker !== null) changed.push({ year: broken, state: breaker });
          expect(streakEndingAt(changed, broken)).toBe(0);
          expect(streakEndingAt(changed, broken + after)).toBeLessThanOrEqual(after);
        },
      ),
    );
  });

  it('rewards an unbroken run of n years floor(n/3) times at district level and floor(n/5) times for the Chairman', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1990, max: 2030 }), (n, start) => {
        const commune = {
          code: '22738',
          name: 'Đô Vinh',
          districtCode: '582',
          cycles: Array.from({ length: n }, (_, i): YearCycle => ({ year: start + i, state: 'RECOGNISED' })),
        };
        let district = 0;
        let chairman = 0;
        for (let year = start; year < start + n + 3; year += 1) {
          const lists = rewardsForYear([commune], year);
          district += lists.districtReward.length;
          chairman += lists.chairmanProposal.length;
          for (const entry of [...lists.districtReward, ...lists.chairmanProposal]) {
            expect(entry.years).toHaveLength(entry.streak);
            expect(entry.years[entry.years.length - 1]).toBe(year);
          }
        }
        expect(district).toBe(Math.floor(n / 3));
        expect(chairman).toBe(Math.floor(n / 5));
      }),
    );
  });

  it('lists exactly the communes whose streak is a positive multiple of 3 or 5', () => {
    fc.assert(
      fc.property(fc.array(historyArb, { maxLength: 8 }), yearArb, (histories, year) => {
        const communes = histories.map((cycles, i) => ({
          code: String(22700 + i),
          name: `X${i}`,
          districtCode: String(582 + (i % 3)),
          cycles,
        }));
        const lists = rewardsForYear(communes, year);
        const due = (run: number): string[] =>
          communes
            .filter((c) => {
              const s = streakEndingAt(c.cycles, year);
              return s > 0 && s % run === 0;
            })
            .map((c) => c.code)
            .sort();
        expect(lists.districtReward.map((e) => e.code).sort()).toEqual(due(3));
        expect(lists.chairmanProposal.map((e) => e.code).sort()).toEqual(due(5));
      }),
    );
  });
});
