/**
 * The year → criteria-set mapping. The province decides which set applies to each assessment
 * year (QĐ 34/2014 up to 2018, QĐ 06/QĐ-TTg from 2020; 2019 differed between provinces). Rows are
 * append-only; the assignment in force for a year at a moment is the newest row made by then.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { hubError } from '../errors';
import type { CriteriaCatalogue, LoadedCriteriaSet } from './catalogue';

/** One recorded decision. */
export interface AssignmentRow {
  year: number;
  setId: string;
  note: string;
  assignedBy: string;
  assignedAt: Date;
}

/** The assignments the hub starts with, each labelled as the hub's default. */
export const DEFAULT_ASSIGNMENTS: readonly { from: number; to: number; setId: string; note: string }[] = [
  { from: 2015, to: 2018, setId: 'QD34-2014', note: 'default: QĐ 34/2014/QĐ-TTg for the years of plan 965/KH-UBND up to 2018' },
  { from: 2019, to: 2019, setId: 'QD06-2019', note: 'default: QĐ 06/QĐ-TTg for 2019 (provinces differed; change it if the province assessed 2019 under QĐ 34/2014)' },
  { from: 2020, to: 2030, setId: 'QD06-2019', note: 'default: QĐ 06/QĐ-TTg from 2020' },
];

const COLUMNS = `year, set_id AS "setId", note, assigned_by AS "assignedBy", assigned_at AS "assignedAt"`;

/** Seeds the default assignments for years that have none. Returns how many rows were added. */
export async function seedAssignments(dataSource: EntityManager, assignedBy: string): Promise<number> {
  const years: number[] = [];
  const sets: string[] = [];
  const notes: string[] = [];
  for (const rule of DEFAULT_ASSIGNMENTS) {
    for (let year = rule.from; year <= rule.to; year += 1) {
      years.push(year);
      sets.push(rule.setId);
      notes.push(rule.note);
    }
  }
  const rows: unknown[] = await dataSource.query(
    `INSERT INTO reference.criteria_set_assignment (year, set_id, note, assigned_by)
     SELECT x.year, x.set_id, x.note, $4 FROM unnest($1::int[], $2::text[], $3::text[]) AS x(year, set_id, note)
      WHERE NOT EXISTS (SELECT 1 FROM reference.criteria_set_assignment a WHERE a.year = x.year)
     RETURNING id`,
    [years, sets, notes, assignedBy],
  );
  return rows.length;
}

/** Every assignment row, newest first within each year, years ascending. */
export async function listAssignments(dataSource: DataSource): Promise<AssignmentRow[]> {
  return dataSource.query(`SELECT ${COLUMNS} FROM reference.criteria_set_assignment ORDER BY year, assigned_at DESC, id DESC`);
}

/** The assignment in force for each year at `asOf` (now when null); years without one are absent. */
export async function assignmentsInForce(dataSource: DataSource, years: readonly number[], asOf: Date | null): Promise<Map<number, AssignmentRow>> {
  const rows: AssignmentRow[] = await dataSource.query(
    `SELECT DISTINCT ON (year) ${COLUMNS} FROM reference.criteria_set_assignment
      WHERE year = ANY($1) AND assigned_at <= COALESCE($2::timestamptz, clock_timestamp())
      ORDER BY year, assigned_at DESC, id DESC`,
    [years, asOf],
  );
  return new Map(rows.map((row) => [row.year, row]));
}

/**
 * Records that `setId` applies to `year` from now on.
 * @throws UNKNOWN_CRITERIA_SET when no version of the set is loaded; YEAR_OUT_OF_RANGE when the
 * set's own years do not include `year`.
 */
export async function assignCriteriaSet(
  dataSource: EntityManager,
  catalogue: CriteriaCatalogue,
  input: { year: number; setId: string; note: string },
  assignedBy: string,
): Promise<AssignmentRow> {
  const loaded = await catalogue.latest(input.setId);
  if (!loaded) throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${input.setId} is not loaded`, { field: 'criteriaSetId' });
  checkYearInSet(loaded, input.year);
  const [row]: AssignmentRow[] = await dataSource.query(
    `INSERT INTO reference.criteria_set_assignment (year, set_id, note, assigned_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [input.year, input.setId, input.note, assignedBy],
  );
  if (!row) throw new Error('assignment insert returned no row');
  return row;
}

/** @throws YEAR_OUT_OF_RANGE when the set's years do not include `year`. */
export function checkYearInSet(loaded: LoadedCriteriaSet, year: number, field = 'year'): void {
  const { from, to } = loaded.set.years;
  if (year < from || (to !== null && year > to)) {
    throw hubError('YEAR_OUT_OF_RANGE', `year ${year} is outside the years of criteria set ${loaded.set.id} (${from}–${to ?? 'open'})`, {
      field,
      from,
      to,
    });
  }
}
