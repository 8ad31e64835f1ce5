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
import { CATEGORY_NAMES_VI, departmentNameVi, explainVi } from './explain';
import type { ExplainContext } from './explain';
import {
  bandOpHolds,
  compareCountToThreshold,
  compareRateToThreshold,
  formatPercent,
  parseDecimal,
  scoreIndicator,
  validateInput,
} from '../../../shared/criteria/scoring';
import type { IndicatorInput, IndicatorScore, InputField, InputProblem, InputProblemCode, ScoreRule } from '../../../shared/criteria/scoring';
import { DEPARTMENT_CODES } from '../../../shared/criteria/types';
import type {
  Band,
  BandOp,
  CommuneCategory,
  CriteriaSet,
  Criterion,
  DepartmentCode,
  DisqualifierOp,
  DisqualifyingCondition,
  Indicator,
  IndicatorKind,
  Provenance,
} from '../../../shared/criteria/types';
import { compareIndicatorCodes } from '../codes';

// ---------------------------------------------------------------------------------------------
// Input

/** One value a department published for one indicator of a commune and year. */
export interface PublishedValue {
  /** Indicator code in the set, e.g. `"7.1"`. */
  indicator: string;
  /** The department that published it. */
  department: DepartmentCode;
  kind: IndicatorKind;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
  publishedBy: string;
  /** ISO 8601 timestamp; `''` for a what-if value. */
  publishedAt: string;
  /** 1, 2, … for stored values; 0 for a what-if value. */
  revision: number;
}

/** A commune's category for the year, as the province recorded it. */
export interface CategoryRecord {
  category: CommuneCategory;
  /** True when the province marked the classification itself as provisional. */
  provisional: boolean;
}

