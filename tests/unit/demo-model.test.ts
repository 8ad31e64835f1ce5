import { DEPARTMENT_CODES, type CommuneCategory, type CriteriaSet } from '../../shared/criteria/types';
import { loadCriteriaSetFileSync } from '../../shared/criteria/validate';
import { scoreIndicator, validateInput } from '../../shared/criteria/scoring';
import { parseCsv } from '../../subgraphs/ldtbxh/csv';
import { projectPath, readProjectFile } from '../../shared/paths';
import {
  DEMO_NOTE,
  DEMO_SOURCE_REF,
  demoDenominator,
  demoIndicatorFrom,
  demoMissingDepartment,
  demoPerformance,
  demoPopulation,
  demoRows,
  generateValue,
  isLaggard,
  type DemoCommune,
  type DemoIndicator,
} from '../../scripts/demo-model';

const QD34 = loadCriteriaSetFileSync(projectPath('criteria-sets', 'qd34-2014.v1.json'));
const QD06 = loadCriteriaSetFileSync(projectPath('criteria-sets', 'qd06-2019.v1.json'));
const YEARS = [2015, 2016, 2017, 2018, 2019, 2020];

/** Ninh Thuận's 65 communes with their provisional categories, as the hub loads them. */
const COMMUNES: DemoCommune[] = (() => {
  const categories = new Map(
    parseCsv(readProjectFile('data', 'ninh-thuan-categories.provisional.csv')).map((r) => [
      r.code,
      r.category as CommuneCategory,
    ]),
  );
  return parseCsv(readProjectFile('data', 'ninh-thuan-units.csv')).map((r) => ({
    code: r.code ?? '',
    districtCode: r.district_code ?? '',
    category: categories.get(r.code ?? '') ?? null,
  }));
})();

function setFor(year: number): CriteriaSet {
  return year <= 2018 ? QD34 : QD06;
}

function indicatorsOf(set: CriteriaSet): DemoIndicator[] {
  return set.criteria.flatMap((c) => c.indicators.map(demoIndicatorFrom));
}

function indicator(set: CriteriaSet, code: string): DemoIndicator {
  const found = indicatorsOf(set).find((i) => i.code === code);
  if (!found) throw new Error(`no indicator ${code} in ${set.id}`);
  return found;
}

/** Every (commune, year, indicator) of the demo, with the set the year uses. */
function* everyCase(): Generator<{ commune: DemoCommune; year: number; indicator: DemoIndicator }> {
  for (const year of YEARS) {
    for (const ind of indicatorsOf(setFor(year))) {
      for (const commune of COMMUNES) yield { commune, year, indicator: ind };
    }
  }
}

/** Total points and "a criterion at zero" of a commune-year, scored by the hub's own rules. */
function assess(commune: DemoCommune, year: number): { total: number; criterionAtZero: boolean; recognised: boolean } {
  const set = setFor(year);
  let total = 0;
  let criterionAtZero = false;
  for (const criterion of set.criteria) {
    const points = criterion.indicators.reduce(
      (sum, ind) => sum + scoreIndicator(ind, generateValue(commune, year, demoIndicatorFrom(ind))).points,
      0,
    );
    total += points;
    if (points === 0) criterionAtZero = true;
  }
  const minimum = set.recognition.minimumTotal[commune.category ?? 'OTHER'].points;
  return { total, criterionAtZero, recognised: total >= minimum && !criterionAtZero };
}

describe('the data the tests use', () => {
  it('has the 65 communes of Ninh Thuận, each with a category', () => {
    expect(COMMUNES).toHaveLength(65);
    expect(COMMUNES.filter((c) => c.category === null)).toEqual([]);
  });
});

