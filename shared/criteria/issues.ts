/**
 * The problems a criteria-set document can have: stable codes, each described in
 * `docs/criteria-sets.md`, and the error that lists them all.
 */
/** Every code a {@link CriteriaSetIssue} can carry; each is described in `docs/criteria-sets.md`. */
export const CRITERIA_SET_ISSUE_CODES = [
  'JSON_INVALID',
  'FORMAT_UNSUPPORTED',
  'FIELD_REQUIRED',
  'FIELD_TYPE',
  'UNKNOWN_FIELD',
  'STRING_EMPTY',
  'ENUM_INVALID',
  'ID_INVALID',
  'VERSION_INVALID',
  'DATE_INVALID',
  'YEARS_INVALID',
  'LIST_EMPTY',
  'POINTS_INVALID',
  'POINTS_SUM_MISMATCH',
  'INDICATOR_MAX_MISMATCH',
  'CRITERION_NUMBERING',
  'CODE_INVALID',
  'DUPLICATE_CODE',
  'DEPARTMENT_UNKNOWN',
  'THRESHOLD_INVALID',
  'BAND_DIRECTION_MISMATCH',
  'BANDS_NOT_MONOTONIC',
  'BAND_UNREACHABLE',
  'NO_DENOMINATOR_EXCEEDS_MAX',
  'DUPLICATE_GRADE',
  'STATUS_INCONSISTENT',
  'PROVISIONAL_FLAG_INCONSISTENT',
  'MINIMUM_EXCEEDS_TOTAL',
  'REFERENCE_UNKNOWN',
  'REFERENCE_DUPLICATE',
  'DISQUALIFIER_KIND_INVALID',
  'DISQUALIFIER_VALUE_INVALID',
  'CONCEPT_INVALID',
  'DUPLICATE_CONCEPT',
  'MET_RULE_REQUIRED',
  'MET_POINTS_EXCEEDS_MAX',
] as const;

/** Stable code of one validation problem. */
export type CriteriaSetIssueCode = (typeof CRITERIA_SET_ISSUE_CODES)[number];

/**
 * One problem in a document. `path` locates the offending value (`""` = the document itself),
 * e.g. `criteria[3].indicators[0].bands[1].threshold` or `recognition.minimumTotal.OTHER`.
 */
export interface CriteriaSetIssue {
  path: string;
  code: CriteriaSetIssueCode;
  message: string;
}

const MAX_LISTED_ISSUES = 20;

/**
 * Thrown when a document is not a valid criteria set. `issues` lists every problem found (never
 * empty), in document order; `source` is the file it came from, when known.
 */
export class CriteriaSetValidationError extends Error {
  override readonly name = 'CriteriaSetValidationError';
  /** Error code for callers that map errors by code. */
  readonly code = 'CRITERIA_SET_INVALID';
  readonly issues: CriteriaSetIssue[];
  readonly source: string | undefined;

  constructor(issues: CriteriaSetIssue[], source?: string) {
    const listed = issues
      .slice(0, MAX_LISTED_ISSUES)
      .map((i) => `  - ${i.path === '' ? '(document)' : i.path}: ${i.code} ${i.message}`);
    if (issues.length > MAX_LISTED_ISSUES) {
      listed.push(`  - … and ${issues.length - MAX_LISTED_ISSUES} more`);
    }
    super(
      `criteria set${source === undefined ? '' : ` ${source}`} is invalid ` +
        `(${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${listed.join('\n')}`,
    );
    this.issues = issues;
    this.source = source;
  }
}