/** Everything {@link assess} needs; nothing else is read. */
export interface AssessmentInput {
  /** A set validated by `parseCriteriaSet`. */
  set: CriteriaSet;
  /** `null` when no category is recorded for the year. */
  category: CategoryRecord | null;
  /**
   * The values published for this set, commune and year, by any department. Values of codes
   * that are not indicators of the set are listed in `ignoredValues`; values that cannot be
   * used (wrong department, invalid for this version of the set, superseded) in
   * `rejectedValues`.
   */
  values: readonly PublishedValue[];
  /**
   * Departments whose service could not answer: their indicators without a value are
   * `UNAVAILABLE` rather than `MISSING`. A value that is nevertheless present (e.g. a what-if
   * override) is used.
   */
  unavailableDepartments: readonly DepartmentCode[];
  /**
   * Commune name and year, for the Vietnamese explanation only. Without it the explanation
   * opens with "Kết quả đánh giá" instead of the year and the commune.
   */
  context?: ExplainContext | null;
  /**
   * False to leave out what only a reader of the details needs — the gaps and the Vietnamese
   * explanation (`gaps: []`, `explanation: ''`) — when only totals, status and eligibility are
   * wanted (a board's stored summaries). Default true.
   */
  details?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Output (JSON-shaped: no Map, no undefined)

/** Provenance of a number as shown to people: read in a legal text, or best knowledge. */
export type ProvenanceLabel = 'CONFIRMED' | 'PROVISIONAL';

/**
 * `SCORED`: a usable value was published; `MISSING`: nothing usable was published;
 * `UNAVAILABLE`: nothing usable is known because the owning department's service did not answer.
 */
export type IndicatorState = 'SCORED' | 'MISSING' | 'UNAVAILABLE';

/** The raw inputs of an indicator; a field that does not apply to the kind is `null`. */
export interface RawValues {
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
}

/** Who published the value that was scored. */
export interface ValueSource {
  department: DepartmentCode;
  publishedBy: string;
  publishedAt: string;
  revision: number;
}

/** A band of an indicator: its position in `bands`, comparison and threshold (decimal string). */
export interface BandRef {
  index: number;
  op: BandOp;
  threshold: string;
}

/** One indicator of the assessment. Raw inputs are flat (`numerator` … `grade`). */
export interface IndicatorResult extends RawValues {
  code: string;
  /** What it measures across sets (e.g. `immunisation.under-1.full`), or `null`. */
  concept: string | null;
  title: string;
  department: DepartmentCode;
  kind: IndicatorKind;
  state: IndicatorState;
  /** `formatPercent` of a RATE with a positive denominator (display only), else `null`. */
  rate: string | null;
  /** The band the value fell in, or `null` (not scored, otherwise, no denominator, yes/no, grade). */
  band: BandRef | null;
  /** How the points were reached; `null` when not scored. */
  rule: ScoreRule | null;
  /** `null` when not scored — never 0 for missing data. */
  points: number | null;
  maxPoints: number;
  /**
   * Provenance of `points` (of `maxPoints` when not scored): `CONFIRMED` when the indicator is
   * confirmed, or when it was scored by a band that is confirmed together with every band above
   * it (so both "this band holds" and "no better band holds" are law).
   */
  provenance: ProvenanceLabel;
  /** The published value that was scored, or `null`. */
  source: ValueSource | null;
}

/** A criterion's own rule for "met", as the set states it. */
export interface CriterionMetRule {
  rule: 'MIN_POINTS' | 'EVERY_INDICATOR_IN_BAND';
  /** The pass mark of `MIN_POINTS`, else `null`. */
  points: number | null;
  provenance: ProvenanceLabel;
}

/** One criterion of the assessment. */
export interface CriterionResult {
  number: number;
  title: string;
  department: DepartmentCode;
  /**
   * Sum of its scored indicators; `null` when none is scored (no data: never 0). While the
   * criterion is incomplete (`complete: false`) it is the points so far, and `maxPossiblePoints`
   * the most it can still reach.
   */
  points: number | null;
  maxPoints: number;
  /** `points` (0 when null) plus the maximum of every unscored indicator. */
  maxPossiblePoints: number;
  /** True only when every indicator is scored. */
  complete: boolean;
  /**
   * Whether the criterion is met by its set's rule (`metRule`): `true`, `false`, or `null` when
   * missing data leaves it open — or when the set says nothing of "met" (`metRule: null`).
   */
  met: boolean | null;
  metRule: CriterionMetRule | null;
  /** Provenance of the criterion's subject and `maxPoints`. */
  provenance: ProvenanceLabel;
  indicators: IndicatorResult[];
}

/** The minimum total that applies to the commune. */
export interface ThresholdResult {
  category: CommuneCategory;
  points: number;
  /** True when the set marks this minimum as provisional. */
  provisional: boolean;
  /** True when the commune's classification for the year is provisional. */
  categoryProvisional: boolean;
}

/** The unscored indicators of one department. */
export interface MissingGroup {
  department: DepartmentCode;
  /** Indicator codes, in set order. */
  indicators: string[];
  /** True when the department's service did not answer. */
  unavailable: boolean;
}

/** Codes of recognition conditions, in the order they are listed. */
export type ConditionCode =
  | 'DATA_COMPLETE'
  | 'CATEGORY_KNOWN'
  | 'EVERY_CRITERION_MET'
  | 'MINIMUM_TOTAL'
  | 'NO_CRITERION_AT_ZERO'
  | 'CRITERIA_AT_MAXIMUM'
  | 'DISQUALIFYING_INDICATOR';

/** Fields every condition has ({@link ConditionResult}). */
export interface ConditionBase {
  /** `true` met, `false` not met, `null` cannot be decided until missing data is published. */
  met: boolean | null;
  /** English, with the figures. */
  message: string;
  /** Vietnamese, with the figures (a clause: lower-case start, no final full stop). */
  messageVi: string;
  /** Whether the rule's number (or, for CATEGORY_KNOWN, the commune's classification) is provisional. */
  provisional: boolean;
}

/** Every indicator has a usable value. */
export interface DataCompleteCondition extends ConditionBase {
  code: 'DATA_COMPLETE';
  figures: { published: number; expected: number; missing: string[]; unavailableDepartments: DepartmentCode[] };
}

/** A category is recorded for the year (it selects the minimum total). */
export interface CategoryKnownCondition extends ConditionBase {
  code: 'CATEGORY_KNOWN';
  figures: { category: CommuneCategory | null };
}

/** Every criterion is met by its own rule (only when the set requires it). */
export interface EveryCriterionMetCondition extends ConditionBase {
  code: 'EVERY_CRITERION_MET';
  /** `unmet`: criteria that cannot be met whatever the missing data; `undetermined`: not yet known. */
  figures: { unmet: number[]; undetermined: number[] };
}

/** The total reaches the minimum of the commune's category. */
export interface MinimumTotalCondition extends ConditionBase {
  code: 'MINIMUM_TOTAL';
  /** `maxPossibleTotal`: the total if every unscored indicator got its maximum. */
  figures: { total: number; maxPossibleTotal: number; required: number | null; category: CommuneCategory | null };
}

/** No criterion scored 0 (only when the set enables the rule). */
export interface NoCriterionAtZeroCondition extends ConditionBase {
  code: 'NO_CRITERION_AT_ZERO';
  /** `criteria`: criteria that score 0 whatever the missing data; `undetermined`: incomplete criteria with no points yet. */
  figures: { criteria: number[]; undetermined: number[] };
}

/** The listed criteria reach their maximum (only when the set lists any). */
export interface CriteriaAtMaximumCondition extends ConditionBase {
  code: 'CRITERIA_AT_MAXIMUM';
  /** `criteria`: the listed ones; `below`: those that cannot reach it; `undetermined`: not yet known. */
  figures: { criteria: number[]; below: number[]; undetermined: number[] };
}

/** A disqualifying event did not happen (one condition per event of the set). */
export interface DisqualifyingIndicatorCondition extends ConditionBase {
  code: 'DISQUALIFYING_INDICATOR';
  /** `actual`: the count, or 1 / 0 for yes / no; `null` when not scored. */
  figures: { indicator: string; op: DisqualifierOp; value: number; actual: number | null };
}

/** One recognition condition; `figures` depends on `code`. */
export type ConditionResult =
  | DataCompleteCondition
  | CategoryKnownCondition
  | EveryCriterionMetCondition
  | MinimumTotalCondition
  | NoCriterionAtZeroCondition
  | CriteriaAtMaximumCondition
  | DisqualifyingIndicatorCondition;

/**
 * How a scored indicator below its maximum could earn more: the nearest better outcome and the
 * raw value that reaches it.
 */
export interface Gap {
  criterion: number;
  indicator: string;
  kind: IndicatorKind;
  currentPoints: number;
  /** Points `needed` earns (scored, not assumed); when unreachable, the target band's points. */
  nextPoints: number;
  /** `nextPoints − currentPoints`. */
  gain: number;
  /** RATE / COUNT: the band `needed` falls in (or the unreachable target band); else `null`. */
  band: BandRef | null;
  /**
   * The raw value that reaches `nextPoints`, `null` when unreachable. RATE: the denominator is
   * kept and the numerator is the smallest (higher is better) or largest (lower is better) that
   * reaches the band; COUNT: the largest count; BOOLEAN: the other answer; GRADED: the grade
   * with the fewest points above the current ones.
   */
  needed: RawValues | null;
  /** RATE / COUNT: `needed − current` (numerator or count; negative = fewer); else `null`. */
  change: number | null;
  reachable: boolean;
  /** Provenance of `nextPoints`, as for {@link IndicatorResult.provenance}. */
  provenance: ProvenanceLabel;
  message: string;
  messageVi: string;
}

/** Why a published value of an indicator of the set was not used. */
export type RejectionReason = 'WRONG_DEPARTMENT' | 'INVALID_VALUE' | 'SUPERSEDED';

/** A published value of an indicator of the set that was not used. */
export interface RejectedValue {
  indicator: string;
  department: DepartmentCode;
  revision: number;
  reason: RejectionReason;
  message: string;
}

/** The result of {@link assess}. JSON-shaped: it is exposed 1:1 in the graph. */
export interface Assessment {
  /** `document`: the decision the set transcribes, as printed (`06/QĐ-TTg`). */
  criteriaSet: { id: string; version: number; provisional: boolean; document: string };
  criteria: CriterionResult[];
  /** Sum of the scored points: while INCOMPLETE, the points so far (`totalProvisional`). */
  total: number;
  /** True while the assessment is INCOMPLETE: `total` may still grow, up to `maxPossibleTotal`. */
  totalProvisional: boolean;
  maxTotal: number;
  /** `total` plus the maximum of every unscored indicator: the best total still possible. */
  maxPossibleTotal: number;
  /** `null` when the category is unknown. */
  threshold: ThresholdResult | null;
  status: 'COMPLETE' | 'INCOMPLETE';
  /** By department in the order of `DEPARTMENT_CODES`; empty when complete. */
  missing: MissingGroup[];
  /** True only when COMPLETE and every condition is met. */
  eligible: boolean;
  conditions: ConditionResult[];
  /** In set order. */
  gaps: Gap[];
  /** Codes of published values that are not indicators of the set, sorted, each once. */
  ignoredValues: string[];
  rejectedValues: RejectedValue[];
  /** One Vietnamese paragraph ({@link explainVi}). */
  explanation: string;
}

// ---------------------------------------------------------------------------------------------
// Exact inverse of a band: which raw value reaches it

/**
 * The numerator that reaches `band` with this denominator, exactly: for `>=` / `>` the
 * smallest `n` in `0..denominator` with `n / denominator × 100 op threshold`; for `<=` / `<` the
 * largest. `null` when no such `n` exists (e.g. `> 100`, `< 0`). E.g. `>= 98` with 37 → 37
 * (36 × 100 = 3 600 < 98 × 37 = 3 626 ≤ 37 × 100); `>= 97.5` with 100 → 98.
 * Throws `RangeError` for a denominator that is not a positive safe integer or an unparseable
 * threshold.
 */
export function numeratorReachingBand(band: Pick<Band, 'op' | 'threshold'>, denominator: number): number | null {
  if (!Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError(`denominator must be a positive safe integer, got ${String(denominator)}`);
  }
  const threshold = parseDecimal(band.threshold);
  if (threshold === null) throw new RangeError(`invalid threshold ${JSON.stringify(band.threshold)}`);
  const d = BigInt(denominator);
  const scale = 100n * 10n ** BigInt(threshold.scale);
  // n / d × 100 op units / 10^s  ⇔  n × scale op units × d
  const target = threshold.units * d;
  let n: bigint;
  switch (band.op) {
    case '>=':
      n = (target + scale - 1n) / scale;
      break;
    case '>':
      n = target / scale + 1n;
      break;
    case '<=':
      n = target / scale;
      break;
    case '<':
      n = target === 0n ? -1n : (target - 1n) / scale;
      break;
    default:
      assertNever(band.op, 'band operator');
  }
  const higher = band.op === '>=' || band.op === '>';
  if (higher ? n > d : n < 0n) return null;
  if (n > d) n = d;
  const result = Number(n);
  // Guard the inverse with the forward comparison used for scoring.
  if (!bandOpHolds(band.op, compareRateToThreshold(result, denominator, threshold))) {
    throw new Error(`numeratorReachingBand: ${result}/${denominator} does not satisfy ${band.op} ${band.threshold}`);
  }
  return result;
}

/**
 * The count that reaches `band`: for `<=` / `<` the largest count `c ≥ 0` with `c op threshold`
 * (`<= t` → t, `< t` → t − 1); for `>=` / `>` the smallest. `null` when none exists (`< 0`).
 * Throws `RangeError` for an unparseable threshold.
 */
export function countReachingBand(band: Pick<Band, 'op' | 'threshold'>): number | null {
  const threshold = parseDecimal(band.threshold);
  if (threshold === null) throw new RangeError(`invalid threshold ${JSON.stringify(band.threshold)}`);
  const unit = 10n ** BigInt(threshold.scale);
  const floor = threshold.units / unit;
  const ceil = (threshold.units + unit - 1n) / unit;
  let c: bigint;
  switch (band.op) {
    case '<=':
      c = floor;
      break;
    case '<':
      c = ceil - 1n;
      break;
    case '>=':
      c = ceil;
      break;
    case '>':
      c = floor + 1n;
      break;
    default:
      assertNever(band.op, 'band operator');
  }
  if (c < 0n || c > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  const result = Number(c);
  if (!bandOpHolds(band.op, compareCountToThreshold(result, threshold))) {
    throw new Error(`countReachingBand: ${result} does not satisfy ${band.op} ${band.threshold}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// What-if

/** Raw inputs that replace (or add) the value of one indicator in a what-if assessment. */
export interface IndicatorOverride {
  indicator: string;
  numerator?: number | null;
  denominator?: number | null;
  count?: number | null;
  value?: boolean | null;
  grade?: string | null;
}

/** Codes of {@link WhatIfError}. */
export type WhatIfErrorCode = 'UNKNOWN_INDICATOR' | 'DUPLICATE_OVERRIDE' | InputProblemCode;

/**
 * An override that cannot be applied. `code` is `UNKNOWN_INDICATOR` (field `indicator`),
 * `DUPLICATE_OVERRIDE` (the same indicator twice, field `indicator`) or the first
 * `validateInput` problem's code and field; `problems` lists every input problem.
 */
export class WhatIfError extends Error {
  override readonly name = 'WhatIfError';
  readonly code: WhatIfErrorCode;
  readonly indicator: string;
  readonly field: 'indicator' | InputField;
  readonly problems: readonly InputProblem[];

  constructor(
    code: WhatIfErrorCode,
    indicator: string,
    field: 'indicator' | InputField,
    message: string,
    problems: readonly InputProblem[] = [],
  ) {
    super(message);
    this.code = code;
    this.indicator = indicator;
    this.field = field;
    this.problems = problems;
  }
}

/** Provenance given to every what-if value. */
export const WHAT_IF_SOURCE = Object.freeze({ publishedBy: 'what-if', publishedAt: '', revision: 0 });

/**
 * `values` with each override applied: every published value of the overridden indicator (from
 * any department) is replaced by one value of its owning department, marked
 * {@link WHAT_IF_SOURCE}, at the position of the first replaced value (appended when there was
 * none). Other values are returned unchanged and in order; the arguments are not modified.
 * Throws {@link WhatIfError} for an indicator not in `set`, an indicator overridden twice, or
 * inputs that `validateInput` rejects (absent fields are `VALUE_REQUIRED`, never 0).
 */
export function applyOverrides(
  values: readonly PublishedValue[],
  overrides: readonly IndicatorOverride[],
  set: CriteriaSet,
): PublishedValue[] {
  const indicators = indicatorsByCode(set);
  const replacements = new Map<string, PublishedValue>();
  for (const override of overrides) {
    const indicator = indicators.get(override.indicator)?.indicator;
    if (indicator === undefined) {
      throw new WhatIfError(
        'UNKNOWN_INDICATOR',
        override.indicator,
        'indicator',
        `indicator ${override.indicator} is not in criteria set ${set.id} version ${set.version}`,
      );
    }
    if (replacements.has(indicator.code)) {
      throw new WhatIfError(
        'DUPLICATE_OVERRIDE',
        indicator.code,
        'indicator',
        `indicator ${indicator.code} is overridden more than once`,
      );
    }
    const raw: RawValues = {
      numerator: override.numerator ?? null,
      denominator: override.denominator ?? null,
      count: override.count ?? null,
      value: override.value ?? null,
      grade: override.grade ?? null,
    };
    const problems = validateInput(indicator, raw);
    const first = problems[0];
    if (first !== undefined) {
      throw new WhatIfError(
        first.code,
        indicator.code,
        first.field,
        `what-if value of indicator ${indicator.code}: ${problems.map((p) => p.message).join('; ')}`,
        problems,
      );
    }
    replacements.set(indicator.code, {
      indicator: indicator.code,
      department: indicator.department,
      kind: indicator.kind,
      ...raw,
      ...WHAT_IF_SOURCE,
    });
  }
  const result: PublishedValue[] = [];
  const placed = new Set<string>();
  for (const value of values) {
    const replacement = replacements.get(value.indicator);
    if (replacement === undefined) {
      result.push(value);
    } else if (!placed.has(value.indicator)) {
      result.push(replacement);
      placed.add(value.indicator);
    }
  }
  for (const [code, replacement] of replacements) {
    if (!placed.has(code)) result.push(replacement);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// The engine

interface Located {
  criterion: Criterion;
  indicator: Indicator;
}


/** What is computed once per criteria set (sets are immutable once parsed). */
const locatedBySet = new WeakMap<CriteriaSet, Map<string, Located>>();

function indicatorsByCode(set: CriteriaSet): Map<string, Located> {
  const known = locatedBySet.get(set);
  if (known) return known;
  const map = new Map<string, Located>();
  for (const criterion of set.criteria) {
    for (const indicator of criterion.indicators) map.set(indicator.code, { criterion, indicator });
  }
  locatedBySet.set(set, map);
  return map;
}

const label = (status: Provenance): ProvenanceLabel => (status === 'confirmed' ? 'CONFIRMED' : 'PROVISIONAL');

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
    (a, b) =>
      (position.get(a.entry.indicator) ?? 0) - (position.get(b.entry.indicator) ?? 0) || a.order - b.order,
  );
  return {
    chosen,
    ignored: [...ignored].sort(compareIndicatorCodes),
    rejected: rejected.map((r) => r.entry),
  };
}

function scoredProvenance(indicator: Indicator, band: BandRef | null): ProvenanceLabel {
  if (indicator.status === 'confirmed') return 'CONFIRMED';
  if (band !== null && (indicator.kind === 'RATE' || indicator.kind === 'COUNT')) {
    const upTo = indicator.bands.slice(0, band.index + 1);
    if (upTo.every((b) => b.status === 'confirmed')) return 'CONFIRMED';
  }
  return 'PROVISIONAL';
}

// -- messages -----------------------------------------------------------------------------------

const OP_TEXT: Readonly<Record<DisqualifierOp, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '=': '=' };

/** A decimal string with the Vietnamese decimal comma. */
const vi = (decimal: string): string => decimal.replace('.', ',');

function list(numbers: readonly (number | string)[]): string {
  return numbers.join(', ');
}

function criteriaWord(numbers: readonly number[]): string {
  return numbers.length === 1 ? 'criterion' : 'criteria';
}

// -- gaps -------------------------------------------------------------------------------------

interface GapInput {
  criterion: Criterion;
  indicator: Indicator;
  input: IndicatorInput;
  score: IndicatorScore;
}

/** Index of the band with the fewest points above `points` (bands are best first). */
function nearestBetterBand(bands: readonly Band[], points: number): number {
  for (let i = bands.length - 1; i >= 0; i -= 1) {
    const band = bands[i];
    if (band !== undefined && band.points > points) return i;
  }
  return -1;
}

function gapOf({ criterion, indicator, input, score }: GapInput): Gap | null {
  if (score.points >= indicator.maxPoints) return null;
  const base = { criterion: criterion.number, indicator: indicator.code, kind: indicator.kind, currentPoints: score.points };
  const finish = (
    rest: Omit<Gap, keyof typeof base | 'gain' | 'message' | 'messageVi'>,
    message: string,
    messageVi: string,
  ): Gap => ({
    criterion: base.criterion,
    indicator: base.indicator,
    kind: base.kind,
    currentPoints: base.currentPoints,
    nextPoints: rest.nextPoints,
    gain: rest.nextPoints - score.points,
    band: rest.band,
    needed: rest.needed,
    change: rest.change,
    reachable: rest.reachable,
    provenance: rest.provenance,
    message,
    messageVi,
  });
  const head = `${indicator.code}: `;
  const headVi = `chỉ tiêu ${indicator.code}: `;

  switch (indicator.kind) {
    case 'RATE': {
      if (input.kind !== 'RATE') return null;
      const targetIndex = nearestBetterBand(indicator.bands, score.points);
      const target = indicator.bands[targetIndex];
      if (target === undefined) return null;
      const targetRef = { index: targetIndex, op: target.op, threshold: target.threshold };
      const { numerator, denominator } = input;
      const current =
        denominator === 0
          ? `denominator 0 gives ${score.points} of ${indicator.maxPoints} points (no-denominator rule)`
          : `${numerator}/${denominator} (${formatPercent(numerator, denominator)}%) gives ${score.points} of ${indicator.maxPoints} points`;
      const currentVi =
        denominator === 0
          ? `mẫu số bằng 0 nên được ${score.points}/${indicator.maxPoints} điểm theo quy định khi không có mẫu số`
          : `${numerator}/${denominator} (${vi(formatPercent(numerator, denominator))}%) được ${score.points}/${indicator.maxPoints} điểm`;
      const wanted = `${OP_TEXT[target.op]} ${target.threshold}%`;
      const wantedVi = `${OP_TEXT[target.op]} ${vi(target.threshold)}%`;
      const needed = denominator === 0 ? null : numeratorReachingBand(target, denominator);
      if (needed === null) {
        const why =
          denominator === 0
            ? `a rate needs a denominator above 0 to reach ${wanted}`
            : `no numerator from 0 to ${denominator} reaches ${wanted}`;
        const whyVi =
          denominator === 0
            ? `cần mẫu số lớn hơn 0 mới có thể đạt mức ${wantedVi}`
            : `không có tử số nào từ 0 đến ${denominator} đạt mức ${wantedVi}`;
        return finish(
          {
            nextPoints: target.points,
            band: targetRef,
            needed: null,
            change: null,
            reachable: false,
            provenance: scoredProvenance(indicator, targetRef),
          },
          `${head}${current}; ${why}`,
          `${headVi}${currentVi}; ${whyVi}`,
        );
      }
      const reached = scoreIndicator(indicator, { kind: 'RATE', numerator: needed, denominator });
      const change = needed - numerator;
      const higher = indicator.direction === 'HIGHER_IS_BETTER';
      const gain = reached.points - score.points;
      const reachedText = reached.band === null ? wanted : `${OP_TEXT[reached.band.op]} ${reached.band.threshold}%`;
      const reachedVi = reached.band === null ? wantedVi : `${OP_TEXT[reached.band.op]} ${vi(reached.band.threshold)}%`;
      const delta = higher ? `${change} more` : `${-change} fewer`;
      const deltaVi = higher ? `thêm ${change}` : `bớt ${-change}`;
      return finish(
        {
          nextPoints: reached.points,
          band: reached.band,
          needed: { numerator: needed, denominator, count: null, value: null, grade: null },
          change,
          reachable: true,
          provenance: scoredProvenance(indicator, reached.band),
        },
        `${head}${current}; ${higher ? '' : 'at most '}${needed}/${denominator} (${reachedText}) gives ` +
          `${reached.points} (+${gain}, ${delta})`,
        `${headVi}${currentVi}; cần ${higher ? '' : 'giảm xuống tối đa '}${needed}/${denominator} (${reachedVi}) ` +
          `để được ${reached.points} điểm (+${gain}, ${deltaVi})`,
      );
    }
    case 'COUNT': {
      if (input.kind !== 'COUNT') return null;
      const targetIndex = nearestBetterBand(indicator.bands, score.points);
      const target = indicator.bands[targetIndex];
      if (target === undefined) return null;
      const targetRef = { index: targetIndex, op: target.op, threshold: target.threshold };
      const current = `count ${input.count} gives ${score.points} of ${indicator.maxPoints} points`;
      const currentVi = `${input.count} trường hợp được ${score.points}/${indicator.maxPoints} điểm`;
      const needed = countReachingBand(target);
      if (needed === null) {
        return finish(
          {
            nextPoints: target.points,
            band: targetRef,
            needed: null,
            change: null,
            reachable: false,
            provenance: scoredProvenance(indicator, targetRef),
          },
          `${head}${current}; no count reaches ${OP_TEXT[target.op]} ${target.threshold}`,
          `${headVi}${currentVi}; không có số trường hợp nào đạt mức ${OP_TEXT[target.op]} ${target.threshold}`,
        );
      }
      const reached = scoreIndicator(indicator, { kind: 'COUNT', count: needed });
      const change = needed - input.count;
      const gain = reached.points - score.points;
      return finish(
        {
          nextPoints: reached.points,
          band: reached.band,
          needed: { numerator: null, denominator: null, count: needed, value: null, grade: null },
          change,
          reachable: true,
          provenance: scoredProvenance(indicator, reached.band),
        },
        `${head}${current}; at most ${needed} gives ${reached.points} (+${gain}, ${-change} fewer)`,
        `${headVi}${currentVi}; cần ${needed === 0 ? 'không còn trường hợp nào' : `giảm xuống tối đa ${needed} trường hợp`} ` +
          `để được ${reached.points} điểm (+${gain}, bớt ${-change})`,
      );
    }
    case 'BOOLEAN': {
      if (input.kind !== 'BOOLEAN') return null;
      const other = !input.value;
      const nextPoints = other ? indicator.pointsIfYes : indicator.pointsIfNo;
      if (nextPoints <= score.points) return null;
      const answer = (v: boolean) => (v ? 'yes' : 'no');
      const answerVi = (v: boolean) => (v ? '“có”' : '“không”');
      return finish(
        {
          nextPoints,
          band: null,
          needed: { numerator: null, denominator: null, count: null, value: other, grade: null },
          change: null,
          reachable: true,
          provenance: label(indicator.status),
        },
        `${head}answer ${answer(input.value)} gives ${score.points} of ${indicator.maxPoints} points; ` +
          `${answer(other)} gives ${nextPoints} (+${nextPoints - score.points})`,
        `${headVi}trả lời ${answerVi(input.value)} được ${score.points}/${indicator.maxPoints} điểm; ` +
          `${answerVi(other)} được ${nextPoints} điểm (+${nextPoints - score.points})`,
      );
    }
    case 'GRADED': {
      if (input.kind !== 'GRADED') return null;
      let next: (typeof indicator.grades)[number] | undefined;
      for (const grade of indicator.grades) {
        if (grade.points > score.points && (next === undefined || grade.points < next.points)) next = grade;
      }
      if (next === undefined) return null;
      return finish(
        {
          nextPoints: next.points,
          band: null,
          needed: { numerator: null, denominator: null, count: null, value: null, grade: next.grade },
          change: null,
          reachable: true,
          provenance: label(indicator.status),
        },
        `${head}grade ${input.grade} gives ${score.points} of ${indicator.maxPoints} points; ` +
          `grade ${next.grade} gives ${next.points} (+${next.points - score.points})`,
        `${headVi}mức ${input.grade} được ${score.points}/${indicator.maxPoints} điểm; ` +
          `mức ${next.grade} được ${next.points} điểm (+${next.points - score.points})`,
      );
    }
    default:
      return assertNever(indicator, 'indicator kind');
  }
}

// -- met --------------------------------------------------------------------------------------

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

// -- conditions ---------------------------------------------------------------------------------

interface Bounds {
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

function disqualifierCondition(
  condition: DisqualifyingCondition,
  indicators: ReadonlyMap<string, IndicatorResult>,
): DisqualifyingIndicatorCondition {
  const { indicator: code, when } = condition;
  const result = indicators.get(code);
  const provisional = condition.status === 'provisional';
  const op = OP_TEXT[when.op];
  const isBoolean = result?.kind === 'BOOLEAN';
  const rule = isBoolean ? `answer ${op} ${when.value === 1 ? 'yes' : 'no'}` : `count ${op} ${when.value}`;
  const ruleVi = isBoolean
    ? `trả lời ${op} ${when.value === 1 ? '“có”' : '“không”'}`
    : `số trường hợp ${op} ${when.value}`;
  let actual: number | null = null;
  if (result?.state === 'SCORED') {
    if (result.kind === 'COUNT') actual = result.count;
    if (result.kind === 'BOOLEAN' && result.value !== null) actual = result.value ? 1 : 0;
  }
  const figures = { indicator: code, op: when.op, value: when.value, actual };
  if (actual === null) {
    return {
      code: 'DISQUALIFYING_INDICATOR',
      met: null,
      message: `indicator ${code} has no published value: the disqualifying event (${rule}) cannot be checked`,
      messageVi: `chỉ tiêu ${code} chưa có số liệu nên chưa kiểm tra được điều kiện loại trừ (${ruleVi})`,
      provisional,
      figures,
    };
  }
  const shown = isBoolean ? (actual === 1 ? 'yes' : 'no') : String(actual);
  const shownVi = isBoolean ? (actual === 1 ? 'trả lời “có”' : 'trả lời “không”') : `ghi nhận ${actual} trường hợp`;
  const disqualified = disqualifierHolds(when.op, actual, when.value);
  return {
    code: 'DISQUALIFYING_INDICATOR',
    met: !disqualified,
    message: disqualified
      ? `indicator ${code}: ${shown} prevents recognition (${rule})`
      : `indicator ${code}: ${shown}, not a disqualifying event (${rule})`,
    messageVi: disqualified
      ? `chỉ tiêu ${code} ${shownVi}, thuộc điều kiện loại trừ (${ruleVi})`
      : `chỉ tiêu ${code} ${shownVi}, không thuộc điều kiện loại trừ (${ruleVi})`,
    provisional,
    figures,
  };
}

interface ConditionFacts {
  set: CriteriaSet;
  category: CategoryRecord | null;
  criteria: readonly CriterionResult[];
  criterionBounds: ReadonlyMap<number, Bounds>;
  total: Bounds;
  indicators: ReadonlyMap<string, IndicatorResult>;
  missing: readonly MissingGroup[];
  expected: number;
}

function evaluateConditions(facts: ConditionFacts): ConditionResult[] {
  const { set, category, criteria, criterionBounds, total, indicators, missing, expected } = facts;
  const conditions: ConditionResult[] = [];

  // DATA_COMPLETE
  const missingCodes = missing.flatMap((g) => g.indicators);
  const published = expected - missingCodes.length;
  const unavailableDepartments = missing.filter((g) => g.unavailable).map((g) => g.department);
  conditions.push({
    code: 'DATA_COMPLETE',
    met: missingCodes.length === 0,
    message:
      missingCodes.length === 0
        ? `all ${expected} indicators published`
        : `${published} of ${expected} indicators published; missing: ` +
          missing
            .map((g) => `${g.department} ${list(g.indicators)}${g.unavailable ? ' (service unavailable)' : ''}`)
            .join('; '),
    messageVi:
      missingCodes.length === 0
        ? `đã có số liệu của cả ${expected} chỉ tiêu`
        : `đã có số liệu ${published}/${expected} chỉ tiêu; còn thiếu: ` +
          missing
            .map(
              (g) =>
                `${departmentNameVi(g.department)} ${list(g.indicators)}${g.unavailable ? ' (chưa kết nối được)' : ''}`,
            )
            .join('; '),
    provisional: false,
    figures: { published, expected, missing: missingCodes, unavailableDepartments },
  });

  // CATEGORY_KNOWN
  conditions.push(
    category === null
      ? {
          code: 'CATEGORY_KNOWN',
          met: false,
          message: 'no category recorded for the year',
          messageVi: 'chưa có phân loại xã cho năm đánh giá',
          provisional: false,
          figures: { category: null },
        }
      : {
          code: 'CATEGORY_KNOWN',
          met: true,
          message: `category ${category.category}${category.provisional ? ' (provisional)' : ''}`,
          messageVi: `đã phân loại: ${CATEGORY_NAMES_VI[category.category]}${
            category.provisional ? ' (phân loại tạm thời)' : ''
          }`,
          provisional: category.provisional,
          figures: { category: category.category },
        },
  );

  // EVERY_CRITERION_MET
  const everyMet = set.recognition.everyCriterionMet;
  if (everyMet?.enabled === true) {
    const unmet = criteria.filter((c) => c.met === false).map((c) => c.number);
    const undetermined = criteria.filter((c) => c.met === null).map((c) => c.number);
    const passMarksProvisional = set.criteria.some((c) => c.met?.status === 'provisional');
    const ruleText = (c: CriterionResult) =>
      c.metRule?.rule === 'MIN_POINTS' ? `${c.points ?? 0} < ${c.metRule.points ?? 0}` : 'an indicator below every band';
    const ruleTextVi = (c: CriterionResult) =>
      c.metRule?.rule === 'MIN_POINTS'
        ? `tiêu chí ${c.number} được ${c.points ?? 0} điểm, dưới mức đạt ${c.metRule.points ?? 0} điểm`
        : `tiêu chí ${c.number} có chỉ tiêu chưa đạt mức nào`;
    const unmetResults = criteria.filter((c) => c.met === false);
    let met: boolean | null;
    let message: string;
    let messageVi: string;
    if (unmet.length > 0) {
      met = false;
      message = `${criteriaWord(unmet)} ${list(unmet)} not met (${unmetResults.map((c) => `${c.number}: ${ruleText(c)}`).join('; ')})`;
      messageVi = `chưa đạt cả ${criteria.length} tiêu chí (${unmetResults.map(ruleTextVi).join('; ')})`;
    } else if (undetermined.length > 0) {
      met = null;
      message = `${criteriaWord(undetermined)} ${list(undetermined)} incomplete: whether met is not known yet`;
      messageVi = `tiêu chí ${list(undetermined)} chưa đủ số liệu để biết có đạt hay không`;
    } else {
      met = true;
      message = `all ${criteria.length} criteria met`;
      messageVi = `đạt cả ${criteria.length} tiêu chí`;
    }
    conditions.push({
      code: 'EVERY_CRITERION_MET',
      met,
      message,
      messageVi,
      provisional: everyMet.status === 'provisional' || passMarksProvisional,
      figures: { unmet, undetermined },
    });
  }

  // MINIMUM_TOTAL
  const complete = missingCodes.length === 0;
  if (category === null) {
    conditions.push({
      code: 'MINIMUM_TOTAL',
      met: null,
      message: `total ${total.min}: no category recorded, so the minimum total is unknown`,
      messageVi: `tổng điểm ${total.min}: chưa có phân loại xã nên chưa xác định được mức điểm tối thiểu`,
      provisional: Object.values(set.recognition.minimumTotal).some((m) => m.status === 'provisional'),
      figures: { total: total.min, maxPossibleTotal: total.max, required: null, category: null },
    });
  } else {
    const minimum = set.recognition.minimumTotal[category.category];
    const required = minimum.points;
    const name = category.category;
    const nameVi = CATEGORY_NAMES_VI[name];
    let met: boolean | null;
    let message: string;
    let messageVi: string;
    if (complete) {
      met = total.min >= required;
      message = `total ${total.min} ${met ? '≥' : '<'} ${required} for category ${name}`;
      messageVi = met
        ? `tổng điểm ${total.min} đạt mức ${required} của nhóm ${nameVi}`
        : `tổng điểm ${total.min} thấp hơn mức ${required} của nhóm ${nameVi}`;
    } else if (total.min >= required) {
      met = true;
      message = `total ${total.min} of the published indicators already ≥ ${required} for category ${name}`;
      messageVi = `tổng điểm ${total.min} của các chỉ tiêu đã có số liệu đã đạt mức ${required} của nhóm ${nameVi}`;
    } else if (total.max < required) {
      met = false;
      message =
        `total ${total.min}, at most ${total.max} even with full points on the missing indicators, ` +
        `< ${required} for category ${name}`;
      messageVi =
        `tổng điểm ${total.min}, kể cả khi các chỉ tiêu còn thiếu đạt tối đa cũng chỉ được ${total.max}, ` +
        `thấp hơn mức ${required} của nhóm ${nameVi}`;
    } else {
      met = null;
      message =
        `total ${total.min} so far, up to ${total.max} when complete: ` +
        `cannot be compared with ${required} for category ${name} until the missing indicators are published`;
      messageVi =
        `tổng điểm tạm tính ${total.min} (tối đa ${total.max} khi đủ số liệu): ` +
        `chưa so sánh được với mức ${required} của nhóm ${nameVi}`;
    }
    conditions.push({
      code: 'MINIMUM_TOTAL',
      met,
      message,
      messageVi,
      provisional: minimum.status === 'provisional',
      figures: { total: total.min, maxPossibleTotal: total.max, required, category: name },
    });
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
    let met: boolean | null;
    let message: string;
    let messageVi: string;
    if (atZero.length > 0) {
      met = false;
      message = `${criteriaWord(atZero)} ${list(atZero)} scored 0`;
      messageVi = `tiêu chí ${list(atZero)} đạt 0 điểm`;
    } else if (undetermined.length > 0) {
      met = null;
      message = `${criteriaWord(undetermined)} ${list(undetermined)} incomplete with no points yet: may still score 0`;
      messageVi = `tiêu chí ${list(undetermined)} chưa đủ số liệu và chưa có điểm`;
    } else {
      met = true;
      message = 'no criterion scored 0';
      messageVi = 'không có tiêu chí nào đạt 0 điểm';
    }
    conditions.push({
      code: 'NO_CRITERION_AT_ZERO',
      met,
      message,
      messageVi,
      provisional: rule.status === 'provisional',
      figures: { criteria: atZero, undetermined },
    });
  }

  // CRITERIA_AT_MAXIMUM
  const atMaximum = set.recognition.criteriaAtMaximum;
  if (atMaximum.criteria.length > 0) {
    const below: number[] = [];
    const undetermined: number[] = [];
    const belowText: string[] = [];
    const belowTextVi: string[] = [];
    for (const number of atMaximum.criteria) {
      const c = criteria.find((x) => x.number === number);
      const b = criterionBounds.get(number);
      if (c === undefined || b === undefined) continue;
      if (b.max < c.maxPoints) {
        below.push(number);
        belowText.push(
          c.complete
            ? `criterion ${number} scored ${b.min} of ${c.maxPoints}`
            : `criterion ${number} can reach at most ${b.max} of ${c.maxPoints}`,
        );
        belowTextVi.push(
          c.complete
            ? `tiêu chí ${number} đạt ${b.min}/${c.maxPoints} điểm, chưa đạt tối đa theo yêu cầu`
            : `tiêu chí ${number} chỉ có thể đạt tối đa ${b.max}/${c.maxPoints} điểm, không đạt tối đa theo yêu cầu`,
        );
      } else if (b.min < c.maxPoints) {
        undetermined.push(number);
      }
    }
    let met: boolean | null;
    let message: string;
    let messageVi: string;
    if (below.length > 0) {
      met = false;
      message = `${belowText.join('; ')}: must reach the maximum`;
      messageVi = belowTextVi.join('; ');
    } else if (undetermined.length > 0) {
      met = null;
      message = `${criteriaWord(undetermined)} ${list(undetermined)} incomplete: whether the maximum is reached is not known`;
      messageVi = `tiêu chí ${list(undetermined)} chưa đủ số liệu để biết có đạt điểm tối đa theo yêu cầu`;
    } else {
      met = true;
      message = `${criteriaWord(atMaximum.criteria)} ${list(atMaximum.criteria)} at the maximum`;
      messageVi = `tiêu chí ${list(atMaximum.criteria)} đạt điểm tối đa theo yêu cầu`;
    }
    conditions.push({
      code: 'CRITERIA_AT_MAXIMUM',
      met,
      message,
      messageVi,
      provisional: atMaximum.status === 'provisional',
      figures: { criteria: [...atMaximum.criteria], below, undetermined },
    });
  }

  // DISQUALIFYING_INDICATOR
  for (const condition of set.recognition.disqualifyingIndicators) {
    conditions.push(disqualifierCondition(condition, indicators));
  }
  return conditions;
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
