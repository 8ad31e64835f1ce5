/**
 * Validation of criteria-set documents (format `cfc-criteria-set/1`).
 *
 * `parseCriteriaSet` checks a parsed JSON value against every rule of `docs/criteria-sets.md`
 * and reports ALL problems at once, each with a stable code and a path such as
 * `criteria[3].indicators[0].bands[1].threshold`, so a person transcribing an official table
 * can fix a file in one pass.
 */
import { assertNever } from '../assert-never';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

import { compareDecimals, isIntegerString, parseDecimal } from './scoring';
import type { Decimal } from './scoring';
import {
  BAND_OPS,
  COMMUNE_CATEGORIES,
  CRITERION_MET_RULES,
  CRITERIA_SET_FORMAT,
  DEPARTMENT_CODES,
  DISQUALIFIER_OPS,
  INDICATOR_KINDS,
  PROVENANCES,
  RATE_DIRECTIONS,
} from './types';
import type { BandOp, CriteriaSet, IndicatorKind, Provenance } from './types';

/** Every code a {@link CriteriaSetIssue} can carry; each is described in `docs/criteria-sets.md`. */
export const CRITERIA_SET_ISSUE_CODES = [
  'JSON_INVALID',
  'FORMAT_UNSUPPORTED',
  'FIELD_REQUIRED',
  'FIELD_TYPE',
  'UNKNOWN_FIELD',
  'STRING_EMPTY',
  'ENUM_INVALID',
  'ID_INVALID',
  'VERSION_INVALID',
  'DATE_INVALID',
  'YEARS_INVALID',
  'LIST_EMPTY',
  'POINTS_INVALID',
  'POINTS_SUM_MISMATCH',
  'INDICATOR_MAX_MISMATCH',
  'CRITERION_NUMBERING',
  'CODE_INVALID',
  'DUPLICATE_CODE',
  'DEPARTMENT_UNKNOWN',
  'THRESHOLD_INVALID',
  'BAND_DIRECTION_MISMATCH',
  'BANDS_NOT_MONOTONIC',
  'BAND_UNREACHABLE',
  'NO_DENOMINATOR_EXCEEDS_MAX',
  'DUPLICATE_GRADE',
  'STATUS_INCONSISTENT',
  'PROVISIONAL_FLAG_INCONSISTENT',
  'MINIMUM_EXCEEDS_TOTAL',
  'REFERENCE_UNKNOWN',
  'REFERENCE_DUPLICATE',
  'DISQUALIFIER_KIND_INVALID',
  'DISQUALIFIER_VALUE_INVALID',
  'CONCEPT_INVALID',
  'DUPLICATE_CONCEPT',
  'MET_RULE_REQUIRED',
  'MET_POINTS_EXCEEDS_MAX',
] as const;

/** Stable code of one validation problem. */
export type CriteriaSetIssueCode = (typeof CRITERIA_SET_ISSUE_CODES)[number];

/**
 * One problem in a document. `path` locates the offending value (`""` = the document itself),
 * e.g. `criteria[3].indicators[0].bands[1].threshold` or `recognition.minimumTotal.OTHER`.
 */
export interface CriteriaSetIssue {
  path: string;
  code: CriteriaSetIssueCode;
  message: string;
}

const MAX_LISTED_ISSUES = 20;

/**
 * Thrown when a document is not a valid criteria set. `issues` lists every problem found (never
 * empty), in document order; `source` is the file it came from, when known.
 */
export class CriteriaSetValidationError extends Error {
  override readonly name = 'CriteriaSetValidationError';
  /** Error code for callers that map errors by code. */
  readonly code = 'CRITERIA_SET_INVALID';
  readonly issues: CriteriaSetIssue[];
  readonly source: string | undefined;

