/**
 * Validation of criteria-set documents (format `cfc-criteria-set/1`).
 *
 * `parseCriteriaSet` checks a parsed JSON value against every rule of `docs/criteria-sets.md`
 * and reports ALL problems at once, each with a stable code and a path such as
 * `criteria[3].indicators[0].bands[1].threshold`, so a person transcribing an official table
 * can fix a file in one pass.
 *
 * The rules themselves are `check-set.ts` (the document, criteria, recognition) and
 * `check-indicator.ts` (an indicator, its bands and grades), on the shape of `shape.ts`, read by
 * the path-keeping `Checker` of `checker.ts`; the issue codes are `issues.ts`, and the content
 * hash that identifies a loaded set is `canonical.ts`.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { checkDocument } from './check-set';
import { Checker } from './checker';
import { CriteriaSetValidationError } from './issues';
import type { CriteriaSetIssue } from './issues';
import type { CriteriaSet } from './types';

/**
 * Every problem in `raw` (a parsed JSON value) as a criteria set; an empty list means it is
 * valid. Never throws. Problems are in document order; a document whose `format` is present and
 * unsupported yields only `FORMAT_UNSUPPORTED`.
 */
export function collectCriteriaSetIssues(raw: unknown): CriteriaSetIssue[] {
  const checker = new Checker();
  checkDocument(checker, raw);
  return checker.issues;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates a parsed JSON value and returns it as a {@link CriteriaSet}: a deep-frozen copy (the
 * argument is not modified or retained), so a loaded set cannot be edited in place.
 * Throws {@link CriteriaSetValidationError} listing every problem when it is not valid;
 * `source` (e.g. a file path) is only used in that error.
 */
export function parseCriteriaSet(raw: unknown, source?: string): CriteriaSet {
  const issues = collectCriteriaSetIssues(raw);
  if (issues.length > 0) throw new CriteriaSetValidationError(issues, source);
  // The checks above establish that raw is plain JSON of exactly the shape of CriteriaSet, so a
  // JSON round trip is a faithful deep copy (and, unlike structuredClone, stays in this realm).
  return deepFreeze(JSON.parse(JSON.stringify(raw)) as CriteriaSet);
}

function parseText(text: string, source: string): CriteriaSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CriteriaSetValidationError(
      [{ path: '', code: 'JSON_INVALID', message: `not valid JSON: ${reason}` }],
      source,
    );
  }
  return parseCriteriaSet(raw, source);
}

/**
 * Reads a UTF-8 JSON file (a leading BOM is ignored) and parses it with {@link parseCriteriaSet}.
 * Throws {@link CriteriaSetValidationError} (`JSON_INVALID` for text that is not JSON, or the
 * validation issues); file-system errors such as `ENOENT` are passed through unchanged.
 */
export async function loadCriteriaSetFile(path: string): Promise<CriteriaSet> {
  return parseText(await readFile(path, 'utf8'), path);
}

/** Synchronous {@link loadCriteriaSetFile}, for start-up code and scripts. Same contract. */
export function loadCriteriaSetFileSync(path: string): CriteriaSet {
  return parseText(readFileSync(path, 'utf8'), path);
}
