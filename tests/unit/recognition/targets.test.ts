import { DEFAULT_TARGETS, formatShare, progress, shareTargetFor } from '../../../subgraphs/ldtbxh/recognition/targets';
import type { ProgressInput, Target } from '../../../subgraphs/ldtbxh/recognition/targets';

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
      { scope: 'province:58', year: 2017, recognisedSharePct: null, newMinPct: '3', newMaxPct: '5', provisional: false, note: PLAN_BAND },
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
        note:
          "the plan's 3–5 % band carried to 2016, outside the plan's years 2017–2020; province-wide target applied to the district until the district records its own",
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
        note:
          "the plan's 3–5 % band carried to 2021, outside the plan's years 2017–2020; province-wide target applied to the district until the district records its own",
      },
    ]);
  });

  it('refuses a scope it cannot read', () => {
    expect(() => DEFAULT_TARGETS(['58'], [2020])).toThrow(
      new RangeError('scope must be province:<code> or district:<code>, got 58'),
    );
  });
});

describe('shareTargetFor', () => {
  const targets = DEFAULT_TARGETS(['province:58'], [2017, 2018, 2019, 2020, 2021]);

  it('finds the earliest share target in the year or later', () => {
    expect(shareTargetFor(targets, 'province:58', 2018)).toEqual({ targetYear: 2020, targetShare: '80' });
    expect(shareTargetFor(targets, 'province:58', 2020)).toEqual({ targetYear: 2020, targetShare: '80' });
    expect(shareTargetFor(targets, 'province:58', 2021)).toBeNull();
    expect(shareTargetFor(targets, 'district:584', 2018)).toBeNull();
  });
});

const band: Target = { scope: 'province:58', year: 2018, recognisedSharePct: null, newMinPct: '3', newMaxPct: '5' };

function input(overrides: Partial<ProgressInput> & { counts?: Record<number, number> }): ProgressInput {
  const { counts, ...rest } = overrides;
  return {
    scope: 'province:58',
    year: 2018,
    communes: 65,
    recognisedByYear: new Map(Object.entries(counts ?? { 2018: 40 }).map(([y, n]) => [Number(y), n])),
    newlyRecognised: 2,
    target: band,
    targetYear: 2020,
    targetShare: '80',
    ...rest,
  };
}