  constructor(issues: CriteriaSetIssue[], source?: string) {
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((i) => `  - ${i.path === '' ? '(document)' : i.path}: ${i.code} ${i.message}`);
    if (issues.length > MAX_LISTED_ISSUES) {
      listed.push(`  - … and ${issues.length - MAX_LISTED_ISSUES} more`);
    }
    super(
      `criteria set${source === undefined ? '' : ` ${source}`} is invalid ` +
        `(${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${listed.join('\n')}`,
    );
    this.issues = issues;
    this.source = source;
  }
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return `a value of type ${typeof value}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Collects issues; the readers report type problems and return `undefined` for unusable values. */
class Checker {
  readonly issues: CriteriaSetIssue[] = [];
  /** Every valid `status` value met, to check the top-level `provisional` flag. */
  readonly statuses: Provenance[] = [];
  invalidStatusSeen = false;

  report(path: string, code: CriteriaSetIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }

  /** Reports missing required keys and unknown keys of an object. */
  keys(
    obj: JsonObject,
    path: string,
    required: readonly string[],
    optional: readonly string[],
  ): void {
    for (const key of required) {
      if (!Object.hasOwn(obj, key)) {
        this.report(at(path, key), 'FIELD_REQUIRED', `${key} is required`);
      }
    }
    for (const key of Object.keys(obj)) {
      if (!required.includes(key) && !optional.includes(key)) {
        this.report(
          at(path, key),
          'UNKNOWN_FIELD',
          `unknown field ${JSON.stringify(key)}; ` +
            `allowed here: ${[...required, ...optional].join(', ')}`,
        );
      }
    }
  }

  object(
    value: unknown,
    path: string,
    required: readonly string[],
    optional: readonly string[] = [],
  ): JsonObject | undefined {
    if (!isObject(value)) {
      this.report(path, 'FIELD_TYPE', `must be an object, got ${describe(value)}`);
      return undefined;
    }
    this.keys(value, path, required, optional);
    return value;
  }

  field(obj: JsonObject, key: string): { present: boolean; value: unknown } {
    return Object.hasOwn(obj, key)
      ? { present: true, value: obj[key] }
      : { present: false, value: undefined };
  }

  /** A string field; `nonEmpty` also rejects blank strings with STRING_EMPTY. */
  string(obj: JsonObject, key: string, path: string, nonEmpty = true): string | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    const p = at(path, key);
    if (typeof value !== 'string') {
      this.report(p, 'FIELD_TYPE', `must be a string, got ${describe(value)}`);
      return undefined;
    }
    if (nonEmpty && value.trim() === '') {
      this.report(p, 'STRING_EMPTY', 'must not be empty');
      return undefined;
    }
    return value;
  }

  boolean(obj: JsonObject, key: string, path: string): boolean | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    if (typeof value !== 'boolean') {
      this.report(at(path, key), 'FIELD_TYPE', `must be true or false, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  number(obj: JsonObject, key: string, path: string): number | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    if (typeof value !== 'number') {
      this.report(at(path, key), 'FIELD_TYPE', `must be a number, got ${describe(value)}`);
      return undefined;
    }
    return value;
  }

  /** Points: a non-negative safe integer. */
  points(obj: JsonObject, key: string, path: string): number | undefined {
    const value = this.number(obj, key, path);
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value) || value < 0) {
      this.report(
        at(path, key),
        'POINTS_INVALID',
        `points must be a non-negative integer, got ${value}`,
      );
      return undefined;
    }
    return value;
  }

  oneOf<T extends string>(
    obj: JsonObject,
    key: string,
    path: string,
    allowed: readonly T[],
    code: CriteriaSetIssueCode = 'ENUM_INVALID',
  ): T | undefined {
    const value = this.string(obj, key, path, false);
    if (value === undefined) return undefined;
    const found = allowed.find((a) => a === value);
    if (found === undefined) {
      this.report(
        at(path, key),
        code,
        `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`,
      );
    }
    return found;
  }

  status(obj: JsonObject, key: string, path: string): Provenance | undefined {
    const present = Object.hasOwn(obj, key);
    const value = this.oneOf(obj, key, path, PROVENANCES);
    if (value === undefined) {
      if (present) this.invalidStatusSeen = true;
    } else {
      this.statuses.push(value);
    }
    return value;
  }

  array(obj: JsonObject, key: string, path: string, nonEmpty: boolean): unknown[] | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    if (!Array.isArray(value)) {
      this.report(at(path, key), 'FIELD_TYPE', `must be an array, got ${describe(value)}`);
      return undefined;
    }
    if (nonEmpty && value.length === 0) {
      this.report(at(path, key), 'LIST_EMPTY', 'must contain at least one entry');
    }
    return value;
  }
}

const ID_PATTERN = /^[A-Z0-9][A-Z0-9-]*$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const INDICATOR_CODE_PATTERN = /^([1-9][0-9]*)\.([1-9][0-9]*)$/;
const HUNDRED: Decimal = { units: 100n, scale: 0 };
const ZERO: Decimal = { units: 0n, scale: 0 };

function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

function isYear(value: number): boolean {
  return Number.isInteger(value) && value >= 1000 && value <= 9999;
}

