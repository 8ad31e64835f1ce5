/** The NUL check of request bodies (shared/http.ts): one scan of the JSON text, exactly as a walk of its values. */
import { jsonHasNul } from '../../shared/http';

/** Whether any string or key of a parsed value holds U+0000: what the scan must agree with. */
function walk(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some(walk);
  return Object.entries(value).some(([key, item]) => key.includes('\u0000') || walk(item));
}

describe('jsonHasNul', () => {
  it.each([
    ['in a string', { a: 'x\u0000y' }, true],
    ['in a key', { 'k\u0000': 1 }, true],
    ['after an escaped backslash', { a: '\\\u0000' }, true],
    ['deep inside arrays', { a: [[[[{ b: ['\u0000'] }]]]] }, true],
    ['nowhere', { a: 'xin chào', b: [1, null, true] }, false],
    ['as the letters \\u0000 after a backslash', { a: 'x\\u0000y' }, false],
    ['as the letters after two backslashes', { a: '\\\\u0000' }, false],
  ])('%s', (_name, value, expected) => {
    const text = JSON.stringify(value);
    expect(jsonHasNul(text)).toBe(expected);
    expect(walk(JSON.parse(text))).toBe(expected);
  });

  it('finds it however deep the value is nested (a walk that stops at some depth would not)', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200; i += 1) deep = [deep];
    expect(jsonHasNul(JSON.stringify(deep))).toBe(true);
  });
});
