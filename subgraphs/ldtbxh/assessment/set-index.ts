/**
 * What is computed once per criteria set and kept beside it (sets are immutable once parsed).
 */
import type { CriteriaSet, Criterion, Indicator } from '../../../shared/criteria/types';

export interface Located {
  criterion: Criterion;
  indicator: Indicator;
}

/** What is computed once per criteria set (sets are immutable once parsed). */
const locatedBySet = new WeakMap<CriteriaSet, Map<string, Located>>();

export function indicatorsByCode(set: CriteriaSet): Map<string, Located> {
  const known = locatedBySet.get(set);
  if (known) return known;
  const map = new Map<string, Located>();
  for (const criterion of set.criteria) {
    for (const indicator of criterion.indicators) map.set(indicator.code, { criterion, indicator });
  }
  locatedBySet.set(set, map);
  return map;
}