const ROOT_REQUIRED = [
  'format',
  'id',
  'version',
  'title',
  'legalBasis',
  'years',
  'maxTotal',
  'provisional',
  'criteria',
  'recognition',
] as const;
const NOTES = ['notes'] as const;
const CRITERION_OPTIONAL = ['notes', 'fieldStatus', 'met'] as const;
const INDICATOR_OPTIONAL = ['notes', 'fieldStatus', 'concept'] as const;
const RECOGNITION_OPTIONAL = ['everyCriterionMet'] as const;
const FIELD_STATUS_FIELDS = ['title', 'maxPoints'] as const;
const CONCEPT_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
const LEGAL_BASIS_REQUIRED = ['document', 'issuedOn', 'title', 'status'];
const CRITERION_REQUIRED = ['number', 'title', 'department', 'maxPoints', 'status', 'indicators'];
const RECOGNITION_REQUIRED = [
  'minimumTotal',
  'noCriterionAtZero',
  'criteriaAtMaximum',
  'disqualifyingIndicators',
];
const INDICATOR_BASE = ['code', 'kind', 'title', 'department', 'maxPoints', 'status'] as const;
const INDICATOR_FIELDS: Readonly<Record<IndicatorKind, readonly string[]>> = {
  RATE: ['direction', 'numerator', 'denominator', 'bands', 'otherwise', 'whenNoDenominator'],
  COUNT: ['counted', 'bands', 'otherwise'],
  BOOLEAN: ['question', 'pointsIfYes', 'pointsIfNo'],
  GRADED: ['grades'],
};
const ALL_INDICATOR_FIELDS = [
  ...INDICATOR_BASE,
  ...INDICATOR_OPTIONAL,
  ...INDICATOR_KINDS.flatMap((k) => INDICATOR_FIELDS[k]),
];

/** How a list of bands must be ordered. */
type BandMode = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'COUNT';

const BAND_OPS_BY_MODE: Readonly<Record<BandMode, readonly BandOp[]>> = {
  HIGHER_IS_BETTER: ['>=', '>'],
  LOWER_IS_BETTER: ['<=', '<'],
  COUNT: ['<=', '<'],
};

interface IndicatorSummary {
  code: string;
  kind: IndicatorKind | undefined;
  maxPoints: number | undefined;
}

/**
 * Checks `fieldStatus` of a criterion or indicator whose own status is `status`: a field can be
 * marked confirmed inside a provisional owner, never provisional inside a confirmed one, and an
 * owner whose every field is confirmed is itself confirmed only if nothing else of it is
 * provisional (so that case is left to the owner's status).
 */
function checkFieldStatus(c: Checker, owner: JsonObject, path: string, status: Provenance | undefined): void {
  if (!Object.hasOwn(owner, 'fieldStatus')) return;
  const p = at(path, 'fieldStatus');
  const fields = c.object(owner.fieldStatus, p, [], FIELD_STATUS_FIELDS);
  if (fields === undefined) return;
  for (const key of FIELD_STATUS_FIELDS) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = c.status(fields, key, p);
    if (value === 'provisional' && status === 'confirmed') {
      c.report(at(p, key), 'STATUS_INCONSISTENT', `${key} is marked provisional inside a confirmed ${path.includes('indicators') ? 'indicator' : 'criterion'}`);
    }
  }
}

/**
 * Checks `bands` and `otherwise` of a RATE (`mode` = its direction, `undefined` if that is
 * invalid) or a COUNT. Returns the highest points when every points value is valid.
 */