describe('generateValue', () => {
  it('is deterministic: the same commune, year and indicator give the same value', () => {
    for (const { commune, year, indicator: ind } of everyCase()) {
      expect(generateValue({ ...commune }, year, { ...ind })).toEqual(generateValue(commune, year, ind));
    }
  });

  it('never calls Math.random', () => {
    const spy = jest.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    try {
      for (const year of YEARS) demoRows(COMMUNES, year, indicatorsOf(setFor(year)));
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
    }
  });

  it('gives every indicator a value of its kind that the publishing mutation accepts', () => {
    const counts = { RATE: 0, COUNT: 0, BOOLEAN: 0, GRADED: 0 };
    for (const year of YEARS) {
      for (const criterion of setFor(year).criteria) {
        for (const ind of criterion.indicators) {
          for (const commune of COMMUNES) {
            const value = generateValue(commune, year, demoIndicatorFrom(ind));
            expect(value.kind).toBe(ind.kind);
            expect(validateInput(ind, value)).toEqual([]);
            counts[value.kind] += 1;
          }
        }
      }
    }
    expect(Object.values(counts).every((n) => n > 0)).toBe(true);
  });

  it('gives every RATE whole, non-negative numbers with numerator ≤ denominator, and every COUNT a whole count of 0–3', () => {
    for (const { commune, year, indicator: ind } of everyCase()) {
      const value = generateValue(commune, year, ind);
      if (value.kind === 'RATE') {
        expect(Number.isInteger(value.numerator) && Number.isInteger(value.denominator)).toBe(true);
        expect(value.numerator).toBeGreaterThanOrEqual(0);
        expect(value.numerator).toBeLessThanOrEqual(value.denominator);
      } else if (value.kind === 'COUNT') {
        expect(Number.isInteger(value.count)).toBe(true);
        expect(value.count).toBeGreaterThanOrEqual(0);
        expect(value.count).toBeLessThanOrEqual(3);
      }
    }
  });

  it('gives GRADED indicators only their own grades, mostly the better ones', () => {
    let best = 0;
    let all = 0;
    for (const { commune, year, indicator: ind } of everyCase()) {
      const value = generateValue(commune, year, ind);
      if (value.kind !== 'GRADED') continue;
      const grades = [...ind.grades].sort((a, b) => b.points - a.points);
      expect(grades.map((g) => g.grade)).toContain(value.grade);
      all += 1;
      if (value.grade === grades[0]?.grade || value.grade === grades[1]?.grade) best += 1;
    }
    expect(all).toBeGreaterThan(0);
    expect(best / all).toBeGreaterThan(0.8);
  });

  it('makes COUNT mostly 0 and BOOLEAN mostly true', () => {
    let counts = 0;
    let zeros = 0;
    let booleans = 0;
    let yes = 0;
    for (const { commune, year, indicator: ind } of everyCase()) {
      const value = generateValue(commune, year, ind);
      if (value.kind === 'COUNT') {
        counts += 1;
        if (value.count === 0) zeros += 1;
      } else if (value.kind === 'BOOLEAN') {
        booleans += 1;
        if (value.value) yes += 1;
      }
    }
    expect(zeros / counts).toBeGreaterThan(0.85);
    expect(zeros).toBeLessThan(counts);
    expect(yes / booleans).toBeGreaterThan(0.8);
    expect(yes).toBeLessThan(booleans);
  });

  it('uses realistic denominators for a commune of a few thousand people', () => {
    const ranges: [string, string, number, number][] = [
      ['QD34-2014', '8.1', 30, 130], // children under 1
      ['QD34-2014', '3.1', 1400, 4200], // children under 16
      ['QD34-2014', '7.1', 5, 60], // children in special circumstances
      ['QD06-2019', '9.1', 1400, 4200], // every child
      ['QD06-2019', '8.1', 200, 650], // children under 5
    ];
    for (const [setId, code, low, high] of ranges) {
      const set = setId === QD34.id ? QD34 : QD06;
      const years = YEARS.filter((y) => setFor(y) === set);
      for (const year of years) {
        for (const commune of COMMUNES) {
          const value = generateValue(commune, year, indicator(set, code));
          if (value.kind !== 'RATE') throw new Error(`${code} is not a RATE`);
          expect({
            setId,
            code,
            denominator: value.denominator,
            inRange: value.denominator >= low && value.denominator <= high,
          }).toEqual({
            setId,
            code,
            denominator: value.denominator,
            inRange: true,
          });
        }
      }
    }
  });

  it('keeps a commune the same size across indicators counting the same population', () => {
    const malnourished = indicator(QD06, '8.1');
    const stunted = indicator(QD06, '8.2');
    for (const commune of COMMUNES) {
      const a = generateValue(commune, 2020, malnourished);
      const b = generateValue(commune, 2020, stunted);
      expect(a.kind === 'RATE' && b.kind === 'RATE' && a.denominator === b.denominator).toBe(true);
    }
  });

  it('gives a 0 denominator only where "no child in that situation" makes sense, and sometimes does', () => {
    const zeroBy = new Map<string, number>();
    for (const { commune, year, indicator: ind } of everyCase()) {
      const value = generateValue(commune, year, ind);
      if (value.kind === 'RATE' && value.denominator === 0) {
        const population = demoPopulation(ind.denominatorLabel);
        zeroBy.set(population, (zeroBy.get(population) ?? 0) + 1);
      }
    }
    expect([...zeroBy.keys()].sort()).toEqual(['AT_RISK', 'CASES']);
  });
});

