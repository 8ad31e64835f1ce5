/**
 * The engine alone: microseconds per full commune-year assessment (`assess()` with explanation,
 * gaps and messages), over synthetic but realistic commune-years of the shipped QĐ 06 set (the
 * demo generator's values, a share of them missing).
 */
import { assess } from '../../subgraphs/ldtbxh/assessment/assess';
import type { PublishedValue } from '../../subgraphs/ldtbxh/assessment/model';
import type { CriteriaSet, Indicator } from '../../shared/criteria/types';
import { loadCriteriaSetFileSync } from '../../shared/criteria/validate';
import { projectPath } from '../../shared/paths';
import { demoRandom, generateValue, type DemoIndicator } from '../demo-model';

export function demoIndicator(indicator: Indicator): DemoIndicator {
  return {
    code: indicator.code,
    kind: indicator.kind,
    department: indicator.department,
    maxPoints: indicator.maxPoints,
    direction: indicator.kind === 'RATE' ? indicator.direction : null,
    bands: indicator.kind === 'RATE' || indicator.kind === 'COUNT' ? indicator.bands : [],
    otherwise: indicator.kind === 'RATE' || indicator.kind === 'COUNT' ? indicator.otherwise : null,
    grades: indicator.kind === 'GRADED' ? indicator.grades : [],
    pointsIfYes: indicator.kind === 'BOOLEAN' ? indicator.pointsIfYes : null,
    pointsIfNo: indicator.kind === 'BOOLEAN' ? indicator.pointsIfNo : null,
    denominatorLabel: indicator.kind === 'RATE' ? indicator.denominator : null,
  };
}

/** `count` synthetic commune-years of `set`: every indicator valued, about 3 % missing. */
export function syntheticCommuneYears(set: CriteriaSet, count: number): PublishedValue[][] {
  const indicators = set.criteria.flatMap((c) => c.indicators);
  return Array.from({ length: count }, (_, i) => {
    const commune = { code: String(10000 + i), districtCode: '584', category: 'OTHER' as const };
    const random = demoRandom('bench', i);
    return indicators.flatMap((indicator): PublishedValue[] => {
      if (random() < 0.03) return [];
      const input = generateValue(commune, 2020, demoIndicator(indicator));
      const raw = { numerator: null, denominator: null, count: null, value: null, grade: null };
      const fields =
        input.kind === 'RATE'
          ? { ...raw, numerator: input.numerator, denominator: input.denominator }
          : input.kind === 'COUNT'
            ? { ...raw, count: input.count }
            : input.kind === 'BOOLEAN'
              ? { ...raw, value: input.value }
              : { ...raw, grade: input.grade };
      return [
        {
          indicator: indicator.code,
          department: indicator.department,
          kind: indicator.kind,
          ...fields,
          publishedBy: 'bench',
          publishedAt: '2020-06-01T00:00:00.000Z',
          revision: 1,
        },
      ];
    });
  });
}

/** Median microseconds per full assessment over `rounds` rounds of `perRound` commune-years. */
export function benchEngine(options: { perRound?: number; rounds?: number } = {}): {
  microsecondsPerAssessment: number;
  assessments: number;
} {
  const set = loadCriteriaSetFileSync(projectPath('criteria-sets', 'qd06-2019.v2.json'));
  const perRound = options.perRound ?? 2000;
  const rounds = options.rounds ?? 7;
  const communeYears = syntheticCommuneYears(set, perRound);
  const run = () => {
    for (const [i, values] of communeYears.entries()) {
      assess({
        set,
        category: { category: i % 3 === 0 ? 'MOUNTAIN_ISLAND_DISADVANTAGED' : 'OTHER', provisional: false },
        values,
        unavailableDepartments: [],
        context: { communeName: `xã ${i}`, year: 2020 },
      });
    }
  };
  run(); // warm-up
  const samples: number[] = [];
  for (let r = 0; r < rounds; r += 1) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / 1000 / perRound);
  }
  samples.sort((a, b) => a - b);
  return { microsecondsPerAssessment: samples[Math.floor(samples.length / 2)] ?? 0, assessments: perRound * rounds };
}