function checkBands(
  c: Checker,
  obj: JsonObject,
  path: string,
  kind: 'RATE' | 'COUNT',
  mode: BandMode | undefined,
  indicatorStatus: Provenance | undefined,
): { pointsValid: boolean; maxPoints: number | undefined } {
  const bands = c.array(obj, 'bands', path, true);
  const otherwise = c.points(obj, 'otherwise', path);
  let pointsValid = bands !== undefined && bands.length > 0 && otherwise !== undefined;
  let maxPoints = otherwise;
  let previous: { threshold: Decimal | undefined; points: number | undefined } | undefined;
  const isRate = kind === 'RATE';
  for (const [k, raw] of (bands ?? []).entries()) {
    const p = at(at(path, 'bands'), k);
    const band = c.object(raw, p, ['op', 'threshold', 'points'], ['status']);
    if (band === undefined) {
      pointsValid = false;
      previous = undefined;
      continue;
    }
    const op = c.oneOf(band, 'op', p, BAND_OPS);
    if (op !== undefined && mode !== undefined && !BAND_OPS_BY_MODE[mode].includes(op)) {
      c.report(
        at(p, 'op'),
        'BAND_DIRECTION_MISMATCH',
        `${op} is not allowed for ${mode === 'COUNT' ? 'a COUNT' : mode}; use ${BAND_OPS_BY_MODE[mode].join(' or ')}`,
      );
    }
    let threshold: Decimal | undefined;
    const { present, value } = c.field(band, 'threshold');
    if (present) {
      if (typeof value !== 'string') {
        c.report(
          at(p, 'threshold'),
          'FIELD_TYPE',
          `must be a decimal string such as "98" or "97.5" (never a JSON number), got ${describe(value)}`,
        );
      } else if (!isRate) {
        if (isIntegerString(value)) {
          threshold = parseDecimal(value) ?? undefined;
        } else {
          c.report(
            at(p, 'threshold'),
            'THRESHOLD_INVALID',
            `a count threshold must be a non-negative integer string, got ${JSON.stringify(value)}`,
          );
        }
      } else {
        const parsed = parseDecimal(value);
        if (parsed === null) {
          c.report(
            at(p, 'threshold'),
            'THRESHOLD_INVALID',
            `must be a plain decimal such as "98" or "97.5", got ${JSON.stringify(value)}`,
          );
        } else if (compareDecimals(parsed, HUNDRED) > 0) {
          c.report(
            at(p, 'threshold'),
            'THRESHOLD_INVALID',
            `a rate threshold is a percentage between 0 and 100, got ${value}`,
          );
        } else {
          threshold = parsed;
        }
      }
    }
    const points = c.points(band, 'points', p);
    if (points === undefined) pointsValid = false;
    else maxPoints = maxPoints === undefined ? points : Math.max(maxPoints, points);
    const bandStatus = c.status(band, 'status', p);
    if (bandStatus === 'provisional' && indicatorStatus === 'confirmed') {
      c.report(
        at(p, 'status'),
        'STATUS_INCONSISTENT',
        'a provisional band cannot belong to a confirmed indicator',
      );
    }
    const opAllowed = op !== undefined && mode !== undefined && BAND_OPS_BY_MODE[mode].includes(op);
    if (opAllowed && threshold !== undefined) {
      if (op === '>' && compareDecimals(threshold, HUNDRED) >= 0) {
        c.report(p, 'BAND_UNREACHABLE', 'a rate can never exceed 100 %');
      } else if (op === '<' && compareDecimals(threshold, ZERO) === 0) {
        c.report(p, 'BAND_UNREACHABLE', `a ${isRate ? 'rate' : 'count'} can never be below 0`);
      }
    }
    if (previous !== undefined && mode !== undefined) {
      if (previous.threshold !== undefined && threshold !== undefined) {
        const order = compareDecimals(threshold, previous.threshold);
        if (mode === 'HIGHER_IS_BETTER' && order >= 0) {
          c.report(
            at(p, 'threshold'),
            'BANDS_NOT_MONOTONIC',
            'thresholds of a higher-is-better rate must strictly decrease down the list (best band first)',
          );
        } else if (mode !== 'HIGHER_IS_BETTER' && order <= 0) {
          c.report(
            at(p, 'threshold'),
            'BANDS_NOT_MONOTONIC',
            'thresholds must strictly increase down the list (best band first)',
          );
        }
      }
      if (previous.points !== undefined && points !== undefined && points >= previous.points) {
        c.report(
          at(p, 'points'),
          'BANDS_NOT_MONOTONIC',
          `points must strictly decrease down the list; the band above gives ${previous.points}`,
        );
      }
    }
    previous = { threshold, points };
  }
  const last = bands !== undefined && bands.length > 0 ? previous : undefined;
  if (last?.points !== undefined && otherwise !== undefined && otherwise >= last.points) {
    c.report(
      at(path, 'otherwise'),
      'BANDS_NOT_MONOTONIC',
      `otherwise must be below the last band's ${last.points} points`,
    );
  }
  return { pointsValid, maxPoints };
}

