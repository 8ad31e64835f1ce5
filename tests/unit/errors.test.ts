import { formatError } from '../../shared/apollo';
import { ERROR_CODES_VI, translateDatabaseError } from '../../shared/errors';

describe('formatError', () => {
  it('keeps a hub error as it is, without any stack trace', () => {
    expect(
      formatError({
        message: 'year 2010 is outside',
        path: ['p'],
        extensions: { code: 'YEAR_OUT_OF_RANGE', field: 'year', stacktrace: ['at x'] },
      }),
    ).toEqual({
      message: 'year 2010 is outside',
      path: ['p'],
      extensions: {
        code: 'YEAR_OUT_OF_RANGE',
        field: 'year',
        messageVi: `Trường year: ${ERROR_CODES_VI.YEAR_OUT_OF_RANGE}`,
      },
    });
  });

  it('masks anything unexpected: no message, no SQL, no stack', () => {
    const masked = formatError({
      message: 'relation "yte.indicator_value" does not exist',
      path: ['commune'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['QueryFailedError: SELECT * FROM'] },
    });
    expect(masked).toEqual({
      message: 'internal server error: quote the request id to the operator',
      path: ['commune'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR },
    });
    expect(formatError({ message: 'boom' }).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
    });
  });
});

describe('translateDatabaseError', () => {
  it('turns a unique violation into CONFLICT without the SQL', () => {
    let caught: unknown;
    try {
      translateDatabaseError({
        code: '23505',
        message: 'duplicate key value violates unique constraint "indicator_value_key"',
      });
    } catch (error) {
      caught = error;
    }
    expect((caught as { extensions: unknown }).extensions).toEqual({
      code: 'CONFLICT',
      messageVi: ERROR_CODES_VI.CONFLICT,
    });
    expect((caught as Error).message).not.toContain('indicator_value_key');
  });

  it('re-throws anything else untouched, to be masked at the edge', () => {
    const original = new Error('connection reset');
    expect(() => translateDatabaseError(original)).toThrow(original);
  });
});
