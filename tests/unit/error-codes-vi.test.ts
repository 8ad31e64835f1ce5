/**
 * Every code a client may receive has its Vietnamese meaning in one registry (ERROR_CODES_VI, typed
 * on ERROR_CODES and PROTOCOL_CODES so a code without it does not compile); every coded error the
 * hub builds, and every error a server sends, carries `extensions.messageVi`.
 */
import { GraphQLError } from 'graphql';
import { formatError } from '../../shared/apollo';
import {
  badInput,
  ERROR_CODES,
  ERROR_CODES_VI,
  hubError,
  notFound,
  PROTOCOL_CODES,
  vietnameseFor,
  type ErrorCode,
} from '../../shared/errors';

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

describe('the Vietnamese registry', () => {
  it('has a Vietnamese meaning for every code of ERROR_CODES and PROTOCOL_CODES, and nothing else', () => {
    const codes = [...Object.keys(ERROR_CODES), ...Object.keys(PROTOCOL_CODES)].sort();
    expect(Object.keys(ERROR_CODES_VI).sort()).toEqual(codes);
    for (const code of codes) {
      const text = ERROR_CODES_VI[code as keyof typeof ERROR_CODES_VI];
      expect([code, VIETNAMESE.test(text), text.trim() === text && text.length > 10]).toEqual([code, true, true]);
    }
    // Two codes never share one Vietnamese meaning.
    expect(new Set(Object.values(ERROR_CODES_VI)).size).toBe(codes.length);
  });

  it('hubError and badInput always set messageVi: the call\'s own, else the registry\'s, prefixed "Trường <field>: " when a field is named', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      expect([code, hubError(code, 'x').extensions.messageVi]).toEqual([code, ERROR_CODES_VI[code]]);
    }
    expect(hubError('CONFLICT', 'x', { messageVi: 'Xung đột khi ghi' }).extensions.messageVi).toBe('Xung đột khi ghi');
    expect(
      hubError('NOT_FOUND', 'x', { field: 'districtCode', messageVi: 'Huyện 999 không tồn tại' }).extensions,
    ).toMatchObject({
      code: 'NOT_FOUND',
      field: 'districtCode',
      messageVi: 'Trường districtCode: Huyện 999 không tồn tại',
    });
    expect(badInput('year', 'year 1990 is out of range').extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'year',
      messageVi: `Trường year: ${ERROR_CODES_VI.BAD_USER_INPUT}`,
    });
    expect(badInput('reason', 'x', { messageVi: 'Trường reason: đã có tiền tố' }).extensions.messageVi).toBe(
      'Trường reason: đã có tiền tố',
    );
    expect(notFound('commune', '99999').extensions.messageVi).toBe(ERROR_CODES_VI.NOT_FOUND);
  });

  it('formatError gives every error that leaves a server its Vietnamese: protocol codes, masked errors, errors made elsewhere', () => {
    expect(
      formatError({
        message: 'Cannot query field "x" on type "Query".',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }).extensions?.messageVi,
    ).toBe(ERROR_CODES_VI.GRAPHQL_VALIDATION_FAILED);
    expect(
      formatError({ message: 'Syntax Error', extensions: { code: 'GRAPHQL_PARSE_FAILED' } }).extensions?.messageVi,
    ).toBe(ERROR_CODES_VI.GRAPHQL_PARSE_FAILED);
    expect(
      formatError({ message: 'Variable "$y" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }).extensions
        ?.messageVi,
    ).toBe(ERROR_CODES_VI.BAD_USER_INPUT);
    expect(formatError({ message: 'boom' }).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
    });
    const own = new GraphQLError('no', { extensions: { code: 'UNAUTHENTICATED' } });
    expect(formatError({ message: own.message, extensions: own.extensions }).extensions?.messageVi).toBe(
      ERROR_CODES_VI.UNAUTHENTICATED,
    );
    // A subgraph's own Vietnamese passes the gateway unchanged, without a second prefix.
    const passed = formatError({
      message: 'x',
      extensions: { code: 'NOT_FOUND', field: 'provinceCode', messageVi: 'Trường provinceCode: Tỉnh 99 không tồn tại' },
    });
    expect(passed.extensions?.messageVi).toBe('Trường provinceCode: Tỉnh 99 không tồn tại');
    expect(vietnameseFor('SOMETHING_UNKNOWN', undefined, undefined)).toBe(ERROR_CODES_VI.INTERNAL_SERVER_ERROR);
  });
});
