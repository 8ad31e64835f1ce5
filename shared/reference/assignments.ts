/**
 * The year → criteria-set mapping. The province decides which set applies to each assessment
 * year (QĐ 34/2014 up to 2018, QĐ 06/QĐ-TTg from 2020; 2019 differed between provinces), and may
 * name one version of it. Rows are append-only; the assignment in force for a year at a moment is
 * the newest row made by then.
 *
 * Which version of a set a year uses — one rule for publishing, assigning and assessing
 * ({@link versionForYear}): the version the assignment names, else the latest version (loaded by
 * the moment asked about) whose own `years` include the year.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { hubError } from '../errors';
import type { CriteriaCatalogue, LoadedCriteriaSet } from './catalogue';

/** One recorded decision. */
export interface AssignmentRow {
  year: number;
  setId: string;
  /** The version the province named, or null: the latest version whose years include the year. */
  version: number | null;
  note: string;
  assignedBy: string;
  assignedAt: Date;
}

/**
 * The assignments the hub starts with, each labelled as the hub's default. The notes are shown to
 * officials beside assessments, so they are Vietnamese.
 */
export const DEFAULT_ASSIGNMENTS: readonly { from: number; to: number; setId: string; note: string }[] = [
  {
    from: 2015,
    to: 2018,
    setId: 'QD34-2014',
    note: 'Mặc định: Quyết định 34/2014/QĐ-TTg cho các năm của Kế hoạch 965/KH-UBND đến năm 2018',
  },
  {
    from: 2019,
    to: 2019,
    setId: 'QD06-2019',
    note: 'Mặc định: Quyết định 06/QĐ-TTg cho năm 2019 (các tỉnh áp dụng khác nhau; đổi lại nếu tỉnh đánh giá năm 2019 theo Quyết định 34/2014/QĐ-TTg)',
  },
  { from: 2020, to: 2030, setId: 'QD06-2019', note: 'Mặc định: Quyết định 06/QĐ-TTg từ năm 2020' },
];

const COLUMNS = `year, set_id AS "setId", version, note, assigned_by AS "assignedBy", assigned_at AS "assignedAt"`;

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
  return dataSource.query(
    `SELECT ${COLUMNS} FROM reference.criteria_set_assignment ORDER BY year, assigned_at DESC, id DESC`,
  );
}

/** The assignment in force for each year at `asOf` (now when null); years without one are absent. */
export async function assignmentsInForce(
  dataSource: DataSource | EntityManager,
  years: readonly number[],
  asOf: Date | null,
): Promise<Map<number, AssignmentRow>> {
  const rows: AssignmentRow[] = await dataSource.query(
    `SELECT DISTINCT ON (year) ${COLUMNS} FROM reference.criteria_set_assignment
      WHERE year = ANY($1) AND assigned_at <= COALESCE($2::timestamptz, clock_timestamp())
      ORDER BY year, assigned_at DESC, id DESC`,
    [years, asOf],
  );
  return new Map(rows.map((row) => [row.year, row]));
}

/**
 * The version of `setId` that year `year` uses at `asOf` (now when null), given the assignment in
 * force for the year then: the version it names when it assigns this set and names one, else the
 * latest version loaded by then whose years include the year. Null when there is none.
 */
export async function versionForYear(
  catalogue: CriteriaCatalogue,
  setId: string,
  year: number,
  assignment: Pick<AssignmentRow, 'setId' | 'version'> | null,
  asOf: Date | null,
): Promise<LoadedCriteriaSet | null> {
  if (assignment && assignment.setId === setId && assignment.version !== null) {
    const named = await catalogue.get(setId, assignment.version);
    return named && (asOf === null || named.loadedAt.getTime() <= asOf.getTime()) ? named : null;
  }
  return catalogue.forYear(setId, year, asOf);
}

/**
 * The version of `setId` that values of `year` are published against and checked with: the one
 * the year's assessment uses ({@link versionForYear}, as of now).
 * @throws UNKNOWN_CRITERIA_SET when no version of the set is loaded; YEAR_OUT_OF_RANGE when no
 * version's years include `year` (the message lists each version's years).
 */
