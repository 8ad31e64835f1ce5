/**
 * Per-request loaders of what assessments share: the assignment and the set version in force for
 * a year at a moment. Batched so a board of 65 (or 10,000) communes reads each once.
 */
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { assignmentsInForce, type AssignmentRow } from '../../../shared/reference/assignments';
import type { CriteriaCatalogue, LoadedCriteriaSet } from '../../../shared/reference/catalogue';

/** Key of a moment: ISO string, or '' for now. */
export const momentKey = (asOf: Date | null): string => asOf?.toISOString() ?? '';
const momentOf = (key: string): Date | null => (key === '' ? null : new Date(key));

export interface AssessmentLoaders {
  /** `${year}|${momentKey}` → the assignment in force, or null. One statement per moment. */
  assignment: DataLoader<string, AssignmentRow | null>;
  /** `${setId}|${momentKey}` → the version in force, or null. */
  setInForce: DataLoader<string, LoadedCriteriaSet | null>;
}

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
        for (const [year, row] of await assignmentsInForce(dataSource, years, momentOf(moment))) found.set(`${year}|${moment}`, row);
      }
      return keys.map((key) => found.get(key) ?? null);
    }),
    setInForce: new DataLoader(async (keys) =>
      Promise.all(
        keys.map((key) => {
          const separator = key.indexOf('|');
          return catalogue.inForce(key.slice(0, separator), momentOf(key.slice(separator + 1)));
        }),
      ),
    ),
  };
}