function checkIndicator(
  c: Checker,
  raw: unknown,
  path: string,
  criterionNumber: number,
  seen: Map<string, string>,
): IndicatorSummary | undefined {
  if (!isObject(raw)) {
    c.report(path, 'FIELD_TYPE', `an indicator must be an object, got ${describe(raw)}`);
    return undefined;
  }
  const kind = c.oneOf(raw, 'kind', path, INDICATOR_KINDS);
  if (kind === undefined) {
    c.keys(raw, path, INDICATOR_BASE, ALL_INDICATOR_FIELDS);
  } else {
    c.keys(raw, path, [...INDICATOR_BASE, ...INDICATOR_FIELDS[kind]], INDICATOR_OPTIONAL);
  }
  const code = c.string(raw, 'code', path);
  if (code !== undefined) {
    const match = INDICATOR_CODE_PATTERN.exec(code);
    if (match === null || Number(match[1]) !== criterionNumber) {
      c.report(
        at(path, 'code'),
        'CODE_INVALID',
        `must be "${criterionNumber}.<n>" (n = 1, 2, …), got ${JSON.stringify(code)}`,
      );
    }
    const first = seen.get(code);
    if (first !== undefined) {
      c.report(
        at(path, 'code'),
        'DUPLICATE_CODE',
        `indicator code ${code} is already used at ${first}`,
      );
    } else {
      seen.set(code, at(path, 'code'));
    }
  }
  c.string(raw, 'title', path);
  c.oneOf(raw, 'department', path, DEPARTMENT_CODES, 'DEPARTMENT_UNKNOWN');
  const maxPoints = c.points(raw, 'maxPoints', path);
  const status = c.status(raw, 'status', path);
  c.string(raw, 'notes', path);
  checkFieldStatus(c, raw, path, status);
  const concept = c.string(raw, 'concept', path);
  if (concept !== undefined) {
    if (!CONCEPT_PATTERN.test(concept)) {
      c.report(
        at(path, 'concept'),
        'CONCEPT_INVALID',
        `must be lower-case words joined by "-" and "." (e.g. "immunisation.under-1.full"), got ${JSON.stringify(concept)}`,
      );
    } else {
      const key = `concept:${concept}`;
      const first = seen.get(key);
      if (first !== undefined) {
        c.report(at(path, 'concept'), 'DUPLICATE_CONCEPT', `concept ${concept} is already given at ${first}`);
      } else {
        seen.set(key, at(path, 'concept'));
      }
    }
  }

  let achievable: number | undefined;
  switch (kind) {
    case 'RATE': {
      const direction = c.oneOf(raw, 'direction', path, RATE_DIRECTIONS);
      c.string(raw, 'numerator', path);
      c.string(raw, 'denominator', path);
      const bands = checkBands(c, raw, path, 'RATE', direction, status);
      if (bands.pointsValid) achievable = bands.maxPoints;
      const wndPath = at(path, 'whenNoDenominator');
      const wnd = Object.hasOwn(raw, 'whenNoDenominator')
        ? c.object(raw.whenNoDenominator, wndPath, ['points', 'reason'])
        : undefined;
      if (wnd !== undefined) {
        const points = c.points(wnd, 'points', wndPath);
        c.string(wnd, 'reason', wndPath);
        if (points !== undefined && maxPoints !== undefined && points > maxPoints) {
          c.report(
            at(wndPath, 'points'),
            'NO_DENOMINATOR_EXCEEDS_MAX',
            `${points} exceeds the indicator's maxPoints ${maxPoints}`,
          );
        }
      }
      break;
    }
    case 'COUNT': {
      c.string(raw, 'counted', path);
      const bands = checkBands(c, raw, path, 'COUNT', 'COUNT', status);
      if (bands.pointsValid) achievable = bands.maxPoints;
      break;
    }
    case 'BOOLEAN': {
      c.string(raw, 'question', path);
      const yes = c.points(raw, 'pointsIfYes', path);
      const no = c.points(raw, 'pointsIfNo', path);
      if (yes !== undefined && no !== undefined) achievable = Math.max(yes, no);
      break;
    }
    case 'GRADED': {
      const grades = c.array(raw, 'grades', path, true);
      const names = new Map<string, number>();
      let valid = grades !== undefined && grades.length > 0;
      let best: number | undefined;
      for (const [k, rawGrade] of (grades ?? []).entries()) {
        const p = at(at(path, 'grades'), k);
        const grade = c.object(rawGrade, p, ['grade', 'label', 'points']);
        if (grade === undefined) {
          valid = false;
          continue;
        }
        const name = c.string(grade, 'grade', p);
        if (name !== undefined) {
          const first = names.get(name);
          if (first !== undefined) {
            c.report(
              at(p, 'grade'),
              'DUPLICATE_GRADE',
              `grade ${JSON.stringify(name)} is already defined at grades[${first}]`,
            );
          } else {
            names.set(name, k);
          }
        }
        c.string(grade, 'label', p);
        const points = c.points(grade, 'points', p);
        if (points === undefined) valid = false;
        else best = best === undefined ? points : Math.max(best, points);
      }
      if (valid) achievable = best;
      break;
    }
    case undefined:
      break;
    default:
      assertNever(kind, 'indicator kind');
  }
  if (achievable !== undefined && maxPoints !== undefined && achievable !== maxPoints) {
    c.report(
      at(path, 'maxPoints'),
      'INDICATOR_MAX_MISMATCH',
      `maxPoints is ${maxPoints} but the most the indicator can give is ${achievable}`,
    );
  }
  return code === undefined ? undefined : { code, kind, maxPoints };
}

interface CriterionSummary {
  number: number;
  maxPoints: number | undefined;
  /** Whether the criterion states what "met" means. */
  hasMet: boolean;
}

