import { targetsFor } from '../../../subgraphs/ldtbxh/recognition/growth';
import { DEFAULT_TARGETS } from '../../../subgraphs/ldtbxh/recognition/targets';

const PLAN_BAND = 'plan 965/KH-UBND §II.2: 3–5 % newly recognised every year';

describe('DEFAULT_TARGETS', () => {
  it('gives the plan’s band every year, 80 % in 2020, and marks what is not from the plan', () => {
    expect(DEFAULT_TARGETS(['province:58', 'district:584'], [2016, 2017, 2020, 2021])).toEqual([
      {
        scope: 'province:58',
        year: 2016,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: "the plan's 3–5 % band carried to 2016, outside the plan's years 2017–2020",
      },
      {
        scope: 'province:58',
        year: 2017,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: false,
        note: PLAN_BAND,
      },
      {
        scope: 'province:58',
        year: 2020,
        recognisedSharePct: '80',
        newMinPct: '3',
        newMaxPct: '5',
        provisional: false,
        note: `${PLAN_BAND}, 80 % recognised by 2020`,
      },
      {
        scope: 'province:58',
        year: 2021,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: "the plan's 3–5 % band carried to 2021, outside the plan's years 2017–2020",
      },
      {
        scope: 'district:584',
        year: 2016,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: "the plan's 3–5 % band carried to 2016, outside the plan's years 2017–2020; province-wide target applied to the district until the district records its own",
      },
      {
        scope: 'district:584',
        year: 2017,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: `${PLAN_BAND}; province-wide target applied to the district until the district records its own`,
      },
      {
        scope: 'district:584',
        year: 2020,
        recognisedSharePct: '80',
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: `${PLAN_BAND}, 80 % recognised by 2020; province-wide target applied to the district until the district records its own`,
      },
      {
        scope: 'district:584',
        year: 2021,
        recognisedSharePct: null,
        newMinPct: '3',
        newMaxPct: '5',
        provisional: true,
        note: "the plan's 3–5 % band carried to 2021, outside the plan's years 2017–2020; province-wide target applied to the district until the district records its own",
      },
    ]);
  });

  it('refuses a scope it cannot read', () => {
    expect(() => DEFAULT_TARGETS(['58'], [2020])).toThrow(
      new RangeError('scope must be province:<code> or district:<code>, got 58'),
    );
  });
});

describe('targetsFor (growth.ts): the targets a scope-year is measured against', () => {
  const targets = DEFAULT_TARGETS(['province:58'], [2017, 2018, 2019, 2020, 2021]);
  const own = [
    {
      scope: 'district:584',
      year: 2021,
      level: 'DISTRICT' as const,
      newCount: 1,
      recognisedCount: null,
      note: 'first',
      setBy: 'd',
      setAt: '2020-11-01T00:00:00.000Z',
    },
    {
      scope: 'district:584',
      year: 2021,
      level: 'DISTRICT' as const,
      newCount: 2,
      recognisedCount: null,
      note: 'second',
      setBy: 'd',
      setAt: '2020-11-20T00:00:00.000Z',
    },
  ];

  it('finds the earliest share target in the year or later, the band of the year, and the latest own target', () => {
    expect(targetsFor('province:58', 2018, targets, own)).toEqual({
      band: { minPct: '3', maxPct: '5', provisional: false },
      shareTarget: { year: 2020, pct: '80' },
      ownTarget: null,
    });
    expect(targetsFor('province:58', 2020, targets, own).shareTarget).toEqual({ year: 2020, pct: '80' });
    expect(targetsFor('province:58', 2021, targets, own)).toMatchObject({
      band: { provisional: true },
      shareTarget: null,
    });
    expect(targetsFor('district:584', 2021, targets, own)).toEqual({
      band: null,
      shareTarget: null,
      ownTarget: expect.objectContaining({ newCount: 2, note: 'second' }),
    });
  });
});
