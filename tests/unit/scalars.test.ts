import { GraphQLError, parseValue } from 'graphql';
import { DateScalar, DateTimeScalar, isCalendarDate, isDateTime, JsonScalar, notJson } from '../../shared/scalars';

/** The error `run` throws, which must be a coded GraphQL error. */
function refusal(run: () => unknown): GraphQLError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphQLError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('Date', () => {
  it.each(['2025-07-01', '2024-02-29', '2000-01-01'])('takes and answers the calendar day %s as written', (day) => {
    expect(DateScalar.parseValue(day)).toBe(day);
    expect(DateScalar.parseLiteral(parseValue(`"${day}"`))).toBe(day);
    expect(DateScalar.serialize(day)).toBe(day);
  });

  it.each(['2025-02-30', '2023-02-29', '2025-7-1', '01/07/2025', '2025-07-01T00:00:00Z', ''])(
    'refuses %j with BAD_USER_INPUT naming the scalar, in English and Vietnamese',
    (value) => {
      const error = refusal(() => DateScalar.parseValue(value));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', scalar: 'Date' });
      expect(error.message).toContain('YYYY-MM-DD');
      expect(error.extensions.messageVi).toMatch(/YYYY-MM-DD/);
    },
  );

  it('refuses a literal that is not a string, and a value that is not one', () => {
    expect(refusal(() => DateScalar.parseLiteral(parseValue('20250701'))).extensions.code).toBe('BAD_USER_INPUT');
    expect(refusal(() => DateScalar.parseValue(20250701)).extensions.scalar).toBe('Date');
    expect(refusal(() => DateScalar.serialize(new Date('2025-07-01'))).extensions.scalar).toBe('Date');
  });

  it('tells a calendar day from a look-alike', () => {
    expect(isCalendarDate('2025-12-31')).toBe(true);
    expect(isCalendarDate('2025-12-32')).toBe(false);
    expect(isCalendarDate('2025-00-10')).toBe(false);
  });
});

describe('DateTime', () => {
  it.each(['2025-07-01T00:00:00Z', '2025-07-01T07:00:00+07:00', '2025-07-01T00:00:00.123Z', '2025-07-01T00:00Z'])(
    'takes %s as written',
    (moment) => {
      expect(DateTimeScalar.parseValue(moment)).toBe(moment);
      expect(DateTimeScalar.parseLiteral(parseValue(`"${moment}"`))).toBe(moment);
    },
  );

  it('answers a moment in UTC with milliseconds, from a Date or a string', () => {
    expect(DateTimeScalar.serialize(new Date('2025-07-01T07:00:00+07:00'))).toBe('2025-07-01T00:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-07-01T07:00:00+07:00')).toBe('2025-07-01T00:00:00.000Z');
    expect(DateTimeScalar.serialize('2025-07-01T00:00:00.000Z')).toBe('2025-07-01T00:00:00.000Z');
  });

  it.each(['2025-07-01', '2025-07-01T00:00:00', '2025-02-30T00:00:00Z', '2025-07-01T25:00:00Z', 'now'])(
    'refuses %j (no zone, no time, or no such moment) with BAD_USER_INPUT naming the scalar',
    (value) => {
      const error = refusal(() => DateTimeScalar.parseValue(value));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', scalar: 'DateTime' });
      expect(error.extensions.messageVi).toMatch(/ISO 8601/);
    },
  );

  it('tells a moment from a day', () => {
    expect(isDateTime('2025-07-01T00:00:00Z')).toBe(true);
    expect(isDateTime('2025-07-01')).toBe(false);
  });
});

describe('JSON', () => {
  it.each([
    ['an object', { total: 812, required: 850, category: 'OTHER', missing: [] }],
    ['an array', [1, 'two', { three: [true, null] }]],
    ['a string', 'text'],
    ['a number', -7.5],
    ['a boolean', false],
    ['null', null],
    ['an object without a prototype', Object.assign(Object.create(null) as object, { a: 1 })],
  ])('serializes %s as itself', (_, value) => {
    expect(JsonScalar.serialize(value)).toBe(value);
  });

  it('leaves an undefined property out, as JSON does, and serializes the object as itself', () => {
    const value = { a: 1, b: undefined };
    expect(JsonScalar.serialize(value)).toBe(value);
    expect(notJson(value)).toBeNull();
  });

  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['a non-finite number', { figures: [1, Number.NaN] }, '$.figures[1]', 'NaN'],
    ['an infinite number', Infinity, '$', 'Infinity'],
    ['a function', { f: () => 1 }, '$.f', 'function'],
    ['undefined', undefined, '$', 'undefined'],
    ['undefined in an array', [1, undefined], '$[1]', 'undefined'],
    ['a bigint', { n: 1n }, '$.n', 'bigint'],
    ['a Date (not a plain object)', { at: new Date(0) }, '$.at', 'an instance of Date'],
    ['a cycle', cyclic, '$.self', 'a cycle'],
  ])('refuses %s with a coded error naming the scalar and where', (_, value, at, what) => {
    expect(notJson(value)).toEqual({ at, what });
    const error = refusal(() => JsonScalar.serialize(value));
    expect(error.extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      scalar: 'JSON',
      at,
      messageVi: `Trường kiểu JSON nhận giá trị không biểu diễn được bằng JSON (${what} tại ${at})`,
    });
  });

  it('is an output only: reading it from a caller is refused with BAD_USER_INPUT', () => {
    expect(refusal(() => JsonScalar.parseValue({ a: 1 })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      scalar: 'JSON',
    });
    expect(refusal(() => JsonScalar.parseLiteral(parseValue('{ a: 1 }'))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      scalar: 'JSON',
      messageVi: 'Kiểu JSON chỉ dùng cho kết quả trả về, không nhận làm tham số',
    });
  });
});
