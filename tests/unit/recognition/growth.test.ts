/**
 * The one progress computation: first-ever recognitions, returns, drop-outs and the net change
 * against the band; a scope with every commune recognised is not below it; years without data
 * are null (NO_DATA), never 0.
 */
import fc from 'fast-check';
import {
  recordsFrom,
  scopeProgress,
  type GrowthCommune,
  type GrowthInput,
} from '../../../subgraphs/ldtbxh/recognition/growth';

const BAND = { minPct: '3', maxPct: '5', provisional: false };

/** `n` communes with the years each is recognised in (others: a cycle in another state). */
function communes(recognised: number[][], registeredYears: number[] = []): GrowthCommune[] {
  return recognised.map((years, i) => ({
    code: String(10000 + i),
    cycles: [
      ...years.map((year) => ({ year, state: 'RECOGNISED' })),
      ...registeredYears.filter((y) => !years.includes(y)).map((year) => ({ year, state: 'NOT_RECOGNISED' })),
    ],
  }));
}

const input = (over: Partial<GrowthInput> & Pick<GrowthInput, 'communes' | 'year'>): GrowthInput => ({
  scope: 'province:58',
  recordsFrom: recordsFrom(over.communes),
  band: BAND,
  shareTarget: null,
  ownTarget: null,
  ...over,
});