describe('demoPopulation', () => {
  it('recognises the denominator of every RATE of the shipped criteria sets', () => {
    const unrecognised = [QD34, QD06]
      .flatMap((set) => indicatorsOf(set).map((ind) => ({ set: set.id, ind })))
      .filter(({ ind }) => ind.kind === 'RATE' && demoPopulation(ind.denominatorLabel) === 'GENERIC')
      .map(({ set, ind }) => `${set} ${ind.code}`);
    expect(unrecognised).toEqual([]);
  });

  it('falls back to GENERIC without a label', () => {
    expect(demoPopulation(null)).toBe('GENERIC');
    expect(demoPopulation(undefined)).toBe('GENERIC');
    expect(demoPopulation('something else entirely')).toBe('GENERIC');
  });

  it('sizes villages the same every year', () => {
    for (const commune of COMMUNES) {
      const sizes = new Set(YEARS.map((y) => demoDenominator(commune, y, 'VILLAGES', 0.5)));
      expect(sizes.size).toBe(1);
    }
  });
});

describe('a living province', () => {
  it('improves on average: a rate indicator is higher over the 65 communes in 2020 than in 2015', () => {
    for (const ind of [indicator(QD06, '7.1'), indicator(QD34, '8.1'), indicator(QD06, '9.1')]) {
      const mean = (year: number) =>
        COMMUNES.reduce((sum, commune) => {
          const value = generateValue(commune, year, ind);
          if (value.kind !== 'RATE' || value.denominator === 0) throw new Error('expected a rate with a denominator');
          return sum + value.numerator / value.denominator;
        }, 0) / COMMUNES.length;
      expect(mean(2020)).toBeGreaterThan(mean(2015));
    }
    const meanPerformance = (year: number) =>
      COMMUNES.reduce((s, c) => s + demoPerformance(c, year), 0) / COMMUNES.length;
    for (const [earlier, later] of [
      [2015, 2016],
      [2016, 2017],
      [2017, 2018],
      [2018, 2019],
      [2019, 2020],
    ] as const) {
      expect(meanPerformance(later)).toBeGreaterThan(meanPerformance(earlier));
    }
  });

  it('recognises more communes each period and most by 2020, with a handful short and a few criteria at zero', () => {
    const results = new Map(YEARS.map((year) => [year, COMMUNES.map((c) => assess(c, year))]));
    const share = (year: number) => {
      const list = results.get(year) ?? [];
      return list.filter((r) => r.recognised).length / list.length;
    };
    expect(share(2015)).toBeLessThan(0.6);
    expect(share(2020)).toBeGreaterThanOrEqual(0.8);
    expect(share(2020)).toBeLessThan(1);
    expect(share(2020) - share(2015)).toBeGreaterThan(0.25);
    const late = [...(results.get(2019) ?? []), ...(results.get(2020) ?? [])];
    const shortOnTotal = late.filter((r) => !r.recognised && !r.criterionAtZero).length;
    const atZero = late.filter((r) => r.criterionAtZero).length;
    expect(shortOnTotal).toBeGreaterThanOrEqual(2);
    expect(shortOnTotal).toBeLessThanOrEqual(15);
    expect(atZero).toBeGreaterThanOrEqual(1);
    expect(atZero).toBeLessThanOrEqual(8);
  });

  it('has persistent laggards, several of them mountain communes of Bác Ái (584)', () => {
    const laggards = COMMUNES.filter(isLaggard);
    const mountain = laggards.filter((c) => c.districtCode === '584' && c.category === 'MOUNTAIN_ISLAND_DISADVANTAGED');
    expect(mountain.length).toBeGreaterThanOrEqual(3);
    expect(laggards.length).toBeLessThan(COMMUNES.length / 5);
    // A laggard is weaker than the province's average in every year.
    for (const year of YEARS) {
      const mean = COMMUNES.reduce((s, c) => s + demoPerformance(c, year), 0) / COMMUNES.length;
      const laggardMean = laggards.reduce((s, c) => s + demoPerformance(c, year), 0) / laggards.length;
      expect(laggardMean).toBeLessThan(mean);
    }
  });
});

