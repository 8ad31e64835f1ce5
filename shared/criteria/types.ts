/**
 * Types of a criteria-set document (format `cfc-criteria-set/1`).
 *
 * A criteria set is data, not code: the standard a commune is assessed against (QĐ 34/2014,
 * QĐ 06/2019, or a later official table) is a JSON file that is validated when loaded by
 * `parseCriteriaSet` and never edited in place once used. The file format, every rule and every
 * error code are documented in `docs/criteria-sets.md`.
 *
 * Values returned by `parseCriteriaSet` are deep-frozen; these types stay mutable only so that
 * test builders can spread and override them.
 */

import { DEPARTMENT_CODES, type DepartmentCode } from '../departments';

/** The only document format this module reads. */
export const CRITERIA_SET_FORMAT = 'cfc-criteria-set/1';

/** Literal type of {@link CRITERIA_SET_FORMAT}. */
export type CriteriaSetFormat = typeof CRITERIA_SET_FORMAT;

/**
 * Code of a provincial department that directs criteria and publishes indicator values, and every
 * code in the order of the plan's table of duties: both derived from the departments table.
 */
export { DEPARTMENT_CODES, type DepartmentCode };

/**
 * Category of a commune, which selects its minimum recognition total: urban ward;
 * mountain / island / especially disadvantaged commune; any other commune. Which category a
 * commune belongs to is data the province maintains, not part of a criteria set.
 */
export type CommuneCategory = 'URBAN_WARD' | 'MOUNTAIN_ISLAND_DISADVANTAGED' | 'OTHER';

/** Every {@link CommuneCategory}; a set must give a minimum total for each one. */
export const COMMUNE_CATEGORIES: readonly CommuneCategory[] = Object.freeze([
  'URBAN_WARD',
  'MOUNTAIN_ISLAND_DISADVANTAGED',
  'OTHER',
] as const);

/**
 * Provenance of a fact: `confirmed` = read in a published legal text or the provincial plan;
 * `provisional` = best knowledge, to be replaced by the official text. A provisional number is
 * never presented as law.
 */
export type Provenance = 'confirmed' | 'provisional';

/** Every {@link Provenance} value. */
export const PROVENANCES: readonly Provenance[] = Object.freeze(['confirmed', 'provisional'] as const);

/** The legal document a set transcribes. `status` covers document number, date and title. */
export interface LegalBasis {
  /** Document number as printed, e.g. `"06/QĐ-TTg"`. */
  document: string;
  /** Date of issue, `YYYY-MM-DD` (a real calendar date). */
  issuedOn: string;
  /** Vietnamese title of the document. */
  title: string;
  status: Provenance;
}

/** Inclusive range of assessment years a set may be used for; `to: null` = open-ended. */
export interface YearRange {
  from: number;
  to: number | null;
}

/** A minimum total for one commune category. */
export interface MinimumTotal {
  points: number;
  status: Provenance;
}

/** Comparison used by a disqualifying condition. */
export type DisqualifierOp = '>' | '>=' | '<' | '<=' | '=';

/** Every {@link DisqualifierOp}. */
export const DISQUALIFIER_OPS: readonly DisqualifierOp[] = Object.freeze(['>', '>=', '<', '<=', '='] as const);

/**
 * An event that prevents recognition whatever the total: `when` is applied to the value of a
 * COUNT indicator (its count) or a BOOLEAN indicator (yes = 1, no = 0). For example
 * `{ indicator: "4.1", when: { op: ">", value: 0 } }` reads "any case counted by 4.1".
 */
export interface DisqualifyingCondition {
  /** Code of a COUNT or BOOLEAN indicator of the same set. */
  indicator: string;
  /** `value` is a non-negative integer; 0 or 1 for a BOOLEAN indicator. */
  when: { op: DisqualifierOp; value: number };
  status: Provenance;
}

