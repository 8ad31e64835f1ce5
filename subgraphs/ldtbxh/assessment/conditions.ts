/**
 * The recognition conditions of an assessment, three-valued: each is decided from the scored
 * points and the bounds of what is still missing, then worded by `messages.ts`.
 */
import { assertNever } from '../../../shared/assert-never';
import type { CriteriaSet, DisqualifierOp, DisqualifyingCondition } from '../../../shared/criteria/types';
import { conditionText } from './messages';
import type { BelowMaximum, ConditionFinding } from './messages';
import type {
  CategoryRecord,
  ConditionResult,
  CriterionResult,
  DisqualifyingIndicatorCondition,
  IndicatorResult,
  MissingGroup,
} from './model';

/** The points a criterion (or the whole assessment) has, and can still reach. */
export interface Bounds {
  /** Points of the scored indicators. */
  min: number;
  /** `min` plus the maximum of every unscored indicator. */
  max: number;
}

function disqualifierHolds(op: DisqualifierOp, actual: number, value: number): boolean {
  switch (op) {
    case '>':
      return actual > value;
    case '>=':
      return actual >= value;
    case '<':
      return actual < value;
    case '<=':
      return actual <= value;
    case '=':
      return actual === value;
    default:
      return assertNever(op, 'comparison');
  }
}

/** A condition's result before it is worded (each member of the union without its sentences). */
type Unworded<C> = C extends unknown ? Omit<C, 'message' | 'messageVi'> : never;

/** A condition's result: its code, verdict and figures, with the sentences of its finding. */
function worded<C extends ConditionResult = ConditionResult>(result: Unworded<C>, finding: ConditionFinding): C {
  const { message, messageVi } = conditionText(finding);
  return {
    code: result.code,
    met: result.met,
    message,
    messageVi,
    provisional: result.provisional,
    figures: result.figures,
  } as C;
}

function disqualifierCondition(
  condition: DisqualifyingCondition,
  indicators: ReadonlyMap<string, IndicatorResult>,
): DisqualifyingIndicatorCondition {
  const { indicator: code, when } = condition;
  const result = indicators.get(code);
  const provisional = condition.status === 'provisional';
  let actual: number | null = null;
  if (result?.state === 'SCORED') {
    if (result.kind === 'COUNT') actual = result.count;
    if (result.kind === 'BOOLEAN' && result.value !== null) actual = result.value ? 1 : 0;
  }
  const disqualified = actual !== null && disqualifierHolds(when.op, actual, when.value);
  return worded<DisqualifyingIndicatorCondition>(
    {
      code: 'DISQUALIFYING_INDICATOR',
      met: actual === null ? null : !disqualified,
      provisional,
      figures: { indicator: code, op: when.op, value: when.value, actual },
    },
    {
      code: 'DISQUALIFYING_INDICATOR',
      indicator: code,
      op: when.op,
      value: when.value,
      answer: result?.kind === 'BOOLEAN',
      actual,
      disqualified,
    },
  );
}

/** What the conditions are decided on. */
export interface ConditionFacts {
  set: CriteriaSet;
  category: CategoryRecord | null;
  criteria: readonly CriterionResult[];
  criterionBounds: ReadonlyMap<number, Bounds>;
  total: Bounds;
  indicators: ReadonlyMap<string, IndicatorResult>;
  missing: readonly MissingGroup[];
  expected: number;
}

