/**
 * Reading a parsed JSON document field by field, collecting every problem with its path (e.g.
 * `criteria[3].indicators[0].bands[1].threshold`) instead of stopping at the first.
 */
import { PROVENANCES } from './types';
import type { Provenance } from './types';
import type { CriteriaSetIssue, CriteriaSetIssueCode } from './issues';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `${typeof value} ${String(value)}`;
  }
  return `a value of type ${typeof value}`;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function at(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!IDENTIFIER.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** Collects issues; the readers report type problems and return `undefined` for unusable values. */
export class Checker {
  readonly issues: CriteriaSetIssue[] = [];
  /** Every valid `status` value met, to check the top-level `provisional` flag. */
  readonly statuses: Provenance[] = [];
  invalidStatusSeen = false;

  report(path: string, code: CriteriaSetIssueCode, message: string): void {
    this.issues.push({ path, code, message });
  }

  /** Reports missing required keys and unknown keys of an object. */
  keys(obj: JsonObject, path: string, required: readonly string[], optional: readonly string[]): void {
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
          `unknown field ${JSON.stringify(key)}; ` + `allowed here: ${[...required, ...optional].join(', ')}`,
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
      this.report(path, 'FIELD_TYPE', `must be an object, got ${describeValue(value)}`);
      return undefined;
    }
    this.keys(value, path, required, optional);
    return value;
  }

  field(obj: JsonObject, key: string): { present: boolean; value: unknown } {
    return Object.hasOwn(obj, key) ? { present: true, value: obj[key] } : { present: false, value: undefined };
  }

  /** A string field; `nonEmpty` also rejects blank strings with STRING_EMPTY. */
  string(obj: JsonObject, key: string, path: string, nonEmpty = true): string | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    const p = at(path, key);
    if (typeof value !== 'string') {
      this.report(p, 'FIELD_TYPE', `must be a string, got ${describeValue(value)}`);
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
      this.report(at(path, key), 'FIELD_TYPE', `must be true or false, got ${describeValue(value)}`);
      return undefined;
    }
    return value;
  }

  number(obj: JsonObject, key: string, path: string): number | undefined {
    const { present, value } = this.field(obj, key);
    if (!present) return undefined;
    if (typeof value !== 'number') {
      this.report(at(path, key), 'FIELD_TYPE', `must be a number, got ${describeValue(value)}`);
      return undefined;
    }
    return value;
  }

  /** Points: a non-negative safe integer. */
  points(obj: JsonObject, key: string, path: string): number | undefined {
    const value = this.number(obj, key, path);
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value) || value < 0) {
      this.report(at(path, key), 'POINTS_INVALID', `points must be a non-negative integer, got ${value}`);
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
      this.report(at(path, key), code, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
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
      this.report(at(path, key), 'FIELD_TYPE', `must be an array, got ${describeValue(value)}`);
      return undefined;
    }
    if (nonEmpty && value.length === 0) {
      this.report(at(path, key), 'LIST_EMPTY', 'must contain at least one entry');
    }
    return value;
  }
}
