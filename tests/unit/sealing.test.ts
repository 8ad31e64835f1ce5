/**
 * Sealed scoring inputs (shared/scoring-inputs.ts): deterministic, so an unchanged payload seals to
 * the same bytes (the gateway can replay what did not move), yet any change of the values or the
 * binding changes the nonce, and a payload opens only with its own binding and the internal secret.
 */
import { openValues, sealValues, type ScoringValue, type SealContext } from '../../shared/scoring-inputs';

const SECRET = 'a-test-internal-secret-of-32-characters!';
const CONTEXT: SealContext = { department: 'CONGAN', communeCode: '22738', year: 2020, at: '' };
const VALUES: ScoringValue[] = [
  {
    set: 'QD06-2019',
    indicator: '3.1',
    kind: 'COUNT',
    numerator: null,
    denominator: null,
    count: 2,
    value: null,
    grade: null,
    revision: 1,
    publishedBy: 'congan-publisher',
    publishedAt: '2020-06-01T00:00:00.000Z',
  },
];
const nonce = (sealed: string) => Buffer.from(sealed, 'base64url').subarray(0, 12).toString('hex');

describe('sealValues', () => {
  it('seals the same values for the same binding to the same bytes, which open to the values', () => {
    const sealed = sealValues(VALUES, SECRET, CONTEXT);
    expect(sealValues(VALUES, SECRET, CONTEXT)).toBe(sealed);
    expect(openValues(sealed, SECRET, CONTEXT)).toEqual(VALUES);
  });

  it('uses another nonce for other values, another binding or another secret', () => {
    const sealed = sealValues(VALUES, SECRET, CONTEXT);
    const others = [
      sealValues([{ ...VALUES[0]!, count: 3, revision: 2 }], SECRET, CONTEXT),
      sealValues(VALUES, SECRET, { ...CONTEXT, communeCode: '22741' }),
      sealValues(VALUES, SECRET, { ...CONTEXT, at: '2021-01-01T00:00:00.000Z' }),
      sealValues(VALUES, `${SECRET}-other`, CONTEXT),
    ];
    expect(new Set([sealed, ...others].map(nonce)).size).toBe(5);
  });

  it('does not open with another binding or another secret', () => {
    const sealed = sealValues(VALUES, SECRET, CONTEXT);
    expect(() => openValues(sealed, SECRET, { ...CONTEXT, year: 2021 })).toThrow();
    expect(() => openValues(sealed, `${SECRET}-other`, CONTEXT)).toThrow();
  });
});
