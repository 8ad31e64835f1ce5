/**
 * What the assessment engine reads and what it answers: the published values of a commune-year,
 * and the assessment (JSON-shaped: no Map, no undefined), as the graph serves them.
 */
import type { IndicatorInput, InputField, InputProblemCode, ScoreRule } from '../../../shared/criteria/scoring';
import type {
  Band,
  BandOp,
  CommuneCategory,
  CriteriaSet,
  DepartmentCode,
  DisqualifierOp,
  IndicatorKind,
} from '../../../shared/criteria/types';
import type {
  AssessmentStatus as SchemaAssessmentStatus,
  ConditionCode as SchemaConditionCode,
} from '../generated/schema-types';
import type { ExplainContext } from './explain';

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

/** Codes of recognition conditions: the schema's `ConditionCode` enum. */
export type ConditionCode = SchemaConditionCode;

/** Whether every indicator of an assessment has a value: the schema's `AssessmentStatus` enum. */
export type AssessmentStatus = SchemaAssessmentStatus;

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
  status: AssessmentStatus;
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
