/**
 * Gathering what one assessment needs: the values every department published (the other five
 * arrive through federation as `ScoringInputs` in the `@requires` representation — current ones on
 * `CommuneYear`, those in force at a moment on `CommuneYearAsOf`; LĐTBXH's own are read here), plus
 * which departments could not answer.
 */
import {
  CONTRIBUTORS,
  type ContributorCode,
  type ContributorSlug,
  type DepartmentCode,
} from '../../../shared/departments';
import type { PublishedValue } from './model';
import { valuesOf, type ScoringInputs, type ScoringValue } from '../../../shared/scoring-inputs';

/**
 * The other departments, whose `<slug>Inputs` the representation carries (every department of
 * the table but the lead; the SDL's `@requires` selections are generated from the same table).
 */
export const REQUIRED_DEPARTMENTS: readonly ContributorSlug[] = CONTRIBUTORS.map((d) => d.slug);
export type RequiredDepartment = ContributorSlug;
export type RequiredFields = Partial<Record<`${RequiredDepartment}Inputs`, ScoringInputs | null>>;

export const CODE_OF = Object.fromEntries(CONTRIBUTORS.map((d) => [d.slug, d.code])) as Record<
  RequiredDepartment,
  ContributorCode
>;

/** What the representation says of one commune-year: each department's values and stamp, or that it could not answer. */
export interface CollectedInputs {
  /** Every value of every department (LĐTBXH's included), of every criteria set. */
  values: { department: DepartmentCode; value: ScoringValue }[];
  /** Stamp of each department that answered (LĐTBXH's included). */
  stamps: Partial<Record<DepartmentCode, string>>;
  unavailable: DepartmentCode[];
}

/**
 * Opens the departments' payloads of one commune-year (`at` '' for current values).
 * @throws Error when a sealed payload does not open for this commune, year and moment.
 */
export function collectInputs(
  fields: RequiredFields,
  own: { stamp: string; values: readonly ScoringValue[] },
  ref: { communeCode: string; year: number; at: string },
  internalSecret: string,
): CollectedInputs {
  const collected: CollectedInputs = {
    values: own.values.map((value) => ({ department: 'LDTBXH', value })),
    stamps: { LDTBXH: own.stamp },
    unavailable: [],
  };
  for (const slug of REQUIRED_DEPARTMENTS) {
    const department = CODE_OF[slug];
    const inputs = fields[`${slug}Inputs`];
    if (inputs === null || inputs === undefined) {
      collected.unavailable.push(department);
      continue;
    }
    if (inputs.communeCode !== ref.communeCode || inputs.year !== ref.year || inputs.at !== ref.at) {
      throw new Error(
        `${department}'s inputs of ${inputs.communeCode}/${inputs.year}@${inputs.at} were given for ${ref.communeCode}/${ref.year}@${ref.at}`,
      );
    }
    collected.stamps[department] = inputs.stamp;
    for (const value of valuesOf(inputs, internalSecret, {
      department,
      communeCode: ref.communeCode,
      year: ref.year,
      at: ref.at,
    })) {
      collected.values.push({ department, value });
    }
  }
  return collected;
}

/**
 * The values the engine scores (those of `criteriaSetId`), and the others (`set/indicator`),
 * which are reported as ignored, never dropped silently.
 */
export function valuesForSet(
  collected: CollectedInputs,
  criteriaSetId: string,
): { values: PublishedValue[]; otherSets: string[] } {
  const values: PublishedValue[] = [];
  const otherSets: string[] = [];
  for (const { department, value } of collected.values) {
    if (value.set !== criteriaSetId) {
      otherSets.push(`${value.set}/${value.indicator}`);
      continue;
    }
    values.push({
      indicator: value.indicator,
      department,
      kind: value.kind,
      numerator: value.numerator,
      denominator: value.denominator,
      count: value.count,
      value: value.value,
      grade: value.grade,
      publishedBy: value.publishedBy,
      publishedAt: value.publishedAt,
      revision: value.revision,
    });
  }
  return { values, otherSets };
}

/** The commune-year a representation's payloads are about (every answering department agrees); null when none answered. */
export function keyOfPayloads(fields: RequiredFields): { communeCode: string; year: number; at: string } | null {
  for (const slug of REQUIRED_DEPARTMENTS) {
    const inputs = fields[`${slug}Inputs`];
    if (inputs) return { communeCode: inputs.communeCode, year: inputs.year, at: inputs.at };
  }
  return null;
}