function checkCriterion(
  c: Checker,
  raw: unknown,
  index: number,
  seen: Map<string, string>,
  indicators: IndicatorSummary[],
): CriterionSummary | undefined {
  const path = at('criteria', index);
  const criterion = c.object(raw, path, CRITERION_REQUIRED, CRITERION_OPTIONAL);
  if (criterion === undefined) return undefined;
  const expected = index + 1;
  const number = c.number(criterion, 'number', path);
  if (number !== undefined && number !== expected) {
    c.report(
      at(path, 'number'),
      'CRITERION_NUMBERING',
      `criteria are numbered 1..n in document order; expected ${expected}, got ${number}`,
    );
  }
  c.string(criterion, 'title', path);
  c.oneOf(criterion, 'department', path, DEPARTMENT_CODES, 'DEPARTMENT_UNKNOWN');
  const maxPoints = c.points(criterion, 'maxPoints', path);
  const status = c.status(criterion, 'status', path);
  c.string(criterion, 'notes', path);
  checkFieldStatus(c, criterion, path, status);
  if (Object.hasOwn(criterion, 'met')) {
    const p = at(path, 'met');
    const met = isObject(criterion.met) ? criterion.met : undefined;
    if (met === undefined) {
      c.report(p, 'FIELD_TYPE', `must be an object, got ${describe(criterion.met)}`);
    } else {
      const rule = c.oneOf(met, 'rule', p, CRITERION_MET_RULES);
      // With an unknown rule, whether `points` belongs is unknown: only the rule is reported.
      c.keys(met, p, rule === 'MIN_POINTS' ? ['rule', 'points', 'status'] : ['rule', 'status'], rule === undefined ? ['points'] : []);
      if (rule === 'MIN_POINTS') {
        const points = c.points(met, 'points', p);
        if (points !== undefined && maxPoints !== undefined && points > maxPoints) {
          c.report(at(p, 'points'), 'MET_POINTS_EXCEEDS_MAX', `${points} exceeds the criterion's maxPoints ${maxPoints}: it could never be met`);
        }
      }
      c.status(met, 'status', p);
    }
  }
  const list = c.array(criterion, 'indicators', path, true);
  let sum = 0;
  let sumValid = list !== undefined && list.length > 0;
  for (const [k, rawIndicator] of (list ?? []).entries()) {
    const summary = checkIndicator(c, rawIndicator, at(at(path, 'indicators'), k), expected, seen);
    if (summary === undefined || summary.maxPoints === undefined) {
      sumValid = false;
    } else {
      sum += summary.maxPoints;
    }
    if (summary !== undefined) indicators.push(summary);
  }
  if (sumValid && maxPoints !== undefined && sum !== maxPoints) {
    c.report(
      at(path, 'maxPoints'),
      'POINTS_SUM_MISMATCH',
      `maxPoints is ${maxPoints} but its indicators add up to ${sum}`,
    );
  }
  return { number: expected, maxPoints, hasMet: Object.hasOwn(criterion, 'met') };
}

function checkRecognition(
  c: Checker,
  raw: unknown,
  maxTotal: number | undefined,
  criterionCount: number,
  indicators: readonly IndicatorSummary[],
  criteria: readonly (CriterionSummary | undefined)[],
): void {
  const path = 'recognition';
  const recognition = c.object(raw, path, RECOGNITION_REQUIRED, RECOGNITION_OPTIONAL);
  if (recognition === undefined) return;

  if (Object.hasOwn(recognition, 'everyCriterionMet')) {
    const p = at(path, 'everyCriterionMet');
    const rule = c.object(recognition.everyCriterionMet, p, ['enabled', 'status']);
    if (rule !== undefined) {
      const enabled = c.boolean(rule, 'enabled', p);
      c.status(rule, 'status', p);
      if (enabled === true) {
        for (const [index, criterion] of criteria.entries()) {
          if (criterion !== undefined && !criterion.hasMet) {
            c.report(at(at('criteria', index), 'met'), 'MET_RULE_REQUIRED', `recognition.everyCriterionMet is enabled, so criterion ${criterion.number} must say what "met" means`);
          }
        }
      }
    }
  }

  const minPath = at(path, 'minimumTotal');
  if (Object.hasOwn(recognition, 'minimumTotal')) {
    const minimum = c.object(recognition.minimumTotal, minPath, COMMUNE_CATEGORIES);
    for (const category of COMMUNE_CATEGORIES) {
      if (minimum === undefined || !Object.hasOwn(minimum, category)) continue;
      const p = at(minPath, category);
      const entry = c.object(minimum[category], p, ['points', 'status']);
      if (entry === undefined) continue;
      const points = c.points(entry, 'points', p);
      c.status(entry, 'status', p);
      if (points !== undefined && maxTotal !== undefined && points > maxTotal) {
        c.report(
          at(p, 'points'),
          'MINIMUM_EXCEEDS_TOTAL',
          `${points} exceeds maxTotal ${maxTotal}: no commune could be recognised`,
        );
      }
    }
  }

  if (Object.hasOwn(recognition, 'noCriterionAtZero')) {
    const p = at(path, 'noCriterionAtZero');
    const rule = c.object(recognition.noCriterionAtZero, p, ['enabled', 'status']);
    if (rule !== undefined) {
      c.boolean(rule, 'enabled', p);
      c.status(rule, 'status', p);
    }
  }

  if (Object.hasOwn(recognition, 'criteriaAtMaximum')) {
    const p = at(path, 'criteriaAtMaximum');
    const rule = c.object(recognition.criteriaAtMaximum, p, ['criteria', 'status']);
    if (rule !== undefined) {
      const list = c.array(rule, 'criteria', p, false);
      const seen = new Set<number>();
      for (const [k, value] of (list ?? []).entries()) {
        const q = at(at(p, 'criteria'), k);
        if (typeof value !== 'number') {
          c.report(q, 'FIELD_TYPE', `must be a criterion number, got ${describe(value)}`);
        } else if (!Number.isInteger(value) || value < 1 || value > criterionCount) {
          c.report(
            q,
            'REFERENCE_UNKNOWN',
            `there is no criterion ${value} (criteria are 1..${criterionCount})`,
          );
        } else if (seen.has(value)) {
          c.report(q, 'REFERENCE_DUPLICATE', `criterion ${value} is listed twice`);
        } else {
          seen.add(value);
        }
      }
      c.status(rule, 'status', p);
    }
  }

  const list = c.array(recognition, 'disqualifyingIndicators', path, false);
  for (const [k, rawCondition] of (list ?? []).entries()) {
    const p = at(at(path, 'disqualifyingIndicators'), k);
    const condition = c.object(rawCondition, p, ['indicator', 'when', 'status']);
    if (condition === undefined) continue;
    const code = c.string(condition, 'indicator', p);
    let kind: IndicatorKind | undefined;
    if (code !== undefined) {
      const target = indicators.find((i) => i.code === code);
      if (target === undefined) {
        c.report(
          at(p, 'indicator'),
          'REFERENCE_UNKNOWN',
          `there is no indicator ${JSON.stringify(code)} in this set`,
        );
      } else if (target.kind !== undefined) {
        kind = target.kind;
        if (kind !== 'COUNT' && kind !== 'BOOLEAN') {
          c.report(
            at(p, 'indicator'),
            'DISQUALIFIER_KIND_INVALID',
            `indicator ${code} is ${kind}; only COUNT and BOOLEAN indicators can disqualify`,
          );
        }
      }
    }
    if (Object.hasOwn(condition, 'when')) {
      const q = at(p, 'when');
      const when = c.object(condition.when, q, ['op', 'value']);
      if (when !== undefined) {
        c.oneOf(when, 'op', q, DISQUALIFIER_OPS);
        const value = c.number(when, 'value', q);
        if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
          c.report(
            at(q, 'value'),
            'DISQUALIFIER_VALUE_INVALID',
            `must be a non-negative integer, got ${value}`,
          );
        } else if (value !== undefined && kind === 'BOOLEAN' && value > 1) {
          c.report(
            at(q, 'value'),
            'DISQUALIFIER_VALUE_INVALID',
            `a BOOLEAN indicator is compared as yes = 1, no = 0; got ${value}`,
          );
        }
      }
    }
    c.status(condition, 'status', p);
  }
}

