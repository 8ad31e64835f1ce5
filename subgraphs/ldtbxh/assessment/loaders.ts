/**
 * Per-request loaders of what assessments share: the assignment and the set version in force for
 * a year at a moment. Batched so a board of 65 (or 10,000) communes reads each once.
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { assignmentsInForce, versionForYear, type AssignmentRow } from '../../../shared/reference/assignments';
import type { CriteriaCatalogue, LoadedCriteriaSet } from '../../../shared/reference/catalogue';

/** Key of a moment: ISO string, or '' for now. */
export const momentKey = (asOf: Date | null): string => asOf?.toISOString() ?? '';
const momentOf = (key: string): Date | null => (key === '' ? null : new Date(key));

export interface AssessmentLoaders {
  /** `${year}|${momentKey}` → the assignment in force, or null. One statement per moment. */
  assignment: DataLoader<string, AssignmentRow | null>;
  /**
   * `setKey(assignment, year, moment)` → the version the year uses at that moment (the version the
   * assignment names, else the latest whose years include the year: `versionForYear`), or null.
   */
  setInForce: DataLoader<string, LoadedCriteriaSet | null>;
}

/** Key of {@link AssessmentLoaders.setInForce}. */
export const setKey = (assignment: Pick<AssignmentRow, 'setId' | 'version'>, year: number, moment: string): string =>
  `${assignment.setId}|${assignment.version ?? ''}|${year}|${moment}`;

export function createAssessmentLoaders(dataSource: DataSource, catalogue: CriteriaCatalogue): AssessmentLoaders {
  return {
    assignment: new DataLoader(async (keys) => {
      const byMoment = new Map<string, number[]>();
      for (const key of keys) {
        const [year = '', moment = ''] = key.split('|');
        byMoment.set(moment, [...(byMoment.get(moment) ?? []), Number(year)]);
      }
      const found = new Map<string, AssignmentRow>();
      for (const [moment, years] of byMoment) {
        for (const [year, row] of await assignmentsInForce(dataSource, years, momentOf(moment)))
          found.set(`${year}|${moment}`, row);
      }
      return keys.map((key) => found.get(key) ?? null);
    }),
    // One statement per set and moment for the years without a named version (a trend of many
    // years costs what one year does); a named version is read once and then cached.
    setInForce: new DataLoader(async (keys) => {
      const parsed = keys.map((key) => {
        const [setId = '', version = '', year = '', ...moment] = key.split('|');
        return {
          setId,
          version: version === '' ? null : Number(version),
          year: Number(year),
          moment: moment.join('|'),
        };
      });
      const groups = new Map<string, { setId: string; moment: string; years: number[] }>();
      for (const k of parsed) {
        if (k.version !== null) continue;
        const group = `${k.setId}|${k.moment}`;
        const entry = groups.get(group) ?? { setId: k.setId, moment: k.moment, years: [] };
        entry.years.push(k.year);
        groups.set(group, entry);
      }
      const found = new Map<string, Map<number, LoadedCriteriaSet>>();
      for (const [group, { setId, moment, years }] of groups)
        found.set(group, await catalogue.forYears(setId, years, momentOf(moment)));
      return Promise.all(
        parsed.map((k) =>
          k.version === null
            ? (found.get(`${k.setId}|${k.moment}`)?.get(k.year) ?? null)
            : versionForYear(catalogue, k.setId, k.year, { setId: k.setId, version: k.version }, momentOf(k.moment)),
        ),
      );
    }),
  };
}
