/**
 * What the hub calls storable text: exactly the strings that survive UTF-8 (the wire to
 * PostgreSQL) unchanged, minus Unicode's noncharacters. Property-tested over arbitrary UTF-16.
 */
import fc from 'fast-check';
import { invalidTextReason } from '../../shared/text';

const NONCHARACTER =
  /[\ufdd0-\ufdef\ufffe\uffff]|[\ud83f\ud87f\ud8bf\ud8ff\ud93f\ud97f\ud9bf\ud9ff\uda3f\uda7f\udabf\udaff\udb3f\udb7f\udbbf\udbff][\udffe\udfff]/;

it('accepts a string exactly when UTF-8 carries it unchanged and it holds no noncharacter', () => {
  fc.assert(
    fc.property(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.integer({ min: 0xd7f0, max: 0xe010 }).map((n) => String.fromCharCode(n)) }),
      (a, b) => {
        for (const text of [a, b, a + b]) {
          const survives = Buffer.from(text, 'utf8').toString('utf8') === text;
          expect(invalidTextReason(text) === null).toBe(survives && !NONCHARACTER.test(text));
        }
      },
    ),
    { numRuns: 2000 },
  );
});

it('names the character and its position', () => {
  expect(invalidTextReason('ab\ud800')).toBe('a lone surrogate (U+D800) at character 2, which is not Unicode text');
  expect(invalidTextReason('👶\udfff')).toBe('a lone surrogate (U+DFFF) at character 1, which is not Unicode text');
  expect(invalidTextReason('x\u{10ffff}')).toBe('the noncharacter U+10FFFF at character 1');
  expect(invalidTextReason('\ufdd0')).toBe('the noncharacter U+FDD0 at character 0');
  expect(invalidTextReason('Quyết định 👶🏽 𠀀')).toBeNull();
  expect(invalidTextReason('')).toBeNull();
});
