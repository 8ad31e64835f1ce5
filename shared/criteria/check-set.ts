/**
 * The rules of a whole criteria set: the document, its legal basis, its criteria (numbering,
 * points adding up) and its recognition rules.
 */
import {
  COMMUNE_CATEGORIES,
  CRITERIA_SET_FORMAT,
  CRITERION_MET_RULES,
  DEPARTMENT_CODES,
  DISQUALIFIER_OPS,
} from './types';
import type { IndicatorKind } from './types';
import { Checker, at, isObject, describeValue } from './checker';
import {
  CRITERION_OPTIONAL,
  CRITERION_REQUIRED,
  ID_PATTERN,
  LEGAL_BASIS_REQUIRED,
  NOTES,
  RECOGNITION_OPTIONAL,
  RECOGNITION_REQUIRED,
  ROOT_REQUIRED,
  isRealDate,
  isYear,
} from './shape';
import type { IndicatorSummary } from './shape';
import { checkFieldStatus, checkIndicator } from './check-indicator';
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
      c.report(p, 'FIELD_TYPE', `must be an object, got ${describeValue(criterion.met)}`);
    } else {
      const rule = c.oneOf(met, 'rule', p, CRITERION_MET_RULES);
      // With an unknown rule, whether `points` belongs is unknown: only the rule is reported.
      c.keys(
        met,
        p,
        rule === 'MIN_POINTS' ? ['rule', 'points', 'status'] : ['rule', 'status'],
        rule === undefined ? ['points'] : [],
      );
      if (rule === 'MIN_POINTS') {
        const points = c.points(met, 'points', p);
        if (points !== undefined && maxPoints !== undefined && points > maxPoints) {
          c.report(
            at(p, 'points'),
            'MET_POINTS_EXCEEDS_MAX',
            `${points} exceeds the criterion's maxPoints ${maxPoints}: it could never be met`,
          );
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
            c.report(
              at(at('criteria', index), 'met'),
              'MET_RULE_REQUIRED',
              `recognition.everyCriterionMet is enabled, so criterion ${criterion.number} must say what "met" means`,
            );
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
          c.report(q, 'FIELD_TYPE', `must be a criterion number, got ${describeValue(value)}`);
        } else if (!Number.isInteger(value) || value < 1 || value > criterionCount) {
          c.report(q, 'REFERENCE_UNKNOWN', `there is no criterion ${value} (criteria are 1..${criterionCount})`);
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
        c.report(at(p, 'indicator'), 'REFERENCE_UNKNOWN', `there is no indicator ${JSON.stringify(code)} in this set`);
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
          c.report(at(q, 'value'), 'DISQUALIFIER_VALUE_INVALID', `must be a non-negative integer, got ${value}`);
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

export function checkDocument(c: Checker, raw: unknown): void {
  if (!isObject(raw)) {
    c.report('', 'FIELD_TYPE', `a criteria set must be a JSON object, got ${describeValue(raw)}`);
    return;
  }
  if (Object.hasOwn(raw, 'format') && raw.format !== CRITERIA_SET_FORMAT) {
    // Another format has other rules: checking it against these would only produce noise.
    c.report(
      'format',
      'FORMAT_UNSUPPORTED',
      `format ${describeValue(raw.format)} is not supported; expected "${CRITERIA_SET_FORMAT}"`,
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
          c.report('years.to', 'YEARS_INVALID', `must be a four-digit year or null (open-ended), got ${to}`);
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
    c.report('maxTotal', 'POINTS_SUM_MISMATCH', `maxTotal is ${maxTotal} but the criteria add up to ${sum}`);
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
