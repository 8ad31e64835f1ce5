/**
 * Validation rules as data (format `cfc-validation-rules/1`, files in `validation-rules/`,
 * documented in docs/validation-rules.md): range and plausibility rules on one indicator, and
 * comparisons across departments — e.g. under-1s fully immunised (Sở Y tế, 7.1 numerator) ≤ births
 * of the year (Sở Tư pháp, 2.1 denominator) × 1.1. Each rule has a severity: ERROR refuses the row,
 * WARNING stores it and flags it. A document is validated as a whole and every problem is reported
 * with its path, like criteria sets.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { CriteriaSet, DepartmentCode, IndicatorKind } from '../criteria/types';
import { DEPARTMENT_CODES } from '../criteria/types';

export const RULE_SET_FORMAT = 'cfc-validation-rules/1';
export const RULE_SEVERITIES = ['ERROR', 'WARNING'] as const;
export type RuleSeverity = (typeof RULE_SEVERITIES)[number];
export const RULE_FIELDS = ['numerator', 'denominator', 'count', 'rate'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];
export const COMPARE_OPS = ['<=', '>=', '<', '>'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** A figure a rule reads: a field of one department's indicator. */
export interface RuleOperand {
  department: DepartmentCode;
  indicator: string;
  field: RuleField;
}

interface RuleBase {
  id: string;
  severity: RuleSeverity;
  title: string;
  titleVi: string;
  /** The figure checked; its department's rows are refused or flagged. */
  left: RuleOperand;
}

/** `left` within [min, max] (decimal strings; either may be null). */
export interface RangeRule extends RuleBase {
  check: 'RANGE';
  min: string | null;
  max: string | null;
}

/** `left op right × factor`. */
export interface CompareRule extends RuleBase {
  check: 'COMPARE';
  op: CompareOp;
  right: RuleOperand;
  factor: string;
}

export type ValidationRule = RangeRule | CompareRule;

export interface RuleSet {
  format: typeof RULE_SET_FORMAT;
  id: string;
  version: number;
  criteriaSetId: string;
  /** The first assessment year this version applies to; null: every year of the criteria set. */
  fromYear: number | null;
  provisional: boolean;
  description: string;
  rules: ValidationRule[];
}

export const RULE_SET_ISSUE_CODES = [
  'JSON_INVALID',
  'FORMAT_UNSUPPORTED',
  'FIELD_REQUIRED',
  'FIELD_TYPE',
  'UNKNOWN_FIELD',
  'ENUM_INVALID',
  'VERSION_INVALID',
  'DUPLICATE_ID',
  'DECIMAL_INVALID',
  'RANGE_INVALID',
  'INDICATOR_UNKNOWN',
  'DEPARTMENT_MISMATCH',
  'FIELD_NOT_OF_KIND',
  'CRITERIA_SET_MISMATCH',
  'YEAR_INVALID',
] as const;
export type RuleSetIssueCode = (typeof RULE_SET_ISSUE_CODES)[number];

export interface RuleSetIssue {
  path: string;
  code: RuleSetIssueCode;
  message: string;
}