describe('progress', () => {
  it('computes 52 of 65 as exactly 80.0 %: ACHIEVED', () => {
    expect(progress(input({ year: 2020, counts: { 2019: 50, 2020: 52 }, target: { ...band, year: 2020 } }))).toEqual({
      scope: 'province:58',
      year: 2020,
      communes: 65,
      recognised: 52,
      newlyRecognised: 2,
      sharePct: '80.0',
      targetSharePct: '80',
      targetYear: 2020,
      requiredForTarget: 52,
      newPct: '3.1',
      newMinPct: '3',
      newMaxPct: '5',
      inNewBand: 'WITHIN',
      status: 'ACHIEVED',
      pace: { change: 2, years: 1, fromYear: 2019 },
      projectedYear: 2020,
      provisional: false,
      explanation:
        '2020: 52 of 65 communes recognised (80.0 %). Target 80 % by 2020 (52 communes): achieved. Newly recognised: 2 (3.1 %), within the 3–5 % band.',
      explanationVi:
        'Năm 2020: 52/65 xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em (80,0%). Chỉ tiêu 80% đến năm 2020 (52 xã): đã đạt. Công nhận mới: 2 xã (3,1%), trong mức 3–5%.',
    });
  });

  it('rounds shares half up (51 of 65 is 78.46… → "78.5") and is BEHIND when the target year came without the share', () => {
    const p = progress(input({ year: 2020, counts: { 2019: 45, 2020: 51 } }));
    expect([p.sharePct, p.status, p.projectedYear]).toEqual(['78.5', 'BEHIND', 2021]);
    expect(p.explanation).toBe(
      '2020: 51 of 65 communes recognised (78.5 %). Target 80 % by 2020 (52 communes): not reached by the target year, behind. Newly recognised: 2 (3.1 %), within the 3–5 % band.',
    );
  });

  it('projects with the mean change of the last 3 years: reaching the target exactly in the target year is ON_TRACK', () => {
    // pace (40 − 22) / 3 = 6 a year; 12 more needed → 2 years → 2020.
    const p = progress(input({ counts: { 2014: 0, 2015: 22, 2016: 30, 2017: 35, 2018: 40 } }));
    expect([p.pace, p.projectedYear, p.status]).toEqual([{ change: 18, years: 3, fromYear: 2015 }, 2020, 'ON_TRACK']);
    expect(p.explanation).toBe(
      '2018: 40 of 65 communes recognised (61.5 %). Target 80 % by 2020 (52 communes): at the pace of +18 over 3 years (2015–2018) it is reached in 2020, on track. Newly recognised: 2 (3.1 %), within the 3–5 % band.',
    );
    expect(p.explanationVi).toBe(
      'Năm 2018: 40/65 xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em (61,5%). Chỉ tiêu 80% đến năm 2020 (52 xã): với tốc độ tăng 18 xã trong 3 năm (2015–2018), dự kiến đạt năm 2020, đúng tiến độ. Công nhận mới: 2 xã (3,1%), trong mức 3–5%.',
    );
  });

  it('is BEHIND when the projected year is after the target year', () => {
    // pace 17 / 3 a year; 12 more needed → 36/17 → 3 years → 2021.
    const p = progress(input({ counts: { 2015: 23, 2016: 30, 2017: 35, 2018: 40 } }));
    expect([p.projectedYear, p.status]).toEqual([2021, 'BEHIND']);
  });

  it('uses fewer years when fewer consecutive earlier years are known', () => {
    expect(progress(input({ counts: { 2015: 0, 2017: 30, 2018: 40 } })).pace).toEqual({ change: 10, years: 1, fromYear: 2017 });
    expect(progress(input({ counts: { 2016: 28, 2017: 30, 2018: 40 } })).pace).toEqual({ change: 12, years: 2, fromYear: 2016 });
  });

  it('has no projection when the count does not grow, or there is no earlier year', () => {
    const flat = progress(input({ counts: { 2017: 40, 2018: 40 } }));
    expect([flat.pace, flat.projectedYear, flat.status]).toEqual([{ change: 0, years: 1, fromYear: 2017 }, null, 'BEHIND']);
    expect(flat.explanation).toContain('pace +0 over 1 year (2017–2018) does not grow the count, behind.');
    const first = progress(input({ counts: { 2018: 40 } }));
    expect([first.pace, first.projectedYear, first.status]).toEqual([null, null, 'BEHIND']);
    expect(first.explanationVi).toContain('chưa có số liệu năm trước để tính tốc độ, chậm tiến độ.');
  });

  it('says NO_TARGET without a share target and leaves the band out without a target', () => {
    const p = progress(input({ targetYear: null, targetShare: null, target: null }));
    expect([p.status, p.projectedYear, p.inNewBand, p.requiredForTarget]).toEqual(['NO_TARGET', null, null, null]);
    expect(p.explanation).toBe('2018: 40 of 65 communes recognised (61.5 %). No share target applies.');
  });

  it.each([
    [1, '1.5', 'BELOW'],
    [2, '3.1', 'WITHIN'],
    [3, '4.6', 'WITHIN'],
    [4, '6.2', 'ABOVE'],
  ])('places %i newly recognised of 65 (%s %) %s the 3–5 % band', (newly, pct, position) => {
    const p = progress(input({ newlyRecognised: newly }));
    expect([p.newPct, p.inNewBand]).toEqual([pct, position]);
  });

  it('includes both bounds in the band exactly (3 and 5 of 100)', () => {
    const at = (newly: number): unknown =>
      progress(input({ communes: 100, newlyRecognised: newly, counts: { 2018: 40 } })).inNewBand;
    expect([at(2), at(3), at(5), at(6)]).toEqual(['BELOW', 'WITHIN', 'WITHIN', 'ABOVE']);
  });

  it('refuses inconsistent input with a RangeError naming it', () => {
    expect(() => progress(input({ communes: 0 }))).toThrow(new RangeError('province:58, 2018: communes must be positive'));
    expect(() => progress(input({ counts: { 2017: 3 } }))).toThrow(
      new RangeError('province:58: recognisedByYear has no count for 2018'),
    );
    expect(() => progress(input({ counts: { 2018: 66 } }))).toThrow(
      new RangeError('province:58, 2018: 66 recognised of 65 communes'),
    );
    expect(() => progress(input({ targetShare: null }))).toThrow(
      new RangeError('targetYear and targetShare are given together or not at all'),
    );
    expect(() => progress(input({ targetShare: '80%' }))).toThrow(
      new RangeError('targetShare must be a decimal percentage from 0 to 100, got "80%"'),
    );
    expect(() => progress(input({ target: { ...band, newMinPct: '6' } }))).toThrow(
      new RangeError('newMinPct 6 is above newMaxPct 5'),
    );
  });
});

describe('formatShare', () => {
  it('rounds half up to one decimal', () => {
    expect([formatShare(2, 3), formatShare(1, 1), formatShare(0, 7), formatShare(999, 1000), formatShare(1, 8), formatShare(1999, 2000)]).toEqual([
      '66.7',
      '100.0',
      '0.0',
      '99.9',
      '12.5',
      '100.0',
    ]);
  });
});
