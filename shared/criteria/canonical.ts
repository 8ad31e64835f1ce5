/**
 * The identity of a criteria set's content: canonical JSON and its SHA-256, the same whatever the
 * key order or formatting of the file.
 */
import { createHash } from 'node:crypto';
import type { CriteriaSet } from './types';

/**
 * Canonical JSON text of a JSON-compatible value: object keys sorted (by UTF-16 code units), no
 * whitespace, `undefined` object members omitted. Equal content ⇒ equal text, whatever the key
 * order or formatting of the file. Throws `TypeError` for values JSON cannot represent
 * (non-finite numbers, bigint, functions).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new TypeError(`canonicalJson: ${value} is not representable in JSON`);
    }
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => (item === undefined ? 'null' : canonicalJson(item)));
    return `[${items.join(',')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const object = value as Record<string, unknown>;
    const members = Object.keys(object)
      .filter((key) => object[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(object[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: a ${typeof value} is not representable in JSON`);
}

/**
 * SHA-256 of {@link canonicalJson}(set) as 64 lowercase hex digits. The same content always
 * gives the same hash (key order and whitespace of the file do not matter); any change, notes
 * included, gives another. Store it with each result to prove which content produced it.
 */
export function contentHash(set: CriteriaSet): string {
  return createHash('sha256').update(canonicalJson(set), 'utf8').digest('hex');
}
