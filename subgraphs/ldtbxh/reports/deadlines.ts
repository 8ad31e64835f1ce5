/**
 * The deadlines of the annual reports of plan 965/KH-UBND §VI: each district reports the year's
 * results and next year's targets to Sở LĐTBXH before 30 November (§VI.1); Sở LĐTBXH reports to
 * the province and the Ministry before 10 December (§VI.2). Whether a report came in time, and
 * Vietnam time, which the deadlines are judged in.
 *
 * "trước ngày 30 tháng 11" is read literally — **before** the day, so the day itself is late. A
 * report is on time when submitted before 00:00 of the deadline day in Vietnam time (UTC+7, no
 * daylight saving): for 2020 the last on-time instant is 29/11/2020 23:59:59.999 +07:00
 * (docs/recognition.md §7). Pure: the clock is a parameter.
 */

/** Who reports: a district to Sở LĐTBXH, or Sở LĐTBXH to the province and the Ministry. */
export type ReportKind = 'DISTRICT' | 'PROVINCE';

/** Whether a report came in time. */
export type DeadlineStatus = 'ON_TIME' | 'LATE' | 'MISSING' | 'PENDING';

/** The only time zone deadlines are judged in. */
export type ReportTimeZone = 'Asia/Ho_Chi_Minh';

/** Vietnam is UTC+7 all year (no daylight saving since 1975). */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const DEADLINE_DAY: Readonly<Record<ReportKind, { month: number; day: number }>> = Object.freeze({
  DISTRICT: { month: 11, day: 30 },
  PROVINCE: { month: 12, day: 10 },
});

/**
 * Checks a report year.
 *
 * @throws RangeError when `year` is not a 4-digit integer.
 */
export function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year must be a 4-digit integer, got ${String(year)}`);
}

/**
 * The date the plan names for the report of `year`, `YYYY-MM-DD`: DISTRICT → 30 November,
 * PROVINCE → 10 December. The report is due **before** this date (the day itself is late; see
 * {@link deadlineStatus}).
 *
 * @throws RangeError when `year` is not a 4-digit integer.
 */
export function reportDeadline(kind: ReportKind, year: number): string {
  assertYear(year);
  const { month, day } = DEADLINE_DAY[kind];
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first late instant: 00:00 Vietnam time of the {@link reportDeadline} date (17:00 UTC the
 * day before). A report submitted at any earlier instant is on time.
 *
 * @throws RangeError as {@link reportDeadline}.
 */
export function deadlineInstant(kind: ReportKind, year: number): Date {
  assertYear(year);
  const { month, day } = DEADLINE_DAY[kind];
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_OFFSET_MS);
}

/**
 * Whether the report of `year` is in time, judged in Vietnam time:
 * submitted before {@link deadlineInstant} → ON_TIME, at or after it → LATE (whatever `now`);
 * not submitted → PENDING while `now` is before the deadline instant, MISSING from it on.
 *
 * @throws RangeError for another time zone, an invalid Date or year.
 */
export function deadlineStatus(input: {
  kind: ReportKind;
  year: number;
  submittedAt: Date | null;
  now: Date;
  timeZone: ReportTimeZone;
}): DeadlineStatus {
  if (input.timeZone !== 'Asia/Ho_Chi_Minh') {
    throw new RangeError(`deadlines are judged in Asia/Ho_Chi_Minh, got ${String(input.timeZone)}`);
  }
  const limit = deadlineInstant(input.kind, input.year).getTime();
  if (input.submittedAt !== null) {
    const at = input.submittedAt.getTime();
    if (Number.isNaN(at)) throw new RangeError('submittedAt is an invalid Date');
    return at < limit ? 'ON_TIME' : 'LATE';
  }
  const now = input.now.getTime();
  if (Number.isNaN(now)) throw new RangeError('now is an invalid Date');
  return now < limit ? 'PENDING' : 'MISSING';
}

/** `date` in Vietnam time as ISO 8601 with its offset: `2020-11-29T23:59:59+07:00`. */
export function vietnamDateTime(date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}
