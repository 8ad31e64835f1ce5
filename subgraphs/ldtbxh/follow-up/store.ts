/**
 * The province's publication deadlines per department and year, and the reminders sent to the
 * departments (schema `ldtbxh`, append-only: the latest deadline of a department-year applies).
 * Writes run inside withActor (audited).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { DepartmentCode } from '../../../shared/departments';

export interface DeadlineRow {
  provinceCode: string;
  /** Written only from the graph's Department enum. */
  department: DepartmentCode;
  year: number;
  /** `YYYY-MM-DD`. */
  deadline: string;
  note: string;
  setBy: string;
  setAt: Date;
}

export interface ReminderRow {
  id: string;
  provinceCode: string;
  /** Written only from the graph's Department enum. */
  department: DepartmentCode;
  districtCode: string | null;
  year: number;
  sentTo: string;
  /** `YYYY-MM-DD`. */
  sentOn: string;
  about: string;
  reference: string | null;
  recordedBy: string;
  recordedAt: Date;
}

const DEADLINE_COLUMNS = `province_code AS "provinceCode", department, year, to_char(deadline, 'YYYY-MM-DD') AS deadline, note, set_by AS "setBy", set_at AS "setAt"`;
const REMINDER_COLUMNS = `id::text AS id, province_code AS "provinceCode", department, district_code AS "districtCode", year, sent_to AS "sentTo", to_char(sent_on, 'YYYY-MM-DD') AS "sentOn", about, reference, recorded_by AS "recordedBy", recorded_at AS "recordedAt"`;

/** The deadline in force of each department for a province's year. One statement. */
export async function deadlinesOf(dataSource: DataSource, provinceCode: string, year: number): Promise<DeadlineRow[]> {
  return dataSource.query(
    `SELECT DISTINCT ON (department) ${DEADLINE_COLUMNS} FROM ldtbxh.publication_deadline WHERE province_code = $1 AND year = $2 ORDER BY department, id DESC`,
    [provinceCode, year],
  );
}

/** Records a deadline (inside withActor). */
export async function insertDeadline(m: EntityManager, row: Omit<DeadlineRow, 'setAt'>): Promise<DeadlineRow> {
  const [stored]: DeadlineRow[] = await m.query(
    `INSERT INTO ldtbxh.publication_deadline (province_code, department, year, deadline, note, set_by) VALUES ($1, $2, $3, $4::date, $5, $6) RETURNING ${DEADLINE_COLUMNS}`,
    [row.provinceCode, row.department, row.year, row.deadline, row.note, row.setBy],
  );
  if (!stored) throw new Error('deadline insert returned no row');
  return stored;
}

/** The reminders of a province's year, oldest first. One statement. */
export async function remindersOf(dataSource: DataSource, provinceCode: string, year: number): Promise<ReminderRow[]> {
  return dataSource.query(
    `SELECT ${REMINDER_COLUMNS} FROM ldtbxh.department_reminder WHERE province_code = $1 AND year = $2 ORDER BY id`,
    [provinceCode, year],
  );
}

/** Records a reminder (inside withActor). */
export async function insertReminder(
  m: EntityManager,
  row: Omit<ReminderRow, 'id' | 'recordedAt'>,
): Promise<ReminderRow> {
  const [stored]: ReminderRow[] = await m.query(
    `INSERT INTO ldtbxh.department_reminder (province_code, department, district_code, year, sent_to, sent_on, about, reference, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6::date, $7, $8, $9) RETURNING ${REMINDER_COLUMNS}`,
    [
      row.provinceCode,
      row.department,
      row.districtCode,
      row.year,
      row.sentTo,
      row.sentOn,
      row.about,
      row.reference,
      row.recordedBy,
    ],
  );
  if (!stored) throw new Error('reminder insert returned no row');
  return stored;
}