/**
 * What "met" (đạt) means for one criterion: a pass mark in points (`MIN_POINTS`: the criterion
 * scores at least `points`), or `EVERY_INDICATOR_IN_BAND`: every indicator reaches a band — a RATE
 * or COUNT scored by one of its bands (or by its no-denominator rule), a BOOLEAN given its better
 * answer, a GRADED item given a grade above its lowest.
 */
export type CriterionMet =
  { rule: 'MIN_POINTS'; points: number; status: Provenance } | { rule: 'EVERY_INDICATOR_IN_BAND'; status: Provenance };

/** Every `CriterionMet.rule`. */
export const CRITERION_MET_RULES: readonly CriterionMet['rule'][] = Object.freeze([
  'MIN_POINTS',
  'EVERY_INDICATOR_IN_BAND',
] as const);

/**
 * Provenance of single fields where it differs from the status of the criterion or indicator
 * they belong to: a title read verbatim in the legal text inside a criterion whose maximum is
 * still provisional. Absent = the owner's `status`. Inside a `confirmed` owner every field is
 * confirmed, so a field can only be marked confirmed on its own.
 */
export interface FieldStatus {
  title?: Provenance;
  maxPoints?: Provenance;
}

/** What a commune must achieve, besides its points, to be recognised. */
export interface Recognition {
  /** Minimum total by commune category; every category is required. */
  minimumTotal: Record<CommuneCategory, MinimumTotal>;
  /** When enabled, a criterion scored 0 prevents recognition. */
  noCriterionAtZero: { enabled: boolean; status: Provenance };
  /** Numbers of criteria that must reach their maximum (may be empty). */
  criteriaAtMaximum: { criteria: number[]; status: Provenance };
  /** Events that prevent recognition (may be empty). */
  disqualifyingIndicators: DisqualifyingCondition[];
  /**
   * When enabled, every criterion must be met (each then states its `met` rule). Absent in sets
   * that do not say it (read as not required).
   */
  everyCriterionMet?: { enabled: boolean; status: Provenance };
}

/** A whole criteria-set document, as validated by `parseCriteriaSet`. */
export interface CriteriaSet {
  format: CriteriaSetFormat;
  /** Stable family id, `/^[A-Z0-9][A-Z0-9-]*$/`, e.g. `"QD06-2019"`. */
  id: string;
  /** Positive integer; any change to a used set is a new version with the same id. */
  version: number;
  /** Vietnamese title. */
  title: string;
  legalBasis: LegalBasis;
  years: YearRange;
  /** Equals the sum of the criteria's `maxPoints`. */
  maxTotal: number;
  /** True iff any `status` anywhere in the document is `provisional`. */
  provisional: boolean;
  /** Free text: sources, what is provisional and why. */
  notes?: string;
  criteria: Criterion[];
  recognition: Recognition;
}

/** One criterion (tiêu chí). */
export interface Criterion {
  /** 1..n, in document order. */
  number: number;
  /** Vietnamese title. */
  title: string;
  /** The department that directs the criterion. */
  department: DepartmentCode;
  /** Equals the sum of its indicators' `maxPoints`. */
  maxPoints: number;
  /** Provenance of the criterion's own content: its title and `maxPoints`. */
  status: Provenance;
  /** Provenance of the title or `maxPoints` alone, where it differs from `status`. */
  fieldStatus?: FieldStatus;
  /** What "met" means for this criterion; required when `recognition.everyCriterionMet` is enabled. */
  met?: CriterionMet;
  /** Free text: what is confirmed, what is not, sources. */
  notes?: string;
  /** At least one. */
  indicators: Indicator[];
}

/** Kind of an indicator. */
export type IndicatorKind = 'RATE' | 'COUNT' | 'BOOLEAN' | 'GRADED';

/** Every {@link IndicatorKind}. */
export const INDICATOR_KINDS: readonly IndicatorKind[] = Object.freeze(['RATE', 'COUNT', 'BOOLEAN', 'GRADED'] as const);