function checkDocument(c: Checker, raw: unknown): void {
  if (!isObject(raw)) {
    c.report('', 'FIELD_TYPE', `a criteria set must be a JSON object, got ${describe(raw)}`);
    return;
  }
  if (Object.hasOwn(raw, 'format') && raw.format !== CRITERIA_SET_FORMAT) {
    // Another format has other rules: checking it against these would only produce noise.
    c.report(
      'format',
      'FORMAT_UNSUPPORTED',
      `format ${describe(raw.format)} is not supported; expected "${CRITERIA_SET_FORMAT}"`,
    );
    return;
  }
  c.keys(raw, '', ROOT_REQUIRED, NOTES);

  const id = c.string(raw, 'id', '', false);
  if (id !== undefined && !ID_PATTERN.test(id)) {
    c.report(
      'id',
      'ID_INVALID',
      `must match ${ID_PATTERN.source} (capital letters, digits, hyphens), got ${JSON.stringify(id)}`,
    );
  }
  const version = c.number(raw, 'version', '');
  if (version !== undefined && (!Number.isSafeInteger(version) || version < 1)) {
    c.report('version', 'VERSION_INVALID', `must be a positive integer, got ${version}`);
  }
  c.string(raw, 'title', '');
  c.string(raw, 'notes', '');

  if (Object.hasOwn(raw, 'legalBasis')) {
    const legal = c.object(raw.legalBasis, 'legalBasis', LEGAL_BASIS_REQUIRED);
    if (legal !== undefined) {
      c.string(legal, 'document', 'legalBasis');
      const issuedOn = c.string(legal, 'issuedOn', 'legalBasis', false);
      if (issuedOn !== undefined && !isRealDate(issuedOn)) {
        c.report(
          'legalBasis.issuedOn',
          'DATE_INVALID',
          `must be a calendar date YYYY-MM-DD, got ${JSON.stringify(issuedOn)}`,
        );
      }
      c.string(legal, 'title', 'legalBasis');
      c.status(legal, 'status', 'legalBasis');
    }
  }

  if (Object.hasOwn(raw, 'years')) {
    const years = c.object(raw.years, 'years', ['from', 'to']);
    if (years !== undefined) {
      const from = c.number(years, 'from', 'years');
      if (from !== undefined && !isYear(from)) {
        c.report('years.from', 'YEARS_INVALID', `must be a four-digit year, got ${from}`);
      }
      let to: number | undefined;
      if (Object.hasOwn(years, 'to') && years.to !== null) {
        to = c.number(years, 'to', 'years');
        if (to !== undefined && !isYear(to)) {
          c.report(
            'years.to',
            'YEARS_INVALID',
            `must be a four-digit year or null (open-ended), got ${to}`,
          );
          to = undefined;
        }
      }
      if (from !== undefined && isYear(from) && to !== undefined && from > to) {
        c.report('years.to', 'YEARS_INVALID', `the range ends (${to}) before it starts (${from})`);
      }
    }
  }

  const maxTotal = c.points(raw, 'maxTotal', '');
  const provisional = c.boolean(raw, 'provisional', '');

  const seen = new Map<string, string>();
  const indicators: IndicatorSummary[] = [];
  const criteria = c.array(raw, 'criteria', '', true);
  let sum = 0;
  let sumValid = criteria !== undefined && criteria.length > 0;
  const criterionSummaries: (CriterionSummary | undefined)[] = [];
  for (const [index, rawCriterion] of (criteria ?? []).entries()) {
    const summary = checkCriterion(c, rawCriterion, index, seen, indicators);
    criterionSummaries.push(summary);
    if (summary?.maxPoints === undefined) sumValid = false;
    else sum += summary.maxPoints;
  }
  if (sumValid && maxTotal !== undefined && sum !== maxTotal) {
    c.report(
      'maxTotal',
      'POINTS_SUM_MISMATCH',
      `maxTotal is ${maxTotal} but the criteria add up to ${sum}`,
    );
  }

  if (Object.hasOwn(raw, 'recognition')) {
    checkRecognition(c, raw.recognition, maxTotal, criteria?.length ?? 0, indicators, criterionSummaries);
  }

  const anyProvisional = c.statuses.includes('provisional');
  // With an unreadable status the truth is unknown, unless a provisional one was already seen.
  const decidable = anyProvisional || !c.invalidStatusSeen;
  if (provisional !== undefined && decidable && provisional !== anyProvisional) {
    c.report(
      'provisional',
      'PROVISIONAL_FLAG_INCONSISTENT',
      anyProvisional
        ? 'is false but the document contains provisional statuses'
        : 'is true but every status in the document is confirmed',
    );
  }
}