/** Thrown for an invalid document; `issues` lists every problem (never empty). */
export class RuleSetValidationError extends Error {
  override readonly name = 'RuleSetValidationError';
  readonly code = 'RULE_SET_INVALID';
  constructor(
    readonly issues: RuleSetIssue[],
    readonly source?: string,
  ) {
    super(
      `validation rules${source ? ` ${source}` : ''} are invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${issues.map((i) => `  - ${i.path || '(document)'}: ${i.code} ${i.message}`).join('\n')}`,
    );
  }
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const FIELDS_OF_KIND: Record<IndicatorKind, readonly RuleField[]> = {
  RATE: ['numerator', 'denominator', 'rate'],
  COUNT: ['count'],
  BOOLEAN: [],
  GRADED: [],
};

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a parsed JSON document; with `set`, also that every operand names an indicator of
 * that criteria set, of the department it says, with a field its kind has.
 * @throws RuleSetValidationError listing every problem
 */
export function parseRuleSet(value: unknown, set?: CriteriaSet, source?: string): RuleSet {
  const issues: RuleSetIssue[] = [];
  const report = (p: string, code: RuleSetIssueCode, message: string) => issues.push({ path: p, code, message });
  const keys = (obj: Json, p: string, required: string[], optional: string[] = []) => {
    for (const k of required)
      if (!Object.hasOwn(obj, k)) report(p ? `${p}.${k}` : k, 'FIELD_REQUIRED', `${k} is required`);
    for (const k of Object.keys(obj))
      if (!required.includes(k) && !optional.includes(k))
        report(
          p ? `${p}.${k}` : k,
          'UNKNOWN_FIELD',
          `unknown field ${JSON.stringify(k)}; allowed: ${[...required, ...optional].join(', ')}`,
        );
  };
  const str = (obj: Json, k: string, p: string): string | undefined => {
    if (!Object.hasOwn(obj, k)) return undefined;
    const v = obj[k];
    if (typeof v !== 'string' || v.trim() === '') {
      report(`${p}.${k}`.replace(/^\./, ''), 'FIELD_TYPE', 'must be a non-empty string');
      return undefined;
    }
    return v;
  };
  const decimal = (obj: Json, k: string, p: string, nullable: boolean): string | null | undefined => {
    if (!Object.hasOwn(obj, k)) return undefined;
    const v = obj[k];
    if (v === null && nullable) return null;
    if (typeof v !== 'string' || !DECIMAL.test(v)) {
      report(`${p}.${k}`, 'DECIMAL_INVALID', `must be a decimal string such as "1.1"${nullable ? ' or null' : ''}`);
      return undefined;
    }
    return v;
  };
  const operand = (v: unknown, p: string): RuleOperand | undefined => {
    if (!isObject(v)) {
      report(p, 'FIELD_TYPE', 'must be an object { department, indicator, field }');
      return undefined;
    }
    keys(v, p, ['department', 'indicator', 'field']);
    const department = str(v, 'department', p);
    const indicator = str(v, 'indicator', p);
    const field = str(v, 'field', p);
    if (department && !(DEPARTMENT_CODES as readonly string[]).includes(department))
      report(`${p}.department`, 'ENUM_INVALID', `${department} is not one of ${DEPARTMENT_CODES.join(', ')}`);
    if (field && !(RULE_FIELDS as readonly string[]).includes(field))
      report(`${p}.field`, 'ENUM_INVALID', `${field} is not one of ${RULE_FIELDS.join(', ')}`);
    if (!department || !indicator || !field) return undefined;
    if (set) {
      const found = set.criteria.flatMap((c) => c.indicators).find((i) => i.code === indicator);
      if (!found)
        report(`${p}.indicator`, 'INDICATOR_UNKNOWN', `indicator ${indicator} is not in criteria set ${set.id}`);
      else {
        if (found.department !== department)
          report(
            `${p}.department`,
            'DEPARTMENT_MISMATCH',
            `indicator ${indicator} is published by ${found.department}, not ${department}`,
          );
        if (!FIELDS_OF_KIND[found.kind].includes(field as RuleField))
          report(`${p}.field`, 'FIELD_NOT_OF_KIND', `indicator ${indicator} is ${found.kind} and has no ${field}`);
      }
    }
    return { department: department as DepartmentCode, indicator, field: field as RuleField };
  };

  if (!isObject(value)) {
    throw new RuleSetValidationError(
      [{ path: '', code: 'FIELD_TYPE', message: 'the document must be a JSON object' }],
      source,
    );
  }
  keys(value, '', ['format', 'id', 'version', 'criteriaSetId', 'provisional', 'description', 'rules'], ['fromYear']);
  const fromYear = value.fromYear;
  if (
    Object.hasOwn(value, 'fromYear') &&
    fromYear !== null &&
    (typeof fromYear !== 'number' || !Number.isInteger(fromYear) || fromYear < 2000 || fromYear > 2100)
  ) {
    report('fromYear', 'YEAR_INVALID', 'must be a whole year from 2000 to 2100, or null');
  }
  if (Object.hasOwn(value, 'format') && value.format !== RULE_SET_FORMAT)
    report('format', 'FORMAT_UNSUPPORTED', `format must be ${RULE_SET_FORMAT}`);
  const id = str(value, 'id', '');
  const criteriaSetId = str(value, 'criteriaSetId', '');
  const description = str(value, 'description', '');
  const version = value.version;
  if (Object.hasOwn(value, 'version') && (typeof version !== 'number' || !Number.isInteger(version) || version < 1))
    report('version', 'VERSION_INVALID', 'must be a whole number from 1');
  if (Object.hasOwn(value, 'provisional') && typeof value.provisional !== 'boolean')
    report('provisional', 'FIELD_TYPE', 'must be true or false');
  if (set && criteriaSetId && criteriaSetId !== set.id)
    report('criteriaSetId', 'CRITERIA_SET_MISMATCH', `rules are for ${criteriaSetId}, checked against ${set.id}`);
  const rules: ValidationRule[] = [];
  const ids = new Set<string>();
  if (Object.hasOwn(value, 'rules') && !Array.isArray(value.rules)) report('rules', 'FIELD_TYPE', 'must be an array');
  (Array.isArray(value.rules) ? (value.rules as unknown[]) : []).forEach((raw, index) => {
    const p = `rules[${index}]`;
    if (!isObject(raw)) {
      report(p, 'FIELD_TYPE', 'must be an object');
      return;
    }
    const check = raw.check;
    if (check !== 'RANGE' && check !== 'COMPARE') {
      report(`${p}.check`, check === undefined ? 'FIELD_REQUIRED' : 'ENUM_INVALID', 'check is RANGE or COMPARE');
      return;
    }
    const common = ['id', 'severity', 'check', 'title', 'titleVi', 'left'];
    keys(raw, p, check === 'RANGE' ? [...common, 'min', 'max'] : [...common, 'op', 'right', 'factor']);
    const ruleId = str(raw, 'id', p);
    if (ruleId) {
      if (ids.has(ruleId)) report(`${p}.id`, 'DUPLICATE_ID', `rule id ${ruleId} appears twice`);
      ids.add(ruleId);
    }
    const severity = str(raw, 'severity', p);
    if (severity && !(RULE_SEVERITIES as readonly string[]).includes(severity))
      report(`${p}.severity`, 'ENUM_INVALID', 'severity is ERROR or WARNING');
    const title = str(raw, 'title', p);
    const titleVi = str(raw, 'titleVi', p);
    const left = operand(raw.left, `${p}.left`);
    if (check === 'RANGE') {
      const min = decimal(raw, 'min', p, true);
      const max = decimal(raw, 'max', p, true);
      if (min === null && max === null) report(p, 'RANGE_INVALID', 'a range needs min, max or both');
      if (typeof min === 'string' && typeof max === 'string' && Number(min) > Number(max))
        report(`${p}.min`, 'RANGE_INVALID', `min ${min} is above max ${max}`);
      if (ruleId && severity && title && titleVi && left && min !== undefined && max !== undefined) {
        rules.push({ id: ruleId, severity: severity as RuleSeverity, check, title, titleVi, left, min, max });
      }
    } else {
      const op = str(raw, 'op', p);
      if (op && !(COMPARE_OPS as readonly string[]).includes(op))
        report(`${p}.op`, 'ENUM_INVALID', `op is one of ${COMPARE_OPS.join(' ')}`);
      const right = operand(raw.right, `${p}.right`);
      if (right?.field === 'rate' || left?.field === 'rate')
        report(`${p}.left`, 'FIELD_NOT_OF_KIND', 'a comparison reads numerator, denominator or count, not rate');
      const factor = decimal(raw, 'factor', p, false);
      if (ruleId && severity && title && titleVi && left && right && op && factor) {
        rules.push({
          id: ruleId,
          severity: severity as RuleSeverity,
          check,
          title,
          titleVi,
          left,
          op: op as CompareOp,
          right,
          factor,
        });
      }
    }
  });
  if (issues.length > 0) throw new RuleSetValidationError(issues, source);
  return {
    format: RULE_SET_FORMAT,
    id: id as string,
    version: version as number,
    criteriaSetId: criteriaSetId as string,
    fromYear: typeof fromYear === 'number' ? fromYear : null,
    provisional: value.provisional as boolean,
    description: description as string,
    rules,
  };
}

/** Reads and validates every `*.json` of a folder (structure only; references are checked against the loaded criteria set when used). */
export function readRuleSets(folder: string): RuleSet[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = path.join(folder, name);
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      } catch (error) {
        throw new RuleSetValidationError([{ path: '', code: 'JSON_INVALID', message: (error as Error).message }], file);
      }
      return parseRuleSet(json, undefined, file);
    });
}

/** The rule set in force for a criteria set: the highest version of its id. */
export function ruleSetFor(sets: readonly RuleSet[], criteriaSetId: string): RuleSet | null {
  return [...sets].filter((s) => s.criteriaSetId === criteriaSetId).sort((a, b) => b.version - a.version)[0] ?? null;
}

/**
 * The rule set that applies to a year of a criteria set: of the versions whose `fromYear` is not
 * after the year (none: every year), the highest (ties: the later id).
 */
export function ruleSetForYear<T extends Pick<RuleSet, 'id' | 'version' | 'criteriaSetId' | 'fromYear'>>(
  sets: readonly T[],
  criteriaSetId: string,
  year: number,
): T | null {
  return (
    [...sets]
      .filter((s) => s.criteriaSetId === criteriaSetId && (s.fromYear === null || s.fromYear <= year))
      .sort((a, b) => b.version - a.version || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))[0] ?? null
  );
}

/** A document in a canonical form (keys sorted at every level), so equal content has equal text. */
export function canonicalRuleSet(set: RuleSet): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sorted(set));
}