export async function versionForPublishing(
  dataSource: DataSource | EntityManager,
  catalogue: CriteriaCatalogue,
  setId: string,
  year: number,
): Promise<LoadedCriteriaSet> {
  const [assignment] = [...(await assignmentsInForce(dataSource, [year], null)).values()];
  const loaded = await versionForYear(catalogue, setId, year, assignment ?? null, null);
  if (loaded) return loaded;
  const versions = await catalogue.versions(setId);
  if (versions.length === 0)
    throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${setId} is not loaded`, {
      field: 'criteriaSetId',
      messageVi: `Bộ tiêu chí ${setId} chưa được nạp`,
    });
  throw yearOutOfRange(setId, year, versions);
}

/** {@link versionForPublishing}, or null where it would throw (for checks that only run when a version applies). */
export async function versionForPublishingOrNull(
  dataSource: DataSource | EntityManager,
  catalogue: CriteriaCatalogue,
  setId: string,
  year: number,
): Promise<LoadedCriteriaSet | null> {
  const [assignment] = [...(await assignmentsInForce(dataSource, [year], null)).values()];
  return versionForYear(catalogue, setId, year, assignment ?? null, null);
}

function yearsText(loaded: LoadedCriteriaSet): string {
  const { from, to } = loaded.set.years;
  return `${from}–${to ?? 'open'}`;
}

function yearOutOfRange(setId: string, year: number, versions: readonly LoadedCriteriaSet[], field = 'year'): Error {
  const first = versions[0]?.set.years;
  return hubError(
    'YEAR_OUT_OF_RANGE',
    `year ${year} is outside the years of every version of criteria set ${setId} (${versions.map((v) => `v${v.set.version}: ${yearsText(v)}`).join(', ')})`,
    {
      field,
      from: first?.from ?? null,
      to: first?.to ?? null,
      messageVi: `Năm ${year} nằm ngoài các năm áp dụng của mọi phiên bản bộ tiêu chí ${setId}`,
    },
  );
}

/**
 * Records that `setId` — at `version`, or by default the latest version whose years include the
 * year — applies to `year` from now on.
 * @throws UNKNOWN_CRITERIA_SET when no version of the set (or not the version named) is loaded;
 * YEAR_OUT_OF_RANGE when the version named, or every version, leaves `year` out.
 */
export async function assignCriteriaSet(
  dataSource: EntityManager,
  catalogue: CriteriaCatalogue,
  input: { year: number; setId: string; version?: number | null; note: string },
  assignedBy: string,
): Promise<AssignmentRow> {
  const version = input.version ?? null;
  if (version !== null) {
    const named = await catalogue.get(input.setId, version);
    if (!named)
      throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${input.setId} version ${version} is not loaded`, {
        field: 'version',
      });
    checkYearInSet(named, input.year);
  } else if (!(await catalogue.forYear(input.setId, input.year, null))) {
    const versions = await catalogue.versions(input.setId);
    if (versions.length === 0)
      throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${input.setId} is not loaded`, { field: 'criteriaSetId' });
    throw yearOutOfRange(input.setId, input.year, versions);
  }
  const [row]: AssignmentRow[] = await dataSource.query(
    `INSERT INTO reference.criteria_set_assignment (year, set_id, version, note, assigned_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [input.year, input.setId, version, input.note, assignedBy],
  );
  if (!row) throw new Error('assignment insert returned no row');
  return row;
}

/** @throws YEAR_OUT_OF_RANGE when the set's years do not include `year`. */
export function checkYearInSet(loaded: LoadedCriteriaSet, year: number, field = 'year'): void {
  const { from, to } = loaded.set.years;
  if (year < from || (to !== null && year > to)) {
    throw hubError(
      'YEAR_OUT_OF_RANGE',
      `year ${year} is outside the years of criteria set ${loaded.set.id} version ${loaded.set.version} (${from}–${to ?? 'open'})`,
      {
        field,
        from,
        to,
      },
    );
  }
}