/**
 * Every problem in `raw` (a parsed JSON value) as a criteria set; an empty list means it is
 * valid. Never throws. Problems are in document order; a document whose `format` is present and
 * unsupported yields only `FORMAT_UNSUPPORTED`.
 */
export function collectCriteriaSetIssues(raw: unknown): CriteriaSetIssue[] {
  const checker = new Checker();
  checkDocument(checker, raw);
  return checker.issues;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a parsed JSON value and returns it as a {@link CriteriaSet}: a deep-frozen copy (the
 * argument is not modified or retained), so a loaded set cannot be edited in place.
 * Throws {@link CriteriaSetValidationError} listing every problem when it is not valid;
 * `source` (e.g. a file path) is only used in that error.
 */
export function parseCriteriaSet(raw: unknown, source?: string): CriteriaSet {
  const issues = collectCriteriaSetIssues(raw);
  if (issues.length > 0) throw new CriteriaSetValidationError(issues, source);
  // The checks above establish that raw is plain JSON of exactly the shape of CriteriaSet, so a
  // JSON round trip is a faithful deep copy (and, unlike structuredClone, stays in this realm).
  return deepFreeze(JSON.parse(JSON.stringify(raw)) as CriteriaSet);
}

function parseText(text: string, source: string): CriteriaSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CriteriaSetValidationError(
      [{ path: '', code: 'JSON_INVALID', message: `not valid JSON: ${reason}` }],
      source,
    );
  }
  return parseCriteriaSet(raw, source);
}

/**
 * Reads a UTF-8 JSON file (a leading BOM is ignored) and parses it with {@link parseCriteriaSet}.
 * Throws {@link CriteriaSetValidationError} (`JSON_INVALID` for text that is not JSON, or the
 * validation issues); file-system errors such as `ENOENT` are passed through unchanged.
 */
export async function loadCriteriaSetFile(path: string): Promise<CriteriaSet> {
  return parseText(await readFile(path, 'utf8'), path);
}

/** Synchronous {@link loadCriteriaSetFile}, for start-up code and scripts. Same contract. */
export function loadCriteriaSetFileSync(path: string): CriteriaSet {
  return parseText(readFileSync(path, 'utf8'), path);
}

/**
 * Canonical JSON text of a JSON-compatible value: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` object members omitted. Equal content ⇒ equal text, whatever the key
 * order or formatting of the file. Throws `TypeError` for values JSON cannot represent
 * (non-finite numbers, bigint, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item)));
    return `[${items.join(',')}]`;
  }
  if (isObject(value)) {
    const members = Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} is not representable in JSON`);
}

/**
 * SHA-256 of {@link canonicalJson}(set) as 64 lowercase hex digits. The same content always
 * gives the same hash (key order and whitespace of the file do not matter); any change, notes
 * included, gives another. Store it with each result to prove which content produced it.
 */
export function contentHash(set: CriteriaSet): string {
  return createHash('sha256').update(canonicalJson(set), 'utf8').digest('hex');
}
