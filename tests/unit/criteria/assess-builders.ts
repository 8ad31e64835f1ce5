/** Builders shared by the assessment tests: shipped sets, published values, inputs. */
import { assertNever } from '../../../shared/assert-never';
import { join } from 'node:path';

import { loadCriteriaSetFileSync, parseCriteriaSet } from '../../../shared/criteria/validate';
import type { AssessmentInput, PublishedValue, RawValues } from '../../../subgraphs/ldtbxh/assessment/model';
import type { CriteriaSet, Indicator, Recognition } from '../../../shared/criteria/types';

const DIR = join(__dirname, '../../../criteria-sets');
export const qd06 = loadCriteriaSetFileSync(join(DIR, 'qd06-2019.v1.json'));
export const qd34 = loadCriteriaSetFileSync(join(DIR, 'qd34-2014.v1.json'));

export function indicatorsOf(set: CriteriaSet): Indicator[] {
  return set.criteria.flatMap((c) => c.indicators);
}

export function indicatorOf(set: CriteriaSet, code: string): Indicator {
  const found = indicatorsOf(set).find((i) => i.code === code);
  if (found === undefined) throw new Error(`no indicator ${code} in ${set.id}`);
  return found;
}

const EMPTY: RawValues = { numerator: null, denominator: null, count: null, value: null, grade: null };

/** A value as the owning department published it (revision 1 unless overridden). */
export function published(
  set: CriteriaSet,
  code: string,
  raw: Partial<RawValues>,
  extra: Partial<PublishedValue> = {},
): PublishedValue {
  const indicator = indicatorOf(set, code);
  return {
    indicator: code,
    department: indicator.department,
    kind: indicator.kind,
    ...EMPTY,
    ...raw,
    publishedBy: `officer@${indicator.department.toLowerCase()}`,
    publishedAt: '2020-11-20T08:00:00.000Z',
    revision: 1,
    ...extra,
  };
}

/** Raw inputs that give an indicator its maximum. */
export function fullMarks(indicator: Indicator): Partial<RawValues> {
  switch (indicator.kind) {
    case 'RATE':
      return indicator.direction === 'HIGHER_IS_BETTER'
        ? { numerator: 100, denominator: 100 }
        : { numerator: 0, denominator: 100 };
    case 'COUNT':
      return { count: 0 };
    case 'BOOLEAN':
      return { value: indicator.pointsIfYes >= indicator.pointsIfNo };
    case 'GRADED': {
      const best = [...indicator.grades].sort((a, b) => b.points - a.points)[0];
      if (best === undefined) throw new Error('no grade');
      return { grade: best.grade };
    }
    default:
      return assertNever(indicator, 'indicator kind');
  }
}

/** Every indicator published at full points. */
export function fullValues(set: CriteriaSet): PublishedValue[] {
  return indicatorsOf(set).map((i) => published(set, i.code, fullMarks(i)));
}

/** `values` with the value of `code` replaced by `raw` (or removed when `raw` is null). */
export function withValue(
  set: CriteriaSet,
  values: readonly PublishedValue[],
  code: string,
  raw: Partial<RawValues> | null,
): PublishedValue[] {
  const rest = values.filter((v) => v.indicator !== code);
  return raw === null ? rest : [...rest, published(set, code, raw)];
}

/** Applies several replacements, `{ code: raw | null }`. */
export function withValues(
  set: CriteriaSet,
  values: readonly PublishedValue[],
  changes: Record<string, Partial<RawValues> | null>,
): PublishedValue[] {
  return Object.entries(changes).reduce<PublishedValue[]>(
    (acc, [code, raw]) => withValue(set, acc, code, raw),
    [...values],
  );
}

export function input(set: CriteriaSet, overrides: Partial<AssessmentInput> = {}): AssessmentInput {
  return {
    set,
    category: { category: 'OTHER', provisional: false },
    values: fullValues(set),
    unavailableDepartments: [],
    context: { communeName: 'xã Phước Hà', year: 2020 },
    ...overrides,
  };
}

/** QĐ 06 with other recognition rules, validated like any loaded set. */
export function qd06With(recognition: Partial<Recognition>): CriteriaSet {
  const raw = JSON.parse(JSON.stringify(qd06)) as CriteriaSet;
  return parseCriteriaSet({ ...raw, recognition: { ...raw.recognition, ...recognition } });
}
