/**
 * The assessment engine: one commune, one year, one criteria set → points, recognition
 * conditions, what is missing and what would improve the result.
 *
 * Pure: no I/O, no GraphQL, no clock. Every indicator is scored by `scoreIndicator` (exact band
 * arithmetic on BigInt); the only new arithmetic here is the inverse question "which raw value
 * reaches the next band", and each answer is checked against the same comparison functions.
 *
 * Missing is never zero: an indicator without a usable published value is not scored (its
 * `points` is `null`), the assessment is `INCOMPLETE`, and a recognition condition that depends
 * on it is `met: null` unless the published values already decide it either way.
 */
import { assertNever } from '../../../shared/assert-never';
import { compareIndicatorCodes } from '../codes';
import { scoreIndicator, validateInput } from '../../../shared/criteria/scoring';
import type { IndicatorInput } from '../../../shared/criteria/scoring';
import { DEPARTMENT_CODES } from '../../../shared/criteria/types';
import type { CriteriaSet, Criterion, DepartmentCode, Indicator } from '../../../shared/criteria/types';
import { evaluateConditions } from './conditions';
import type { Bounds } from './conditions';
import { explainVi } from './explain';
import { gapOf } from './gaps';
import type {
  Assessment,
  AssessmentInput,
  CriterionMetRule,
  RejectionReason,
  ThresholdResult,
  CriterionResult,
  Gap,
  IndicatorResult,
  MissingGroup,
  PublishedValue,
  RawValues,
  RejectedValue,
} from './model';
import { label, scoredProvenance } from './provenance';
import { indicatorsByCode } from './set-index';
import type { Located } from './set-index';

/** The typed input of a value that `validateInput` accepted; `null` if it does not fit. */
function inputOf(indicator: Indicator, value: RawValues): IndicatorInput | null {
  switch (indicator.kind) {
    case 'RATE':
      return value.numerator === null || value.denominator === null
        ? null
        : { kind: 'RATE', numerator: value.numerator, denominator: value.denominator };
    case 'COUNT':
      return value.count === null ? null : { kind: 'COUNT', count: value.count };
    case 'BOOLEAN':
      return value.value === null ? null : { kind: 'BOOLEAN', value: value.value };
    case 'GRADED':
      return value.grade === null ? null : { kind: 'GRADED', grade: value.grade };
    default:
      return assertNever(indicator, 'indicator kind');
  }
}

interface Usable {
  value: PublishedValue;
  input: IndicatorInput;
  order: number;
}

/** Later revision first, then later publication, then later in the input. */
function newer(a: Usable, b: Usable): boolean {
  if (a.value.revision !== b.value.revision) return a.value.revision > b.value.revision;
  if (a.value.publishedAt !== b.value.publishedAt) return a.value.publishedAt > b.value.publishedAt;
  return a.order > b.order;
}

interface Selection {
  chosen: Map<string, Usable>;
  ignored: string[];
  rejected: RejectedValue[];
}

function selectValues(set: CriteriaSet, located: Map<string, Located>, values: readonly PublishedValue[]): Selection {
  const ignored = new Set<string>();
  const rejected: { entry: RejectedValue; order: number }[] = [];
  const usable = new Map<string, Usable[]>();
  values.forEach((value, order) => {
    const found = located.get(value.indicator);
    if (found === undefined) {
      ignored.add(value.indicator);
      return;
    }
    const { indicator } = found;
    const reject = (reason: RejectionReason, message: string) =>
      rejected.push({
        entry: { indicator: indicator.code, department: value.department, revision: value.revision, reason, message },
        order,
      });
    if (value.department !== indicator.department) {
      reject(
        'WRONG_DEPARTMENT',
        `indicator ${indicator.code} is published by ${indicator.department} in ${set.id} version ${set.version}, ` +
          `not ${value.department}`,
      );
      return;
    }
    const problems = validateInput(indicator, value);
    const input = problems.length === 0 ? inputOf(indicator, value) : null;
    if (input === null) {
      reject(
        'INVALID_VALUE',
        `value of indicator ${indicator.code} (revision ${value.revision}) does not fit ${set.id} version ` +
          `${set.version}: ${problems.map((p) => p.message).join('; ')}`,
      );
      return;
    }
    const candidates = usable.get(indicator.code) ?? [];
    candidates.push({ value, input, order });
    usable.set(indicator.code, candidates);
  });
  const chosen = new Map<string, Usable>();
  for (const [code, candidates] of usable) {
    let best: Usable | undefined;
    for (const candidate of candidates) if (best === undefined || newer(candidate, best)) best = candidate;
    if (best === undefined) continue;
    chosen.set(code, best);
    for (const other of candidates) {
      if (other === best) continue;
      rejected.push({
        entry: {
          indicator: code,
          department: other.value.department,
          revision: other.value.revision,
          reason: 'SUPERSEDED',
          message: `value of indicator ${code} revision ${other.value.revision} is superseded by revision ${best.value.revision}`,
        },
        order: other.order,
      });
    }
  }
  const position = new Map([...located.keys()].map((code, index) => [code, index]));
  rejected.sort(
    (a, b) => (position.get(a.entry.indicator) ?? 0) - (position.get(b.entry.indicator) ?? 0) || a.order - b.order,
  );
  return {
    chosen,
    ignored: [...ignored].sort(compareIndicatorCodes),
    rejected: rejected.map((r) => r.entry),
  };
}

