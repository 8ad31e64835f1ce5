/**
 * The shape a criteria-set document must have: required and optional fields per level, the
 * patterns of ids, dates and codes, and the band comparisons each kind of indicator may use.
 */
import { INDICATOR_KINDS } from './types';
import type { BandOp, IndicatorKind } from './types';
import type { Decimal } from './scoring';
export const ID_PATTERN = /^[A-Z0-9][A-Z0-9-]*$/;
export const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
export const INDICATOR_CODE_PATTERN = /^([1-9][0-9]*)\.([1-9][0-9]*)$/;
export const HUNDRED: Decimal = { units: 100n, scale: 0 };
export const ZERO: Decimal = { units: 0n, scale: 0 };

export function isRealDate(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isYear(value: number): boolean {
  return Number.isInteger(value) && value >= 1000 && value <= 9999;
}

export const ROOT_REQUIRED = [
  'format',
  'id',
  'version',
  'title',
  'legalBasis',
  'years',
  'maxTotal',
  'provisional',
  'criteria',
  'recognition',
] as const;
export const NOTES = ['notes'] as const;
export const CRITERION_OPTIONAL = ['notes', 'fieldStatus', 'met'] as const;
export const INDICATOR_OPTIONAL = ['notes', 'fieldStatus', 'concept'] as const;
export const RECOGNITION_OPTIONAL = ['everyCriterionMet'] as const;
export const FIELD_STATUS_FIELDS = ['title', 'maxPoints'] as const;
export const CONCEPT_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;
export const LEGAL_BASIS_REQUIRED = ['document', 'issuedOn', 'title', 'status'];
export const CRITERION_REQUIRED = ['number', 'title', 'department', 'maxPoints', 'status', 'indicators'];
export const RECOGNITION_REQUIRED = [
  'minimumTotal',
  'noCriterionAtZero',
  'criteriaAtMaximum',
  'disqualifyingIndicators',
];
export const INDICATOR_BASE = ['code', 'kind', 'title', 'department', 'maxPoints', 'status'] as const;
export const INDICATOR_FIELDS: Readonly<Record<IndicatorKind, readonly string[]>> = {
  RATE: ['direction', 'numerator', 'denominator', 'bands', 'otherwise', 'whenNoDenominator'],
  COUNT: ['counted', 'bands', 'otherwise'],
  BOOLEAN: ['question', 'pointsIfYes', 'pointsIfNo'],
  GRADED: ['grades'],
};
export const ALL_INDICATOR_FIELDS = [
  ...INDICATOR_BASE,
  ...INDICATOR_OPTIONAL,
  ...INDICATOR_KINDS.flatMap((k) => INDICATOR_FIELDS[k]),
];

/** How a list of bands must be ordered. */
export type BandMode = 'HIGHER_IS_BETTER' | 'LOWER_IS_BETTER' | 'COUNT';

export const BAND_OPS_BY_MODE: Readonly<Record<BandMode, readonly BandOp[]>> = {
  HIGHER_IS_BETTER: ['>=', '>'],
  LOWER_IS_BETTER: ['<=', '<'],
  COUNT: ['<=', '<'],
};

export interface IndicatorSummary {
  code: string;
  kind: IndicatorKind | undefined;
  maxPoints: number | undefined;
}
