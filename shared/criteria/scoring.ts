/**
 * Exact evaluation of one indicator.
 *
 * Every comparison is done on integers with BigInt: a threshold such as `"97.5"` is read as
 * 975 / 10¹, and `rate ≥ 97.5 %` becomes `numerator × 100 × 10 ≥ 975 × denominator`. No value
 * is ever converted to floating point, so there is no drift and no rounding at a boundary.
 * The rendered percentage is for people only and never takes part in a decision.
 */
import { assertNever } from '../assert-never';
import type { Band, BandOp, Indicator, IndicatorKind } from './types';
import { PERCENT_DECIMALS, roundedPercent } from '../format';

/** A non-negative decimal number `units / 10^scale`, exact. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;
const INTEGER_PATTERN = /^(0|[1-9][0-9]*)$/;

/**
 * Parses a plain non-negative decimal string (`"0"`, `"98"`, `"97.5"`, `"97.50"`).
 * Returns `null` for anything else: signs, exponents, spaces, `".5"`, `"5."`, leading zeros
 * such as `"07"`.
 */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL_PATTERN.exec(text);
  if (match === null) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  return { units: BigInt(whole + fraction), scale: fraction.length };
}

/** True iff `text` is a plain non-negative integer string without leading zeros (`"0"`, `"12"`). */
export function isIntegerString(text: string): boolean {
  return INTEGER_PATTERN.test(text);
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

function sign(value: bigint): -1 | 0 | 1 {
  return value < 0n ? -1 : value > 0n ? 1 : 0;
}

/** Sign of `a − b` for two decimals: −1, 0 or 1. */
export function compareDecimals(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const scale = Math.max(a.scale, b.scale);
  return sign(a.units * pow10(scale - a.scale) - b.units * pow10(scale - b.scale));
}

/**
 * Sign of `numerator / denominator × 100 − threshold` (threshold in percent), computed as
 * `numerator × 100 × 10^scale − units × denominator`. Throws `RangeError` unless both counts
 * are non-negative safe integers and the denominator is positive.
 */
export function compareRateToThreshold(numerator: number, denominator: number, threshold: Decimal): -1 | 0 | 1 {
  assertCount(numerator, 'numerator');
  assertCount(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must be positive to form a rate');
  return sign(BigInt(numerator) * 100n * pow10(threshold.scale) - threshold.units * BigInt(denominator));
}

/**
 * Sign of `count − threshold`. Throws `RangeError` unless the count is a non-negative safe
 * integer.
 */
export function compareCountToThreshold(count: number, threshold: Decimal): -1 | 0 | 1 {
  assertCount(count, 'count');
  return sign(BigInt(count) * pow10(threshold.scale) - threshold.units);
}

/** Whether `value op threshold` holds, given `comparison` = sign of `value − threshold`. */
export function bandOpHolds(op: BandOp, comparison: -1 | 0 | 1): boolean {
  switch (op) {
    case '>=':
      return comparison >= 0;
    case '>':
      return comparison > 0;
    case '<=':
      return comparison <= 0;
    case '<':
      return comparison < 0;
    default:
      return assertNever(op, 'comparison');
  }
}

/**
 * `numerator / denominator × 100` with exactly two decimal places, rounded half up by the hub's
 * one rule (`shared/format.ts`): 97.125 % renders as `"97.13"`, 97.996 % as `"98.00"`. For display
 * only: bands are decided on the exact numerator and denominator, so a rendered `98.00` may still
 * miss "≥ 98". Throws `RangeError` like {@link compareRateToThreshold}.
 */
export function formatPercent(numerator: number, denominator: number): string {
  assertCount(numerator, 'numerator');
  assertCount(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('denominator must be positive to form a rate');
  return roundedPercent(numerator, denominator, PERCENT_DECIMALS);
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
}

/** A value published for one indicator, tagged with the indicator's kind. */
export type IndicatorInput =
  | { kind: 'RATE'; numerator: number; denominator: number }
  | { kind: 'COUNT'; count: number }
  | { kind: 'BOOLEAN'; value: boolean }
  | { kind: 'GRADED'; grade: string };

/**
 * An input as it may arrive from a client (fields missing, `null`, or of the wrong type).
 * {@link IndicatorInput} is assignable to it.
 */
export interface LooseIndicatorInput {
  kind?: unknown;
  numerator?: unknown;
  denominator?: unknown;
  count?: unknown;
  value?: unknown;
  grade?: unknown;
}

/** Field of an input a problem is about. */
export type InputField = 'kind' | 'numerator' | 'denominator' | 'count' | 'value' | 'grade';

/** Codes of {@link InputProblem}. */
export type InputProblemCode =
  | 'NUMERATOR_EXCEEDS_DENOMINATOR'
  | 'NEGATIVE_VALUE'
  | 'NOT_AN_INTEGER'
  | 'WRONG_VALUE_KIND'
  | 'UNKNOWN_GRADE'
  | 'VALUE_REQUIRED';

/** One reason an input cannot be scored against an indicator. */
export interface InputProblem {
  field: InputField;
  code: InputProblemCode;
  message: string;
}

/** How an {@link IndicatorScore} was reached. */
export type ScoreRule = 'BAND' | 'OTHERWISE' | 'NO_DENOMINATOR' | 'BOOLEAN' | 'GRADE';

/** The points an input earns, with the rule that gave them. */
export interface IndicatorScore {
  points: number;
  /** The band that held (index in `bands`), or `null` when no band was used. */
  band: { index: number; op: BandOp; threshold: string } | null;
  rule: ScoreRule;
  /**
   * The rate, for RATE indicators with a positive denominator; `null` otherwise (including
   * the `NO_DENOMINATOR` rule). `percent` is {@link formatPercent}: display only.
   */
  rate: { numerator: number; denominator: number; percent: string } | null;
}

/** Code of an {@link IndicatorScoringError}. */
export type ScoringErrorCode = InputProblemCode | 'INDICATOR_INVALID';

/**
 * Thrown by {@link scoreIndicator}. `code` is the first problem's code (or `INDICATOR_INVALID`
 * when the indicator itself is malformed, which `parseCriteriaSet` rules out); `problems` lists
 * every input problem.
 */
export class IndicatorScoringError extends Error {
  override readonly name = 'IndicatorScoringError';
  readonly code: ScoringErrorCode;
  readonly indicatorCode: string;
  readonly problems: readonly InputProblem[];

  constructor(indicatorCode: string, code: ScoringErrorCode, message: string, problems: readonly InputProblem[] = []) {
    super(message);
    this.code = code;
    this.indicatorCode = indicatorCode;
    this.problems = problems;
  }
}

const FIELDS_BY_KIND: Readonly<Record<IndicatorKind, readonly InputField[]>> = {
  RATE: ['numerator', 'denominator'],
  COUNT: ['count'],
  BOOLEAN: ['value'],
  GRADED: ['grade'],
};

const VALUE_FIELDS: readonly InputField[] = ['numerator', 'denominator', 'count', 'value', 'grade'];

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

function checkCount(field: InputField, value: unknown, problems: InputProblem[]): number | null {
  if (isAbsent(value)) {
    problems.push({ field, code: 'VALUE_REQUIRED', message: `${field} is required` });
    return null;
  }
  if (typeof value !== 'number') {
    problems.push({
      field,
      code: 'WRONG_VALUE_KIND',
      message: `${field} must be a number, got ${typeof value}`,
    });
    return null;
  }
  if (!Number.isSafeInteger(value)) {
    problems.push({
      field,
      code: 'NOT_AN_INTEGER',
      message: `${field} must be a whole number (up to ${Number.MAX_SAFE_INTEGER}), got ${String(value)}`,
    });
    return null;
  }
  if (value < 0) {
    problems.push({
      field,
      code: 'NEGATIVE_VALUE',
      message: `${field} must not be negative, got ${value}`,
    });
    return null;
  }
  return value;
}

/**
 * Every problem that prevents scoring `input` against `indicator` (empty list = acceptable),
 * at most one per field. `input.kind` may be omitted (the indicator's kind is
 * assumed); a different kind gives a single `WRONG_VALUE_KIND` on `kind`. A value field that
 * belongs to another kind (e.g. `count` for a RATE) is `WRONG_VALUE_KIND` on that field.
 * Missing or `null` required values are `VALUE_REQUIRED` — missing is never read as zero.
 * Counts must be non-negative safe integers; a numerator may not exceed its denominator;
 * a grade must be one of the indicator's grade codes.
 */
export function validateInput(indicator: Indicator, input: LooseIndicatorInput): InputProblem[] {
  if (!isAbsent(input.kind) && input.kind !== indicator.kind) {
    return [
      {
        field: 'kind',
        code: 'WRONG_VALUE_KIND',
        message: `indicator ${indicator.code} is ${indicator.kind}, got a ${String(input.kind)} value`,
      },
    ];
  }
  const problems: InputProblem[] = [];
  const expected = FIELDS_BY_KIND[indicator.kind];
  for (const field of VALUE_FIELDS) {
    if (!expected.includes(field) && !isAbsent(input[field])) {
      problems.push({
        field,
        code: 'WRONG_VALUE_KIND',
        message: `indicator ${indicator.code} is ${indicator.kind} and takes no ${field}`,
      });
    }
  }
  switch (indicator.kind) {
    case 'RATE': {
      const numerator = checkCount('numerator', input.numerator, problems);
      const denominator = checkCount('denominator', input.denominator, problems);
      if (numerator !== null && denominator !== null && numerator > denominator) {
        problems.push({
          field: 'numerator',
          code: 'NUMERATOR_EXCEEDS_DENOMINATOR',
          message: `numerator ${numerator} exceeds denominator ${denominator}`,
        });
      }
      break;
    }
    case 'COUNT':
      checkCount('count', input.count, problems);
      break;
    case 'BOOLEAN':
      if (isAbsent(input.value)) {
        problems.push({ field: 'value', code: 'VALUE_REQUIRED', message: 'value is required' });
      } else if (typeof input.value !== 'boolean') {
        problems.push({
          field: 'value',
          code: 'WRONG_VALUE_KIND',
          message: `value must be true or false, got ${typeof input.value}`,
        });
      }
      break;
    case 'GRADED':
      if (isAbsent(input.grade) || input.grade === '') {
        problems.push({ field: 'grade', code: 'VALUE_REQUIRED', message: 'grade is required' });
      } else if (typeof input.grade !== 'string') {
        problems.push({
          field: 'grade',
          code: 'WRONG_VALUE_KIND',
          message: `grade must be a string, got ${typeof input.grade}`,
        });
      } else {
        const grade = input.grade;
        if (!indicator.grades.some((g) => g.grade === grade)) {
          problems.push({
            field: 'grade',
            code: 'UNKNOWN_GRADE',
            message: `grade ${JSON.stringify(grade)} is not one of ${indicator.grades
              .map((g) => g.grade)
              .join(', ')} of indicator ${indicator.code}`,
          });
        }
      }
      break;
    default:
      assertNever(indicator, 'indicator kind');
  }
  return problems;
}

/** Parsed thresholds of bands, so a set's thresholds are parsed once, not at every scoring. */
const parsedThresholds = new WeakMap<Band, Decimal | null>();

function thresholdOf(indicatorCode: string, band: Band, integerOnly: boolean): Decimal {
  let parsed = parsedThresholds.get(band);
  if (parsed === undefined) {
    parsed = parseDecimal(band.threshold);
    parsedThresholds.set(band, parsed);
  }
  if (integerOnly && !isIntegerString(band.threshold)) parsed = null;
  if (parsed === null) {
    throw new IndicatorScoringError(
      indicatorCode,
      'INDICATOR_INVALID',
      `indicator ${indicatorCode} has an invalid threshold ${JSON.stringify(band.threshold)}; ` +
        'load criteria sets with parseCriteriaSet, which rejects it',
    );
  }
  return parsed;
}

function scoreBands(
  indicatorCode: string,
  bands: readonly Band[],
  otherwise: number,
  compare: (threshold: Decimal) => -1 | 0 | 1,
  integerOnly: boolean,
): Pick<IndicatorScore, 'points' | 'band' | 'rule'> {
  for (let index = 0; index < bands.length; index += 1) {
    const band = bands[index] as Band;
    if (bandOpHolds(band.op, compare(thresholdOf(indicatorCode, band, integerOnly)))) {
      return {
        points: band.points,
        band: { index, op: band.op, threshold: band.threshold },
        rule: 'BAND',
      };
    }
  }
  return { points: otherwise, band: null, rule: 'OTHERWISE' };
}

/**
 * Points that `input` earns on `indicator`, exactly.
 *
 * - RATE: denominator 0 → `whenNoDenominator.points` (rule `NO_DENOMINATOR`, `rate: null`);
 *   otherwise the first band whose comparison holds (rule `BAND`), else `otherwise`
 *   (rule `OTHERWISE`). Comparisons are integer-exact (see {@link compareRateToThreshold}).
 * - COUNT: same with the count compared to integer thresholds.
 * - BOOLEAN: `pointsIfYes` / `pointsIfNo` (rule `BOOLEAN`).
 * - GRADED: the points of the matching grade (rule `GRADE`).
 *
 * Throws {@link IndicatorScoringError} when {@link validateInput} reports any problem (kind
 * mismatch, unknown grade, missing, non-integer or negative value, numerator > denominator),
 * or `INDICATOR_INVALID` for a malformed indicator. Pure: same arguments, same result.
 */
export function scoreIndicator(indicator: Indicator, input: IndicatorInput): IndicatorScore {
  const problems = validateInput(indicator, input);
  const first = problems[0];
  if (first !== undefined) {
    throw new IndicatorScoringError(
      indicator.code,
      first.code,
      `cannot score indicator ${indicator.code}: ${problems.map((p) => p.message).join('; ')}`,
      problems,
    );
  }
  switch (indicator.kind) {
    case 'RATE': {
      if (input.kind !== 'RATE') break;
      const { numerator, denominator } = input;
      if (denominator === 0) {
        return {
          points: indicator.whenNoDenominator.points,
          band: null,
          rule: 'NO_DENOMINATOR',
          rate: null,
        };
      }
      const scored = scoreBands(
        indicator.code,
        indicator.bands,
        indicator.otherwise,
        (t) => compareRateToThreshold(numerator, denominator, t),
        false,
      );
      return {
        points: scored.points,
        band: scored.band,
        rule: scored.rule,
        rate: { numerator, denominator, percent: formatPercent(numerator, denominator) },
      };
    }
    case 'COUNT': {
      if (input.kind !== 'COUNT') break;
      const { count } = input;
      const scored = scoreBands(
        indicator.code,
        indicator.bands,
        indicator.otherwise,
        (t) => compareCountToThreshold(count, t),
        true,
      );
      return { points: scored.points, band: scored.band, rule: scored.rule, rate: null };
    }
    case 'BOOLEAN': {
      if (input.kind !== 'BOOLEAN') break;
      return {
        points: input.value ? indicator.pointsIfYes : indicator.pointsIfNo,
        band: null,
        rule: 'BOOLEAN',
        rate: null,
      };
    }
    case 'GRADED': {
      if (input.kind !== 'GRADED') break;
      const grade = input.grade;
      const match = indicator.grades.find((g) => g.grade === grade);
      if (match === undefined) break;
      return { points: match.points, band: null, rule: 'GRADE', rate: null };
    }
    default:
      assertNever(indicator, 'indicator kind');
  }
  // validateInput has ruled every mismatch out; reaching here is a bug, not bad input.
  throw new IndicatorScoringError(
    indicator.code,
    'WRONG_VALUE_KIND',
    `input of kind ${input.kind} does not fit indicator ${indicator.code} (${indicator.kind})`,
  );
}