/**
 * Whether one scored indicator "reaches a band" (rule `EVERY_INDICATOR_IN_BAND`): a RATE or COUNT
 * scored by a band or the no-denominator rule, not `otherwise`; a BOOLEAN given its better
 * answer; a GRADED item given a grade above its lowest.
 */
function reachesBand(indicator: Indicator, result: IndicatorResult): boolean {
  switch (indicator.kind) {
    case 'RATE':
    case 'COUNT':
      return result.rule === 'BAND' || result.rule === 'NO_DENOMINATOR';
    case 'BOOLEAN':
      return result.points === Math.max(indicator.pointsIfYes, indicator.pointsIfNo);
    case 'GRADED':
      return result.points !== null && result.points > Math.min(...indicator.grades.map((g) => g.points));
  }
}

/** A criterion's `met` by its rule, three-valued like the conditions; `null` without a rule. */
function criterionMet(criterion: Criterion, results: readonly IndicatorResult[], bounds: Bounds): boolean | null {
  const rule = criterion.met;
  if (rule === undefined) return null;
  switch (rule.rule) {
    case 'MIN_POINTS':
      if (bounds.min >= rule.points) return true;
      return bounds.max < rule.points ? false : null;
    case 'EVERY_INDICATOR_IN_BAND': {
      let open = false;
      for (const [index, indicator] of criterion.indicators.entries()) {
        const result = results[index];
        if (result === undefined || result.state !== 'SCORED') open = true;
        else if (!reachesBand(indicator, result)) return false;
      }
      return open ? null : true;
    }
  }
}

function metRuleOf(criterion: Criterion): CriterionMetRule | null {
  const rule = criterion.met;
  if (rule === undefined) return null;
  return { rule: rule.rule, points: rule.rule === 'MIN_POINTS' ? rule.points : null, provenance: label(rule.status) };
}

/**
 * Assesses one commune for one year against one criteria set. Pure and deterministic: the
 * order of `values` does not matter.
 *
 * For each indicator, the usable value is the one published by the indicator's own department
 * that `validateInput` accepts for this version of the set; among several, the highest
 * revision (then the latest `publishedAt`) wins. Such a value is scored with `scoreIndicator`
 * (`SCORED`); without one the indicator is `UNAVAILABLE` when its department is in
 * `unavailableDepartments`, else `MISSING` — in both cases with `points: null`.
 *
 * Conditions are three-valued. Because points are never negative, published values can
 * already decide a condition: a total of scored points at or above the minimum meets
 * MINIMUM_TOTAL, one that stays below it even with full points on every unscored indicator
 * fails it, and a criterion that is 0 whatever the missing data fails NO_CRITERION_AT_ZERO;
 * otherwise an undecidable condition is `met: null`. `eligible` needs COMPLETE and every
 * condition `true`.
 *
 * Never throws for data: unusable values are listed in `rejectedValues`, unknown codes in
 * `ignoredValues`. Throws only for a set that `parseCriteriaSet` would reject.
 */
