/**
 * The hub's own scalars of dates, moments and JSON, served by every subgraph that uses them:
 *
 * - `Date`: a calendar day, `YYYY-MM-DD` (`2025-07-01`); no time, no zone.
 * - `DateTime`: a moment, ISO 8601 with a time and a zone (`2025-07-01T00:00:00.000Z`,
 *   `2025-07-01T07:00:00+07:00`). Served as UTC with milliseconds (`Date#toISOString`); read as the
 *   caller wrote it, checked, so that a resolver normalises it where it must.
 * - `JSON`: every kind of JSON value (object, array, string, number, boolean, null), served as itself, for
 *   outputs whose shape is data rather than schema (a condition's figures, a report's content, an
 *   audited row). Output only: nothing reads it from a caller.
 *
 * Date and DateTime travel as JSON strings, so that a query selecting them reads what it read when
 * they were `String`. A value that is not one is refused with BAD_USER_INPUT naming the scalar
 * (`scalar`) and the value, in English and Vietnamese; a resolver answering a value that is not one
 * is a bug of the hub, and fails the field (for JSON, with INTERNAL_SERVER_ERROR: logged with what
 * was wrong and where, masked for the client).
 */
import { GraphQLScalarType, Kind, type GraphQLError, type ValueNode } from 'graphql';
import { hubError } from './errors';

const DATE = /^(\d{4})-(\d\d)-(\d\d)$/;
const DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/i;

/** Whether `value` is a real calendar day written `YYYY-MM-DD`. */
export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
}

/** Whether `value` is an ISO 8601 moment with a time and a zone, of a real day. */
export function isDateTime(value: string): boolean {
  return DATE_TIME.test(value) && isCalendarDate(value.slice(0, 10)) && !Number.isNaN(new Date(value).getTime());
}

/** The two scalars of days and moments, which every argument and input field of one is checked against. */
export type TimeScalar = 'Date' | 'DateTime';

const EXPECTED: Readonly<Record<TimeScalar, { valid: (value: string) => boolean; en: string; vi: string }>> = {
  Date: {
    valid: isCalendarDate,
    en: 'a calendar date YYYY-MM-DD',
    vi: 'phải là một ngày có thật, dạng YYYY-MM-DD',
  },
  DateTime: {
    valid: isDateTime,
    en: 'an ISO 8601 date-time with a zone, e.g. 2025-07-01T00:00:00Z',
    vi: 'phải là thời điểm theo ISO 8601 có múi giờ, ví dụ 2025-07-01T00:00:00Z',
  },
};

/**
 * Why `value` is not a `scalar`, in English and Vietnamese (the value quoted); null when it is one.
 * One wording for the scalars' own refusals and for the named ones of shared/scalar-input.ts.
 */
export function timeScalarRefusal(scalar: TimeScalar, value: unknown): { message: string; messageVi: string } | null {
  const expected = EXPECTED[scalar];
  if (typeof value === 'string' && expected.valid(value)) return null;
  const shown = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return {
    message: `${shown} is not a ${scalar}: ${expected.en}`,
    messageVi: `Giá trị ${shown} không hợp lệ: ${expected.vi}`,
  };
}

function checked(scalar: TimeScalar, value: unknown): string {
  const refusal = timeScalarRefusal(scalar, value);
  if (refusal) throw hubError('BAD_USER_INPUT', refusal.message, { scalar, messageVi: refusal.messageVi });
  return value as string;
}

const checkDate = (value: unknown): string => checked('Date', value);
const checkDateTime = (value: unknown): string => checked('DateTime', value);

const literal = (node: ValueNode): unknown => (node.kind === Kind.STRING ? node.value : node);

/** The `Date` scalar: `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (see shared/scalars.ts).',
  serialize: checkDate,
  parseValue: checkDate,
  parseLiteral: (node) => checkDate(literal(node)),
});

/** The `DateTime` scalar: an ISO 8601 moment with a zone, served as `Date#toISOString` gives it. */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  description: 'A moment, ISO 8601 with a time and a zone (see shared/scalars.ts).',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(checkDateTime(value)).toISOString()),
  parseValue: checkDateTime,
  parseLiteral: (node) => checkDateTime(literal(node)),
});

/**
 * Where in `value` something is not JSON — a number that is not finite, `undefined` (except as an
 * object's property, which JSON leaves out), a function, a symbol, a bigint, an object that is not a
 * plain object or an array (a `Date`, a `Map`), a cycle — as a path from the root (`$.a[2]`) and
 * what it is; `null` when `value` is JSON.
 */
export function notJson(value: unknown): { at: string; what: string } | null {
  const ancestors = new Set<object>();
  const visit = (v: unknown, at: string): { at: string; what: string } | null => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return null;
      case 'number':
        return Number.isFinite(v) ? null : { at, what: String(v) };
      case 'undefined':
      case 'function':
      case 'symbol':
      case 'bigint':
        return { at, what: typeof v };
      case 'object': {
        if (v === null) return null;
        const prototype: unknown = Object.getPrototypeOf(v);
        if (!Array.isArray(v) && prototype !== Object.prototype && prototype !== null)
          return { at, what: `an instance of ${v.constructor.name || 'a class'}` };
        if (ancestors.has(v)) return { at, what: 'a cycle' };
        ancestors.add(v);
        const found = Array.isArray(v)
          ? v.reduce<{ at: string; what: string } | null>((f, item, i) => f ?? visit(item, `${at}[${i}]`), null)
          : Object.entries(v).reduce<{ at: string; what: string } | null>(
              (f, [key, item]) => f ?? (item === undefined ? null : visit(item, `${at}.${key}`)),
              null,
            );
        ancestors.delete(v);
        return found;
      }
    }
  };
  return visit(value, '$');
}

function notServed(at: string, what: string): GraphQLError {
  return hubError('INTERNAL_SERVER_ERROR', `a JSON field was answered ${what} at ${at}, which JSON cannot carry`, {
    scalar: 'JSON',
    at,
    messageVi: `Trường kiểu JSON nhận giá trị không biểu diễn được bằng JSON (${what} tại ${at})`,
  });
}

function notRead(): never {
  throw hubError('BAD_USER_INPUT', 'JSON is an output scalar: no argument or input field takes it', {
    scalar: 'JSON',
    messageVi: 'Kiểu JSON chỉ dùng cho kết quả trả về, không nhận làm tham số',
  });
}

/**
 * The `JSON` scalar: every kind of JSON value, served as itself (not copied: the response's own serialisation
 * writes it). An output only — reading it from a caller is refused with BAD_USER_INPUT.
 * @throws INTERNAL_SERVER_ERROR (`scalar: 'JSON'`, `at`: the path inside the value) when a
 *   resolver answers something JSON cannot carry (see {@link notJson}).
 */
export const JsonScalar = new GraphQLScalarType<never, unknown>({
  name: 'JSON',
  description: 'Any JSON value, served as itself; an output only (see shared/scalars.ts).',
  serialize: (value) => {
    const problem = notJson(value);
    if (problem) throw notServed(problem.at, problem.what);
    return value;
  },
  parseValue: notRead,
  parseLiteral: notRead,
});