/** Every recognition condition of the set, in the set's order of rules. */
export function evaluateConditions(facts: ConditionFacts): ConditionResult[] {
  const { set, category, criteria, criterionBounds, total, indicators, missing, expected } = facts;
  const conditions: ConditionResult[] = [];

  // DATA_COMPLETE
  const missingCodes = missing.flatMap((g) => g.indicators);
  const published = expected - missingCodes.length;
  const unavailableDepartments = missing.filter((g) => g.unavailable).map((g) => g.department);
  conditions.push(
    worded(
      {
        code: 'DATA_COMPLETE',
        met: missingCodes.length === 0,
        provisional: false,
        figures: { published, expected, missing: missingCodes, unavailableDepartments },
      },
      { code: 'DATA_COMPLETE', expected, published, missing: missingCodes.length === 0 ? [] : missing },
    ),
  );

  // CATEGORY_KNOWN
  conditions.push(
    worded(
      category === null
        ? { code: 'CATEGORY_KNOWN', met: false, provisional: false, figures: { category: null } }
        : {
            code: 'CATEGORY_KNOWN',
            met: true,
            provisional: category.provisional,
            figures: { category: category.category },
          },
      { code: 'CATEGORY_KNOWN', category },
    ),
  );

  // EVERY_CRITERION_MET
  const everyMet = set.recognition.everyCriterionMet;
  if (everyMet?.enabled === true) {
    const unmet = criteria.filter((c) => c.met === false);
    const undetermined = criteria.filter((c) => c.met === null).map((c) => c.number);
    const passMarksProvisional = set.criteria.some((c) => c.met?.status === 'provisional');
    const finding: ConditionFinding =
      unmet.length > 0
        ? { code: 'EVERY_CRITERION_MET', outcome: 'UNMET', count: criteria.length, unmet }
        : undetermined.length > 0
          ? { code: 'EVERY_CRITERION_MET', outcome: 'UNDETERMINED', undetermined }
          : { code: 'EVERY_CRITERION_MET', outcome: 'MET', count: criteria.length };
    conditions.push(
      worded(
        {
          code: 'EVERY_CRITERION_MET',
          met: unmet.length > 0 ? false : undetermined.length > 0 ? null : true,
          provisional: everyMet.status === 'provisional' || passMarksProvisional,
          figures: { unmet: unmet.map((c) => c.number), undetermined },
        },
        finding,
      ),
    );
  }

  // MINIMUM_TOTAL
  const complete = missingCodes.length === 0;
  if (category === null) {
    conditions.push(
      worded(
        {
          code: 'MINIMUM_TOTAL',
          met: null,
          provisional: Object.values(set.recognition.minimumTotal).some((m) => m.status === 'provisional'),
          figures: { total: total.min, maxPossibleTotal: total.max, required: null, category: null },
        },
        { code: 'MINIMUM_TOTAL', outcome: 'NO_CATEGORY', total: total.min },
      ),
    );
  } else {
    const minimum = set.recognition.minimumTotal[category.category];
    const required = minimum.points;
    const outcome = complete
      ? total.min >= required
        ? 'COMPLETE_MET'
        : 'COMPLETE_BELOW'
      : total.min >= required
        ? 'ALREADY_MET'
        : total.max < required
          ? 'CANNOT_REACH'
          : 'UNDETERMINED';
    const met =
      outcome === 'COMPLETE_MET' || outcome === 'ALREADY_MET' ? true : outcome === 'UNDETERMINED' ? null : false;
    conditions.push(
      worded(
        {
          code: 'MINIMUM_TOTAL',
          met,
          provisional: minimum.status === 'provisional',
          figures: { total: total.min, maxPossibleTotal: total.max, required, category: category.category },
        },
        {
          code: 'MINIMUM_TOTAL',
          outcome,
          total: total.min,
          maxPossible: total.max,
          required,
          category: category.category,
        },
      ),
    );
  }

  // NO_CRITERION_AT_ZERO
  const rule = set.recognition.noCriterionAtZero;
  if (rule.enabled) {
    const atZero: number[] = [];
    const undetermined: number[] = [];
    for (const c of criteria) {
      const b = criterionBounds.get(c.number);
      if (b === undefined) continue;
      if (b.max === 0) atZero.push(c.number);
      else if (b.min === 0) undetermined.push(c.number);
    }
    const outcome = atZero.length > 0 ? 'AT_ZERO' : undetermined.length > 0 ? 'UNDETERMINED' : 'MET';
    conditions.push(
      worded(
        {
          code: 'NO_CRITERION_AT_ZERO',
          met: outcome === 'AT_ZERO' ? false : outcome === 'UNDETERMINED' ? null : true,
          provisional: rule.status === 'provisional',
          figures: { criteria: atZero, undetermined },
        },
        { code: 'NO_CRITERION_AT_ZERO', outcome, criteria: outcome === 'AT_ZERO' ? atZero : undetermined },
      ),
    );
  }

  // CRITERIA_AT_MAXIMUM
  const atMaximum = set.recognition.criteriaAtMaximum;
  if (atMaximum.criteria.length > 0) {
    const below: BelowMaximum[] = [];
    const undetermined: number[] = [];
    for (const number of atMaximum.criteria) {
      const c = criteria.find((x) => x.number === number);
      const b = criterionBounds.get(number);
      if (c === undefined || b === undefined) continue;
      if (b.max < c.maxPoints)
        below.push({ number, complete: c.complete, min: b.min, max: b.max, maxPoints: c.maxPoints });
      else if (b.min < c.maxPoints) undetermined.push(number);
    }
    const finding: ConditionFinding =
      below.length > 0
        ? { code: 'CRITERIA_AT_MAXIMUM', outcome: 'BELOW', below }
        : undetermined.length > 0
          ? { code: 'CRITERIA_AT_MAXIMUM', outcome: 'UNDETERMINED', criteria: undetermined }
          : { code: 'CRITERIA_AT_MAXIMUM', outcome: 'MET', criteria: atMaximum.criteria };
    conditions.push(
      worded(
        {
          code: 'CRITERIA_AT_MAXIMUM',
          met: below.length > 0 ? false : undetermined.length > 0 ? null : true,
          provisional: atMaximum.status === 'provisional',
          figures: { criteria: [...atMaximum.criteria], below: below.map((b) => b.number), undetermined },
        },
        finding,
      ),
    );
  }

  // DISQUALIFYING_INDICATOR
  for (const condition of set.recognition.disqualifyingIndicators) {
    conditions.push(disqualifierCondition(condition, indicators));
  }
  return conditions;
}