/** One indicator (chỉ tiêu): a measurable item published by exactly one department. */
export type Indicator = RateIndicator | CountIndicator | BooleanIndicator | GradedIndicator;

/** Fields every indicator has. */
export interface IndicatorBase {
  /** `"<criterion number>.<n>"`, e.g. `"8.1"`; unique within the set. */
  code: string;
  /** Vietnamese title. */
  title: string;
  /** The one department that publishes the value. */
  department: DepartmentCode;
  /** The highest points the indicator can give. */
  maxPoints: number;
  /** `confirmed` only if every number of the indicator is confirmed. */
  status: Provenance;
  /** Provenance of the title or `maxPoints` alone, where it differs from `status`. */
  fieldStatus?: FieldStatus;
  /**
   * What the indicator measures, as a stable name shared by every set that measures the same
   * thing (`immunisation.under-1.full` is 8.1 in QĐ 34/2014 and 7.1 in QĐ 06/QĐ-TTg), so a trend
   * can cross a change of standard. Unique within a set; absent when nothing else measures it.
   */
  concept?: string;
  /** Free text: what is confirmed, what is not, sources. */
  notes?: string;
}

/** Direction of a rate: whether a higher percentage is better. */
export type RateDirection = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER';

/** Every {@link RateDirection}. */
export const RATE_DIRECTIONS: readonly RateDirection[] = Object.freeze([
  'HIGHER_IS_BETTER',
  'LOWER_IS_BETTER',
] as const);

/** A percentage numerator / denominator × 100 compared exactly against bands. */
export interface RateIndicator extends IndicatorBase {
  kind: 'RATE';
  direction: RateDirection;
  /** Vietnamese description of what the numerator counts. */
  numerator: string;
  /** Vietnamese description of what the denominator counts. */
  denominator: string;
  /** Best first; the first band whose condition holds gives its points. */
  bands: Band[];
  /** Points when no band holds. */
  otherwise: number;
  /** Rule when the denominator is 0 (no child in that situation). */
  whenNoDenominator: { points: number; reason: string };
}

/** A count of cases compared against bands (e.g. zero cases → full points). */
export interface CountIndicator extends IndicatorBase {
  kind: 'COUNT';
  /** Vietnamese description of what is counted. */
  counted: string;
  /** Best first, ops `<=` / `<`, integer thresholds. */
  bands: Band[];
  /** Points when no band holds. */
  otherwise: number;
}

/** A yes / no item. */
export interface BooleanIndicator extends IndicatorBase {
  kind: 'BOOLEAN';
  /** Vietnamese question answered yes or no. */
  question: string;
  pointsIfYes: number;
  pointsIfNo: number;
}

/** One grade of a graded item. */
export interface Grade {
  /** Short unique code, e.g. `"A"`. */
  grade: string;
  /** Vietnamese label. */
  label: string;
  points: number;
}

/** An item assessed on a named scale of grades. */
export interface GradedIndicator extends IndicatorBase {
  kind: 'GRADED';
  /** At least one; grade codes unique. */
  grades: Grade[];
}

/** Comparison of a band. */
export type BandOp = '>=' | '>' | '<=' | '<';

/** Every {@link BandOp}. */
export const BAND_OPS: readonly BandOp[] = Object.freeze(['>=', '>', '<=', '<'] as const);

/**
 * `value op threshold → points`. `threshold` is a decimal string (`"98"`, `"97.5"`, `"0"`): a
 * percentage for a RATE, a non-negative integer count for a COUNT — never a JS number, so no
 * value is ever rounded.
 */
export interface Band {
  op: BandOp;
  threshold: string;
  points: number;
  /**
   * Provenance of this band alone, when it differs from its indicator's (a confirmed band
   * inside a provisional indicator). Absent = the indicator's status.
   */
  status?: Provenance;
}
