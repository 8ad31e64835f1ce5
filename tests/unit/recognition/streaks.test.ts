import { rewardsForYear, streakEndingAt } from '../../../subgraphs/ldtbxh/recognition/streaks';
import type { CommuneCycles, YearCycle } from '../../../subgraphs/ldtbxh/recognition/streaks';
import type { CycleStatus } from '../../../subgraphs/ldtbxh/recognition/cycle';

/** Cycles from a compact string: one letter per year from `from` — R recognised, V revoked, N refused, S submitted, . none. */
function cycles(from: number, pattern: string): YearCycle[] {
  const states: Record<string, CycleStatus | null> = {
    R: 'RECOGNISED',
    V: 'REVOKED',
    N: 'NOT_RECOGNISED',
    S: 'SUBMITTED',
    '.': null,
  };
  return [...pattern].flatMap((letter, i) => {
    const state = states[letter];
    if (state === undefined) throw new Error(`bad letter ${letter}`);
    return state === null ? [] : [{ year: from + i, state }];
  });
}

describe('streakEndingAt', () => {
  it.each([
    ['RRR', 2019, 3],
    ['RRR', 2018, 2],
    ['RRRN', 2020, 0],
    ['RR.R', 2020, 1],
    ['RRVR', 2020, 1],
    ['RRSR', 2020, 1],
    ['RRRRRR', 2022, 6],
    ['', 2020, 0],
  ])('cycles %j from 2017: streak ending at %i is %i', (pattern, year, expected) => {
    expect(streakEndingAt(cycles(2017, pattern), year)).toBe(expected);
  });

  it('does not depend on the order of the cycles and ignores later years', () => {
    const shuffled = [...cycles(2015, 'RRRRRR')].reverse();
    expect(streakEndingAt(shuffled, 2018)).toBe(4);
  });

  it('refuses two cycles for one year', () => {
    expect(() =>
      streakEndingAt(
        [
          { year: 2019, state: 'RECOGNISED' },
          { year: 2019, state: 'REVOKED' },
        ],
        2019,
      ),
    ).toThrow(new RangeError('two cycles for the year 2019; a commune has one cycle a year'));
  });
});

describe('rewardsForYear', () => {
  const communes: CommuneCycles[] = [
    { code: '22837', name: 'Phước Chiến', districtCode: '588', cycles: cycles(2016, 'RRRRR') },
    { code: '22741', name: 'Phước Mỹ', districtCode: '582', cycles: cycles(2018, 'RRR') },
    { code: '22738', name: 'Đô Vinh', districtCode: '582', cycles: cycles(2017, 'RRRR') },
    { code: '22750', name: 'Thanh Sơn', districtCode: '582', cycles: cycles(2015, 'RRRRRR') },
    { code: '22753', name: 'Mỹ Hương', districtCode: '582', cycles: cycles(2006, 'RRRRRRRRRRRRRRR') },
    { code: '22756', name: 'Tấn Tài', districtCode: '582', cycles: cycles(2018, 'RVR') },
  ];

  it('lists a district reward at 3, 6 … and a Chairman proposal at 5, 10 …, sorted by district then commune', () => {
    expect(rewardsForYear(communes, 2020)).toEqual({
      districtReward: [
        { code: '22741', name: 'Phước Mỹ', districtCode: '582', streak: 3, years: [2018, 2019, 2020] },
        {
          code: '22750',
          name: 'Thanh Sơn',
          districtCode: '582',
          streak: 6,
          years: [2015, 2016, 2017, 2018, 2019, 2020],
        },
        {
          code: '22753',
          name: 'Mỹ Hương',
          districtCode: '582',
          streak: 15,
          years: [2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020],
        },
      ],
      chairmanProposal: [
        {
          code: '22753',
          name: 'Mỹ Hương',
          districtCode: '582',
          streak: 15,
          years: [2006, 2007, 2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020],
        },
        { code: '22837', name: 'Phước Chiến', districtCode: '588', streak: 5, years: [2016, 2017, 2018, 2019, 2020] },
      ],
    });
  });

  it('does not list again in the fourth year of a run (a reward per completed run)', () => {
    const lists = rewardsForYear(communes, 2020);
    expect(lists.districtReward.map((e) => e.code)).not.toContain('22738'); // Đô Vinh: 4 years
    expect(rewardsForYear(communes, 2019).districtReward.map((e) => e.code)).toContain('22738'); // 3 years in 2019
  });

  it('is empty when nobody completed a run', () => {
    expect(rewardsForYear(communes, 2030)).toEqual({ districtReward: [], chairmanProposal: [] });
  });
});
