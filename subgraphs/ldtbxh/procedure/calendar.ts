/**
 * The year's calendar of the recognition procedure: a window per stage (registration, dossier,
 * appraisal, council, posting, decision, reports). A shipped default — provisional except where the
 * plan fixes a date (reports before 30 November, plan 965 §VI.1) — that the province may override
 * per year (`ldtbxh.procedure_calendar`, append-only: the latest row of a year applies). A step
 * dated outside its window is taken and flagged (never silently accepted, never refused: the
 * window is guidance, the date is what happened).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { CycleActionType } from '../recognition/cycle';

export type CalendarWindowName =
  'REGISTRATION' | 'DOSSIER' | 'APPRAISAL' | 'COUNCIL' | 'POSTING' | 'DECISION' | 'REPORTS';

export const CALENDAR_WINDOWS: readonly CalendarWindowName[] = Object.freeze([
  'REGISTRATION',
  'DOSSIER',
  'APPRAISAL',
  'COUNCIL',
  'POSTING',
  'DECISION',
  'REPORTS',
] as const);

export const CALENDAR_WINDOW_NAMES_VI: Readonly<Record<CalendarWindowName, string>> = Object.freeze({
  REGISTRATION: 'đăng ký',
  DOSSIER: 'tự đánh giá và nộp hồ sơ',
  APPRAISAL: 'thẩm định',
  COUNCIL: 'họp hội đồng xét duyệt',
  POSTING: 'niêm yết công khai',
  DECISION: 'quyết định công nhận',
  REPORTS: 'báo cáo kết quả',
});

export interface CalendarWindow {
  window: CalendarWindowName;
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`. */
  to: string;
  /** True while the window is not from a text the hub holds. */
  provisional: boolean;
}

export interface ProcedureCalendar {
  year: number;
  windows: CalendarWindow[];
  /** DEFAULT (shipped) or PROVINCE (set for the year). */
  source: 'DEFAULT' | 'PROVINCE';
  note: string;
  setBy: string | null;
  setAt: Date | null;
}

/** The shipped default as month-day pairs; REPORTS ends the day before the districts' report deadline (30 November, plan 965 §VI.1). */
const DEFAULT_DAYS: readonly (readonly [CalendarWindowName, string, string, boolean])[] = [
  ['REGISTRATION', '01-01', '03-31', true],
  ['DOSSIER', '07-01', '09-30', true],
  ['APPRAISAL', '09-01', '10-20', true],
  ['COUNCIL', '10-01', '10-31', true],
  ['POSTING', '10-10', '11-15', true],
  ['DECISION', '11-01', '11-25', true],
  ['REPORTS', '11-01', '11-29', false],
];

export const DEFAULT_CALENDAR_NOTE =
  'Lịch mặc định của hệ thống: tạm thời, trừ hạn báo cáo trước ngày 30/11 (Kế hoạch 965/KH-UBND mục VI.1) (shipped default: provisional except the report deadline).';

/** The shipped default calendar of `year`. */
export function defaultCalendar(year: number): ProcedureCalendar {
  const y = String(year).padStart(4, '0');
  return {
    year,
    windows: DEFAULT_DAYS.map(([window, from, to, provisional]) => ({
      window,
      from: `${y}-${from}`,
      to: `${y}-${to}`,
      provisional,
    })),
    source: 'DEFAULT',
    note: DEFAULT_CALENDAR_NOTE,
    setBy: null,
    setAt: null,
  };
}

/** The window a step is dated in; null for steps outside the year's calendar (revocation, re-appraisal). */
export const ACTION_WINDOW: Readonly<Record<CycleActionType, CalendarWindowName | null>> = Object.freeze({
  REGISTER: 'REGISTRATION',
  SELF_ASSESS: 'DOSSIER',
  SUBMIT: 'DOSSIER',
  ACCEPT_DOSSIER: 'DOSSIER',
  RETURN_DOSSIER: 'DOSSIER',
  APPRAISE: 'APPRAISAL',
  COUNCIL_REVIEW: 'COUNCIL',
  POST: 'POSTING',
  RECORD_COMMENT: 'POSTING',
  RECOGNISE: 'DECISION',
  REFUSE: 'DECISION',
  REVOKE: null,
  REQUEST_REAPPRAISAL: null,
  UPHOLD_REFUSAL: null,
});

/** Something a step's answer says about it without refusing it. */
export interface StepFlag {
  code: 'OUTSIDE_WINDOW' | 'VHTTDL_NOT_PARTICIPATING' | 'DISAGREES_WITH_COMPUTATION' | 'ASSESSMENT_INCOMPLETE';
  message: string;
  messageVi: string;
}

/** The flag of a step dated `date` outside its window, or null. */
export function windowFlag(calendar: ProcedureCalendar, action: CycleActionType, date: string): StepFlag | null {
  const name = ACTION_WINDOW[action];
  const window = name === null ? undefined : calendar.windows.find((w) => w.window === name);
  if (!window || (date >= window.from && date <= window.to)) return null;
  const kind = `${calendar.source === 'DEFAULT' ? 'default' : "province's"}${window.provisional ? ', provisional' : ''}`;
  return {
    code: 'OUTSIDE_WINDOW',
    message: `${action} dated ${date} is outside the ${window.window} window of ${calendar.year} (${window.from} to ${window.to}, ${kind}); recorded as dated`,
    messageVi: `Bước ${action} ngày ${date} nằm ngoài thời gian ${CALENDAR_WINDOW_NAMES_VI[window.window]} năm ${calendar.year} (${window.from} đến ${window.to}${window.provisional ? ', tạm thời' : ''}); vẫn được ghi nhận theo ngày đã nêu`,
  };
}

/** The calendar of a year: the province's latest for the year, else the default. */
export async function calendarFor(dataSource: DataSource | EntityManager, year: number): Promise<ProcedureCalendar> {
  const [row] = (await dataSource.query(
    `SELECT windows, note, set_by AS "setBy", set_at AS "setAt" FROM ldtbxh.procedure_calendar WHERE year = $1 ORDER BY id DESC LIMIT 1`,
    [year],
  )) as {
    windows: CalendarWindow[];
    note: string;
    setBy: string;
    setAt: Date;
  }[];
  if (!row) return defaultCalendar(year);
  return { year, windows: row.windows, source: 'PROVINCE', note: row.note, setBy: row.setBy, setAt: row.setAt };
}

/** Records the province's calendar of a year (inside withActor). */
export async function insertCalendar(
  m: EntityManager,
  year: number,
  windows: readonly CalendarWindow[],
  note: string,
  setBy: string,
): Promise<ProcedureCalendar> {
  const [row] = (await m.query(
    `INSERT INTO ldtbxh.procedure_calendar (year, windows, note, set_by) VALUES ($1, $2, $3, $4) RETURNING set_at AS "setAt"`,
    [year, JSON.stringify(windows), note, setBy],
  )) as { setAt: Date }[];
  return { year, windows: [...windows], source: 'PROVINCE', note, setBy, setAt: row?.setAt ?? new Date() };
}