describe("the year's growth", () => {
  it('55 → 56 with 5 back or new and 4 dropped out is +1 (1.5 %), below the band, not 5 new (7.7 %)', () => {
    // 65 communes: 51 recognised both years; 4 dropped out in 2019; 3 returned (recognised 2017,
    // not 2018); 2 recognised for the first time; the rest never.
    const list: number[][] = [];
    for (let i = 0; i < 51; i += 1) list.push([2017, 2018, 2019]);
    for (let i = 0; i < 4; i += 1) list.push([2017, 2018]);
    for (let i = 0; i < 3; i += 1) list.push([2017, 2019]);
    for (let i = 0; i < 2; i += 1) list.push([2019]);
    while (list.length < 65) list.push([]);
    const p = scopeProgress(input({ year: 2019, communes: communes(list, [2017]) }));
    expect(p).toMatchObject({
      communes: 65,
      recognised: 56,
      previousRecognised: 55,
      sharePct: '86.2',
      firstEver: { count: 2, pct: '3.1', position: 'WITHIN' },
      returns: { count: 3, pct: '4.6', position: 'WITHIN' },
      dropOuts: { count: 4, pct: '6.2', position: 'ABOVE' },
      netChange: { count: 1, pct: '1.5', position: 'BELOW' },
      newlyRecognised: 5,
    });
    expect(p.explanationVi).toContain('tăng 1 (1,5%) so với mức 3–5%, dưới mức');
  });

  it('a net fall is negative and below the band', () => {
    const p = scopeProgress(input({ year: 2019, communes: communes([[2018], [2018], [2018, 2019], []]) }));
    expect(p.netChange).toEqual({ count: -2, pct: '-50.0', position: 'BELOW' });
    expect(p.dropOuts.count).toBe(2);
  });

  it('a district with every commune recognised is not below the band', () => {
    const all = communes([
      [2018, 2019],
      [2018, 2019],
      [2018, 2019],
    ]);
    const p = scopeProgress(input({ scope: 'district:584', year: 2019, communes: all }));
    expect(p).toMatchObject({
      sharePct: '100.0',
      netChange: { count: 0, position: 'ALL_RECOGNISED' },
      firstEver: { count: 0, position: 'ALL_RECOGNISED' },
    });
    const oneShort = scopeProgress(
      input({ scope: 'district:584', year: 2019, communes: communes([[2018, 2019], [2018, 2019], [2018]]) }),
    );
    expect(oneShort.netChange.position).toBe('BELOW');
  });

  it('years before the records are no data, never 0; the first year of the records has no growth', () => {
    const list = communes([[2015, 2016], [2016], []]);
    const first = scopeProgress(input({ year: 2015, communes: list }));
    expect(first).toMatchObject({
      hasData: true,
      recognised: 1,
      previousRecognised: null,
      netChange: { count: null, pct: null, position: 'NO_DATA' },
      newlyRecognised: null,
      pace: null,
    });
    const before = scopeProgress(input({ year: 2014, communes: list, shareTarget: { year: 2020, pct: '80' } }));
    expect(before).toMatchObject({ hasData: false, status: 'NO_DATA', netChange: { position: 'NO_DATA' } });
    expect(before.explanationVi).toBe('Năm 2014: chưa có số liệu (sổ theo dõi bắt đầu từ năm 2015).');
    // The same records start for a district whose communes joined later: 2015 is a year with 0.
    const district = scopeProgress(
      input({ scope: 'district:582', year: 2016, communes: communes([[2016], []]), recordsFrom: 2015 }),
    );
    expect(district).toMatchObject({
      previousRecognised: 0,
      firstEver: { count: 1 },
      netChange: { count: 1, pct: '50.0' },
    });
  });

  it('the share target: achieved exactly, on track or behind at the pace of the records, no data without a pace', () => {
    const target = { year: 2020, pct: '80' };
    // 52 of 65 is exactly 80 %.
    const exactly = communes(Array.from({ length: 65 }, (_, i) => (i < 52 ? [2018] : [])));
    expect(scopeProgress(input({ year: 2018, communes: exactly, shareTarget: target }))).toMatchObject({
      status: 'ACHIEVED',
      requiredForTarget: 52,
      projectedYear: 2018,
    });
    const noPace = scopeProgress(input({ year: 2018, communes: communes([[2018], [], [], []]), shareTarget: target }));
    expect(noPace).toMatchObject({ status: 'NO_DATA', pace: null });
    const growing = communes([[2017, 2018], [2018], [], [], []]);
    expect(scopeProgress(input({ year: 2018, communes: growing, shareTarget: target }))).toMatchObject({
      status: 'ON_TRACK',
      pace: { change: 1, years: 1, fromYear: 2017 },
      projectedYear: 2020,
    });
    expect(
      scopeProgress(input({ year: 2018, communes: growing, shareTarget: { year: 2019, pct: '80' } })),
    ).toMatchObject({ status: 'BEHIND', projectedYear: 2020 });
  });

  it("the level's own target: a number of communes and the share it makes", () => {
    const own = {
      newCount: 2,
      recognisedCount: 3,
      level: 'DISTRICT' as const,
      note: 'Kế hoạch của huyện',
      setBy: 'district-584',
      setAt: '2018-11-20T00:00:00.000Z',
    };
    const p = scopeProgress(
      input({
        scope: 'district:584',
        year: 2019,
        communes: communes([[2018, 2019], [2019], [2019], [], [], [], [], [], []]),
        ownTarget: own,
      }),
    );
    expect(p.ownTarget).toMatchObject({
      newCount: 2,
      newSharePct: '22.2',
      recognisedCount: 3,
      recognisedSharePct: '33.3',
      met: true,
    });
    expect(p.explanationVi).toContain('Chỉ tiêu do huyện đề ra: thêm 2 đơn vị (22,2%), đạt 3 đơn vị (33,3%): đã đạt.');
  });

  it('refuses what has no meaning', () => {
    expect(() => scopeProgress(input({ year: 2019, communes: [] }))).toThrow(RangeError);
    expect(() =>
      scopeProgress(
        input({
          year: 2019,
          communes: [
            { code: '1', cycles: [] },
            { code: '1', cycles: [] },
          ],
        }),
      ),
    ).toThrow(/twice/);
    expect(() =>
      scopeProgress(
        input({ year: 2019, communes: communes([[]]), band: { minPct: '6', maxPct: '5', provisional: false } }),
      ),
    ).toThrow(/above/);
  });

  it('net change = first-ever + returns − drop-outs, and recognised = previous + net (property)', () => {
    const years = [2015, 2016, 2017, 2018, 2019];
    fc.assert(
      fc.property(
        fc.array(fc.subarray(years), { minLength: 1, maxLength: 30 }),
        fc.constantFrom(2016, 2017, 2018, 2019),
        (sets, year) => {
          const p = scopeProgress(input({ year, communes: communes(sets, [2015]), recordsFrom: 2015 }));
          const { firstEver, returns, dropOuts, netChange } = p;
          return (
            netChange.count === (firstEver.count ?? 0) + (returns.count ?? 0) - (dropOuts.count ?? 0) &&
            p.recognised === (p.previousRecognised ?? 0) + (netChange.count ?? 0)
          );
        },
      ),
    );
  });
});