export function assess(input: AssessmentInput): Assessment {
  const { set, category } = input;
  const details = input.details ?? true;
  const located = indicatorsByCode(set);
  const { chosen, ignored, rejected } = selectValues(set, located, input.values);
  const unavailable = new Set(input.unavailableDepartments);

  const indicatorResults = new Map<string, IndicatorResult>();
  const criterionBounds = new Map<number, Bounds>();
  const gaps: Gap[] = [];
  const missingByDepartment = new Map<DepartmentCode, string[]>();

  const criteria: CriterionResult[] = set.criteria.map((criterion) => {
    const bounds: Bounds = { min: 0, max: 0 };
    let scoredCount = 0;
    const indicators = criterion.indicators.map((indicator): IndicatorResult => {
      // Every result is built as one literal of one shape: object spreads in this loop made V8
      // build slow dictionary objects and cost most of the assessment's time.
      const usable = chosen.get(indicator.code);
      let result: IndicatorResult;
      if (usable === undefined) {
        bounds.max += indicator.maxPoints;
        const codes = missingByDepartment.get(indicator.department) ?? [];
        codes.push(indicator.code);
        missingByDepartment.set(indicator.department, codes);
        result = {
          code: indicator.code,
          concept: indicator.concept ?? null,
          title: indicator.title,
          department: indicator.department,
          kind: indicator.kind,
          state: unavailable.has(indicator.department) ? 'UNAVAILABLE' : 'MISSING',
          numerator: null,
          denominator: null,
          count: null,
          value: null,
          grade: null,
          rate: null,
          band: null,
          rule: null,
          points: null,
          maxPoints: indicator.maxPoints,
          provenance: label(indicator.status),
          source: null,
        };
      } else {
        const score = scoreIndicator(indicator, usable.input);
        bounds.min += score.points;
        bounds.max += score.points;
        scoredCount += 1;
        const { value } = usable;
        const kind = indicator.kind;
        result = {
          code: indicator.code,
          concept: indicator.concept ?? null,
          title: indicator.title,
          department: indicator.department,
          kind,
          state: 'SCORED',
          numerator: kind === 'RATE' ? value.numerator : null,
          denominator: kind === 'RATE' ? value.denominator : null,
          count: kind === 'COUNT' ? value.count : null,
          value: kind === 'BOOLEAN' ? value.value : null,
          grade: kind === 'GRADED' ? value.grade : null,
          rate: score.rate === null ? null : score.rate.percent,
          band: score.band,
          rule: score.rule,
          points: score.points,
          maxPoints: indicator.maxPoints,
          provenance: scoredProvenance(indicator, score.band),
          source: {
            department: value.department,
            publishedBy: value.publishedBy,
            publishedAt: value.publishedAt,
            revision: value.revision,
          },
        };
        if (details) {
          const gap = gapOf({ criterion, indicator, input: usable.input, score });
          if (gap !== null) gaps.push(gap);
        }
      }
      indicatorResults.set(indicator.code, result);
      return result;
    });
    criterionBounds.set(criterion.number, bounds);
    return {
      number: criterion.number,
      title: criterion.title,
      department: criterion.department,
      points: scoredCount === 0 ? null : bounds.min,
      maxPoints: criterion.maxPoints,
      maxPossiblePoints: bounds.max,
      complete: scoredCount === criterion.indicators.length,
      met: criterionMet(criterion, indicators, bounds),
      metRule: metRuleOf(criterion),
      provenance: label(criterion.status),
      indicators,
    };
  });

  const total: Bounds = { min: 0, max: 0 };
  for (const b of criterionBounds.values()) {
    total.min += b.min;
    total.max += b.max;
  }
  const missing: MissingGroup[] = DEPARTMENT_CODES.flatMap((department) => {
    const codes = missingByDepartment.get(department);
    return codes === undefined ? [] : [{ department, indicators: codes, unavailable: unavailable.has(department) }];
  });
  const status = missing.length === 0 ? 'COMPLETE' : 'INCOMPLETE';
  const conditions = evaluateConditions({
    set,
    category,
    criteria,
    criterionBounds,
    total,
    indicators: indicatorResults,
    missing,
    expected: located.size,
  });
  const threshold: ThresholdResult | null =
    category === null
      ? null
      : {
          category: category.category,
          points: set.recognition.minimumTotal[category.category].points,
          provisional: set.recognition.minimumTotal[category.category].status === 'provisional',
          categoryProvisional: category.provisional,
        };
  const facts: Omit<Assessment, 'explanation'> = {
    criteriaSet: { id: set.id, version: set.version, provisional: set.provisional, document: set.legalBasis.document },
    criteria,
    total: total.min,
    totalProvisional: status === 'INCOMPLETE',
    maxTotal: set.maxTotal,
    maxPossibleTotal: total.max,
    threshold,
    status,
    missing,
    eligible: status === 'COMPLETE' && conditions.every((c) => c.met === true),
    conditions,
    gaps,
    ignoredValues: ignored,
    rejectedValues: rejected,
  };
  const explanation = details ? explainVi(facts, input.context ?? null) : '';
  return {
    criteriaSet: facts.criteriaSet,
    criteria: facts.criteria,
    total: facts.total,
    totalProvisional: facts.totalProvisional,
    maxTotal: facts.maxTotal,
    maxPossibleTotal: facts.maxPossibleTotal,
    threshold: facts.threshold,
    status: facts.status,
    missing: facts.missing,
    eligible: facts.eligible,
    conditions: facts.conditions,
    gaps: facts.gaps,
    ignoredValues: facts.ignoredValues,
    rejectedValues: facts.rejectedValues,
    explanation,
  };
}
