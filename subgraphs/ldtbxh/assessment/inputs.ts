/**
 * Gathering what one assessment needs: the values every department published (the other five
 * arrive through federation in the `@requires` representation; LĐTBXH's own are read here), as
 * they stood at `asOf` when one is given, plus which departments could not answer.
 */
import type { DepartmentCode } from '../../../shared/departments';
import type { PublishedValue } from '../../../shared/criteria/assess';
import type { IndicatorKind } from '../../../shared/criteria/types';

/** One revision of a value, as the departments expose it in `history`. */
export interface RequiredRevision {
  revision: number;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  value: boolean | null;
  grade: string | null;
  publishedBy: string;
  publishedAt: string;
}

/** A value as required from another department's subgraph. */
export interface RequiredValue extends RequiredRevision {
  communeCode: string;
  year: number;
  criteriaSetId: string;
  indicator: string;
  kind: string;
  department: string;
  history: RequiredRevision[];
}

/** The other departments' fields of a CommuneYear representation (their unmasked `<slug>Inputs`). */
export const REQUIRED_DEPARTMENTS = ['yte', 'tuphap', 'gddt', 'congan', 'vhttdl'] as const;
export type RequiredDepartment = (typeof REQUIRED_DEPARTMENTS)[number];
export type RequiredFields = Partial<Record<`${RequiredDepartment}Inputs`, RequiredValue[] | null>>;

const CODE_OF: Record<RequiredDepartment, DepartmentCode> = { yte: 'YTE', tuphap: 'TUPHAP', gddt: 'GDDT', congan: 'CONGAN', vhttdl: 'VHTTDL' };

/**
 * The value as it stood at `asOf`: the current one when asOf is null, otherwise the latest revision
 * published at or before asOf, or null when there was none yet.
 */
export function valueAsOf(value: RequiredValue, asOf: Date | null): PublishedValue | null {
  let chosen: RequiredRevision | undefined = value;
  if (asOf !== null) {
    chosen = undefined;
    for (const revision of value.history) {
      if (new Date(revision.publishedAt).getTime() <= asOf.getTime() && (!chosen || revision.revision > chosen.revision)) chosen = revision;
    }
  }
  if (!chosen) return null;
  return {
    indicator: value.indicator,
    department: value.department as DepartmentCode,
    kind: value.kind as IndicatorKind,
    numerator: chosen.numerator,
    denominator: chosen.denominator,
    count: chosen.count,
    value: chosen.value,
    grade: chosen.grade,
    publishedBy: chosen.publishedBy,
    publishedAt: chosen.publishedAt,
    revision: chosen.revision,
  };
}

/**
 * The values of one commune-year for one criteria set, from every department, at `asOf`; the
 * departments whose field is absent from the representation (their service could not answer); and
 * the values published under another set for the year (`set/indicator`), which are not scored.
 * @throws Error when a value names another commune or year than the representation (the board's
 * lists would then be out of step).
 */
export function collectValues(
  fields: RequiredFields,
  own: readonly RequiredValue[],
  expect: { communeCode: string; year: number; criteriaSetId: string },
  asOf: Date | null,
): { values: PublishedValue[]; unavailable: DepartmentCode[]; otherSets: string[] } {
  const unavailable: DepartmentCode[] = [];
  const all: RequiredValue[] = [...own];
  for (const department of REQUIRED_DEPARTMENTS) {
    const list = fields[`${department}Inputs`];
    if (list === null || list === undefined) unavailable.push(CODE_OF[department]);
    else all.push(...list);
  }
  const values: PublishedValue[] = [];
  const otherSets: string[] = [];
  for (const value of all) {
    if (value.communeCode !== expect.communeCode || value.year !== expect.year) {
      throw new Error(`value of ${value.communeCode}/${value.year} given for ${expect.communeCode}/${expect.year}`);
    }
    if (value.criteriaSetId !== expect.criteriaSetId) {
      // Published under another set for this year: not scored, but reported, never dropped silently.
      otherSets.push(`${value.criteriaSetId}/${value.indicator}`);
      continue;
    }
    const atDate = valueAsOf(value, asOf);
    if (atDate) values.push(atDate);
  }
  return { values, unavailable, otherSets };
}
