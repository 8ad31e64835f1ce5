/**
 * The rules of one indicator of a criteria set: its fields by kind, its bands (ordered, reachable,
 * within 0–100 for rates), grades and provenance of its fields.
 */
import { BAND_OPS, DEPARTMENT_CODES, INDICATOR_KINDS, RATE_DIRECTIONS } from './types';
import type { Provenance } from './types';
import { compareDecimals, isIntegerString, parseDecimal } from './scoring';
import type { Decimal } from './scoring';
import { Checker, at, isObject, describeValue } from './checker';
import type { JsonObject } from './checker';
import {
  ALL_INDICATOR_FIELDS,
  BAND_OPS_BY_MODE,
  CONCEPT_PATTERN,
  FIELD_STATUS_FIELDS,
  HUNDRED,
  INDICATOR_BASE,
  INDICATOR_CODE_PATTERN,
  INDICATOR_FIELDS,
  INDICATOR_OPTIONAL,
  ZERO,
} from './shape';
import type { BandMode, IndicatorSummary } from './shape';
import { assertNever } from '../assert-never';
/**
 * Checks `fieldStatus` of a criterion or indicator whose own status is `status`: a field can be
 * marked confirmed inside a provisional owner, never provisional inside a confirmed one, and an
 * owner whose every field is confirmed is itself confirmed only if nothing else of it is
 * provisional (so that case is left to the owner's status).
 */
export function checkFieldStatus(c: Checker, owner: JsonObject, path: string, status: Provenance | undefined): void {
  if (!Object.hasOwn(owner, 'fieldStatus')) return;
  const p = at(path, 'fieldStatus');
  const fields = c.object(owner.fieldStatus, p, [], FIELD_STATUS_FIELDS);
  if (fields === undefined) return;
  for (const key of FIELD_STATUS_FIELDS) {
    if (!Object.hasOwn(fields, key)) continue;
    const value = c.status(fields, key, p);
    if (value === 'provisional' && status === 'confirmed') {
      c.report(
        at(p, key),
        'STATUS_INCONSISTENT',
        `${key} is marked provisional inside a confirmed ${path.includes('indicators') ? 'indicator' : 'criterion'}`,
      );
    }
  }
}

/**
 * Checks `bands` and `otherwise` of a RATE (`mode` = its direction, `undefined` if that is
 * invalid) or a COUNT. Returns the highest points when every points value is valid.
 */
export function checkBands(
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
          `must be a decimal string such as "98" or "97.5" (never a JSON number), got ${describeValue(value)}`,
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
      c.report(at(p, 'status'), 'STATUS_INCONSISTENT', 'a provisional band cannot belong to a confirmed indicator');
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

export function checkIndicator(
  c: Checker,
  raw: unknown,
  path: string,
  criterionNumber: number,
  seen: Map<string, string>,
): IndicatorSummary | undefined {
  if (!isObject(raw)) {
    c.report(path, 'FIELD_TYPE', `an indicator must be an object, got ${describeValue(raw)}`);
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
      c.report(at(path, 'code'), 'DUPLICATE_CODE', `indicator code ${code} is already used at ${first}`);
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