describe('missing data', () => {
  const gaps = YEARS.flatMap((year) =>
    COMMUNES.flatMap((commune) => {
      const department = demoMissingDepartment(commune, year);
      return department === null ? [] : [{ commune: commune.code, year, department }];
    }),
  );

  it('leaves a small, non-zero number of commune-years with one department missing', () => {
    expect(gaps.length).toBeGreaterThanOrEqual(1);
    expect(gaps.length).toBeLessThanOrEqual(10);
    for (const gap of gaps) expect(DEPARTMENT_CODES).toContain(gap.department);
  });

  it('is the rule demoRows applies: exactly the missing department’s rows are left out, and reported', () => {
    for (const year of YEARS) {
      const indicators = indicatorsOf(setFor(year));
      const { rows, gaps: reported } = demoRows(COMMUNES, year, indicators);
      const expected = gaps.filter((g) => g.year === year);
      expect(reported).toEqual(expected);
      const owner = new Map(indicators.map((i) => [i.code, i.department]));
      const missingRows = expected.reduce(
        (n, g) => n + indicators.filter((i) => i.department === g.department).length,
        0,
      );
      expect(rows).toHaveLength(COMMUNES.length * indicators.length - missingRows);
      for (const gap of expected) {
        expect(rows.filter((r) => r.commune === gap.commune && owner.get(r.indicator) === gap.department)).toEqual([]);
        expect(rows.filter((r) => r.commune === gap.commune).length).toBeGreaterThan(0);
      }
    }
  });
});

describe('demoRows', () => {
  it('labels every row synthetic and carries the generated value', () => {
    const year = 2019;
    const indicators = indicatorsOf(QD06);
    const { rows } = demoRows(COMMUNES, year, indicators);
    for (const row of rows) {
      expect(row.sourceRef).toBe(DEMO_SOURCE_REF);
      expect(row.note).toBe(DEMO_NOTE);
    }
    expect(DEMO_SOURCE_REF).toBe('SYNTHETIC DEMO DATA — not official figures');
    expect(DEMO_NOTE).toMatch(/SYNTHETIC/);
    const first = rows[0];
    const commune = COMMUNES.find((c) => c.code === first?.commune);
    const ind = indicators.find((i) => i.code === first?.indicator);
    if (!first || !commune || !ind) throw new Error('no first row');
    const { kind: _kind, ...fields } = generateValue(commune, year, ind);
    expect(first).toEqual({
      commune: commune.code,
      indicator: ind.code,
      ...fields,
      note: DEMO_NOTE,
      sourceRef: DEMO_SOURCE_REF,
    });
  });

  it('gives the same rows on a second call (a second `npm run demo` changes nothing)', () => {
    for (const year of YEARS) {
      const indicators = indicatorsOf(setFor(year));
      expect(demoRows(COMMUNES, year, indicators)).toEqual(demoRows(COMMUNES, year, indicators));
    }
  });
});
