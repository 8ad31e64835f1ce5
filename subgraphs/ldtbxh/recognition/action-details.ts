/**
 * What each action of a recognition cycle carries, and its checks (docs/recognition.md §2): the
 * fields of every action, the dates it is dated by, `validateDetails` (every problem of untrusted
 * details: required fields, texts that cannot be stored, real dates, dates in the future, outside
 * the year or out of order with the cycle's steps, unknown fields) and `parseCycleAction`, which
 * builds the typed action the state machine (cycle.ts) applies. Pure: `today` is a parameter.
 */
import { invalidTextReason } from '../../../shared/text';
import type { CriterionVerification, CycleAction, CycleActionType, CycleState } from './cycle';

/** Codes of {@link DetailProblem}. */
export type DetailProblemCode =
  | 'DETAILS_INVALID'
  | 'FIELD_REQUIRED'
  | 'DATE_INVALID'
  | 'DATE_IN_FUTURE'
  | 'DATE_OUTSIDE_YEAR'
  | 'DATE_ORDER'
  | 'TEXT_TOO_LONG'
  | 'TEXT_INVALID'
  | 'VALUE_INVALID'
  | 'UNKNOWN_FIELD';

/** One thing wrong with the details of an action: the field, a code and an actionable message. */
export interface DetailProblem {
  /** The field at fault; `details` when the whole value is not an object. */
  field: string;
  code: DetailProblemCode;
  message: string;
}

/** Longest text accepted in a detail field, in Unicode code points (after trimming, NFC). */
export const MAX_TEXT_LENGTH = 500;

/**
 * Months of the next year in which a council meeting still belongs to the assessment year:
 * a meeting for year Y may be held from 1 January Y to 31 March Y+1 (docs/recognition.md §2).
 */
export const MEETING_GRACE_MONTHS = 3;

/** Department codes that may take part in an appraisal. */
export const APPRAISAL_BODIES: readonly string[] = Object.freeze([
  'LDTBXH',
  'YTE',
  'TUPHAP',
  'GDDT',
  'CONGAN',
  'VHTTDL',
]);

/**
 * Kinds of detail fields: a required text or date; an optional one (`?`); a list of department
 * codes (`bodies`); the appraisal's results per criterion (`results`); the council's `opinion`.
 */
type FieldKind = 'text' | 'date' | 'text?' | 'date?' | 'bodies' | 'results' | 'opinion';

/** The fields each action carries, in the order problems are reported. */
export const ACTION_FIELDS: Readonly<Record<CycleActionType, Readonly<Record<string, FieldKind>>>> = Object.freeze({
  REGISTER: Object.freeze({}),
  SELF_ASSESS: Object.freeze({
    meetingDate: 'date',
    requestLetter: 'text',
    assessmentReport: 'text',
    dataSourceExplanation: 'text',
    councilMinutes: 'text',
  }),
  SUBMIT: Object.freeze({}),
  ACCEPT_DOSSIER: Object.freeze({ checkDate: 'date' }),
  RETURN_DOSSIER: Object.freeze({ checkDate: 'date', missing: 'text' }),
  APPRAISE: Object.freeze({
    appraisalDate: 'date',
    report: 'text',
    notes: 'text?',
    participants: 'bodies',
    results: 'results',
  }),
  COUNCIL_REVIEW: Object.freeze({ meetingDate: 'date', opinion: 'opinion', minutes: 'text' }),
  POST: Object.freeze({ postedFrom: 'date', postedUntil: 'date', place: 'text' }),
  RECORD_COMMENT: Object.freeze({ receivedDate: 'date', from: 'text', comment: 'text' }),
  RECOGNISE: Object.freeze({ decisionNumber: 'text', decisionDate: 'date', signer: 'text', reason: 'text?' }),
  REFUSE: Object.freeze({ reason: 'text', decisionDate: 'date?' }),
  REVOKE: Object.freeze({ reason: 'text', decisionNumber: 'text', decisionDate: 'date' }),
  REQUEST_REAPPRAISAL: Object.freeze({ requestDate: 'date', grounds: 'text' }),
  UPHOLD_REFUSAL: Object.freeze({ reappraisalDate: 'date', report: 'text', reason: 'text' }),
} satisfies Record<CycleActionType, Record<string, FieldKind>>);

/** The date each action is dated by (REGISTER and SUBMIT carry none: the caller dates them). */
export const ACTION_DATE_FIELD: Readonly<Partial<Record<CycleActionType, string>>> = Object.freeze({
  SELF_ASSESS: 'meetingDate',
  ACCEPT_DOSSIER: 'checkDate',
  RETURN_DOSSIER: 'checkDate',
  APPRAISE: 'appraisalDate',
  COUNCIL_REVIEW: 'meetingDate',
  POST: 'postedFrom',
  RECORD_COMMENT: 'receivedDate',
  RECOGNISE: 'decisionDate',
  REFUSE: 'decisionDate',
  REVOKE: 'decisionDate',
  REQUEST_REAPPRAISAL: 'requestDate',
  UPHOLD_REFUSAL: 'reappraisalDate',
});

/** What {@link validateDetails} needs besides the details. */
export interface DetailsContext {
  /** The assessment year of the cycle. */
  year: number;
  /** Today's date in Vietnam, `YYYY-MM-DD`: no decision or meeting may be dated after it. */
  today: string;
  /**
   * The cycle the action applies to, when known: enables the DATE_ORDER checks (a step not dated
   * before the step it follows; a decision not before the end of the public posting).
   */
  current?: CycleState | null;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True iff `text` is `YYYY-MM-DD` and a real calendar date (2020-02-29 yes, 2021-02-29 no). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (match === null) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The last day a council meeting for `year` may be held (31 March of the next year). */
function lastMeetingDay(year: number): string {
  return `${String(year + 1).padStart(4, '0')}-03-31`;
}

function textProblems(field: string, value: string): DetailProblem[] {
  const problems: DetailProblem[] = [];
  const invalid = value.includes('\u0000')
    ? 'a NUL character (U+0000), which cannot be stored'
    : invalidTextReason(value);
  if (invalid) {
    problems.push({
      field,
      code: 'TEXT_INVALID',
      message: `${field} contains ${invalid}${invalid.startsWith('a NUL') ? '' : ', which cannot be stored as sent'}`,
    });
  }
  const length = [...value.trim().normalize('NFC')].length;
  if (length > MAX_TEXT_LENGTH) {
    problems.push({
      field,
      code: 'TEXT_TOO_LONG',
      message: `${field} has ${length} characters; at most ${MAX_TEXT_LENGTH} are accepted`,
    });
  }
  return problems;
}

function structuredProblems(field: string, kind: 'bodies' | 'results' | 'opinion', value: unknown): DetailProblem[] {
  if (kind === 'opinion') {
    return value === 'RECOMMEND' || value === 'DO_NOT_RECOMMEND'
      ? []
      : [
          {
            field,
            code: value === undefined || value === null ? 'FIELD_REQUIRED' : 'VALUE_INVALID',
            message: `${field} must be RECOMMEND or DO_NOT_RECOMMEND`,
          },
        ];
  }
  if (!Array.isArray(value) || value.length === 0) {
    return [
      {
        field,
        code: 'FIELD_REQUIRED',
        message:
          kind === 'bodies'
            ? `${field} must list the bodies taking part (department codes: ${APPRAISAL_BODIES.join(', ')})`
            : `${field} must give the verified result of at least one criterion`,
      },
    ];
  }
  if (kind === 'bodies') {
    const wrong = value.filter((v) => typeof v !== 'string' || !APPRAISAL_BODIES.includes(v));
    return wrong.length > 0
      ? [
          {
            field,
            code: 'VALUE_INVALID',
            message: `${field}: ${wrong.map((w) => JSON.stringify(w)).join(', ')} not a department code (${APPRAISAL_BODIES.join(', ')})`,
          },
        ]
      : [];
  }
  const problems: DetailProblem[] = [];
  const seen = new Set<number>();
  value.forEach((entry: unknown, index) => {
    const ok =
      isPlainObject(entry) &&
      Number.isInteger(entry.criterion) &&
      (entry.criterion as number) >= 1 &&
      (entry.criterion as number) <= 50 &&
      typeof entry.met === 'boolean' &&
      (entry.note === undefined ||
        entry.note === null ||
        (typeof entry.note === 'string' && textProblems(field, entry.note).length === 0)) &&
      Object.keys(entry).every((k) => ['criterion', 'met', 'note'].includes(k));
    if (!ok)
      problems.push({
        field,
        code: 'VALUE_INVALID',
        message: `${field}[${index}] must be { criterion: 1–50, met: true/false, note?: text up to ${MAX_TEXT_LENGTH} characters }`,
      });
    else if (seen.has(entry.criterion as number))
      problems.push({
        field,
        code: 'VALUE_INVALID',
        message: `${field}[${index}]: criterion ${String(entry.criterion)} is given twice`,
      });
    else seen.add(entry.criterion as number);
  });
  return problems;
}

/**
 * Checks the details of an action before it is applied. Returns every problem found, in the
 * action's field order (see {@link ACTION_FIELDS}), then unknown fields in alphabetical order;
 * an empty array means the details are acceptable. Rules:
 *
 * - `DETAILS_INVALID`: details are not an object (`null`/`undefined` count as `{}`);
 * - `FIELD_REQUIRED`: a required field is missing, not a string, or blank (an empty list);
 * - `TEXT_TOO_LONG`: a text longer than {@link MAX_TEXT_LENGTH} code points (trimmed, NFC), as
 *   PostgreSQL counts characters;
 * - `TEXT_INVALID`: a text containing U+0000 (PostgreSQL cannot store it), a lone surrogate or a
 *   noncharacter (see shared/text.ts);
 * - `VALUE_INVALID`: a list entry or a choice that is not one of those accepted;
 * - `DATE_INVALID`: a date that is not `YYYY-MM-DD` or not a real calendar date;
 * - `DATE_IN_FUTURE`: a meeting, step or decision dated after `context.today` (today is fine; the
 *   end of a posting may be later);
 * - `DATE_OUTSIDE_YEAR`: a commune council meeting outside 1 January of the year .. 31 March of the next;
 * - `DATE_ORDER` (only with `context.current`): a step dated before the one it follows, a decision
 *   before the end of the posting, a posting ending before it starts;
 * - `UNKNOWN_FIELD`: a field the action does not carry (a typo must not pass silently).
 *
 * A date may have several problems (e.g. in the future and outside the year); each is listed.
 *
 * @throws RangeError when `context.today` is not a valid `YYYY-MM-DD` date or `context.year` is
 *   not an integer (a programming error, not bad input).
 */
export function validateDetails(action: CycleActionType, details: unknown, context: DetailsContext): DetailProblem[] {
  if (!isIsoDate(context.today)) throw new RangeError(`today must be a YYYY-MM-DD date, got ${context.today}`);
  if (!Number.isInteger(context.year)) throw new RangeError(`year must be an integer, got ${String(context.year)}`);
  const fields = ACTION_FIELDS[action];
  const names = Object.keys(fields);
  if (details !== null && details !== undefined && !isPlainObject(details)) {
    return [
      {
        field: 'details',
        code: 'DETAILS_INVALID',
        message:
          names.length > 0
            ? `details of ${action} must be an object with ${names.join(', ')}`
            : `${action} carries no details; send none`,
      },
    ];
  }
  const record = isPlainObject(details) ? details : {};
  const problems: DetailProblem[] = [];
  const dates: Record<string, string> = {};
  for (const [field, kind] of Object.entries(fields)) {
    const value = record[field];
    if (kind === 'bodies' || kind === 'results' || kind === 'opinion') {
      problems.push(...structuredProblems(field, kind, value));
      continue;
    }
    const optional = kind.endsWith('?');
    if (optional && (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')))
      continue;
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({
        field,
        code: 'FIELD_REQUIRED',
        message:
          value === undefined || value === null
            ? `${field} is required for ${action}`
            : typeof value === 'string'
              ? `${field} must not be blank`
              : `${field} must be ${kind.startsWith('date') ? 'a date YYYY-MM-DD' : 'a text'}, got ${typeof value}`,
      });
      continue;
    }
    if (kind.startsWith('text')) {
      problems.push(...textProblems(field, value));
      continue;
    }
    const date = value.trim();
    if (!isIsoDate(date)) {
      problems.push({
        field,
        code: 'DATE_INVALID',
        message: `${field} must be a real date written YYYY-MM-DD, got ${JSON.stringify(value)}`,
      });
      continue;
    }
    dates[field] = date;
    if (date > context.today && field !== 'postedUntil') {
      problems.push({
        field,
        code: 'DATE_IN_FUTURE',
        message: `${field} ${date} is after today (${context.today}); a ${
          field === 'meetingDate' ? 'meeting' : field === 'decisionDate' ? 'decision' : 'step'
        } cannot be recorded before it happens`,
      });
    }
    if (field === 'meetingDate' && action === 'SELF_ASSESS') {
      const first = `${String(context.year).padStart(4, '0')}-01-01`;
      const last = lastMeetingDay(context.year);
      if (date < first || date > last) {
        problems.push({
          field,
          code: 'DATE_OUTSIDE_YEAR',
          message: `meetingDate ${date} is outside the meetings allowed for ${context.year} (${first} to ${last}: the year, or the first ${MEETING_GRACE_MONTHS} months of the next)`,
        });
      }
    }
  }
  if (
    action === 'POST' &&
    dates.postedFrom !== undefined &&
    dates.postedUntil !== undefined &&
    dates.postedUntil < dates.postedFrom
  ) {
    problems.push({
      field: 'postedUntil',
      code: 'DATE_ORDER',
      message: `postedUntil ${dates.postedUntil} is before postedFrom ${dates.postedFrom}`,
    });
  }
  problems.push(...orderProblems(action, dates, context.current ?? null));
  const known = new Set(names);
  for (const field of Object.keys(record).sort()) {
    if (!known.has(field)) {
      problems.push({
        field,
        code: 'UNKNOWN_FIELD',
        message:
          names.length > 0
            ? `${action} has no field ${field}; its fields are ${names.join(', ')}`
            : `${action} carries no details; remove ${field}`,
      });
    }
  }
  return problems;
}

/** The date of a stored event (its action's date field; for a posting, the last day when `end`). */
function eventDate(action: CycleAction, end: boolean): string | undefined {
  if (action.type === 'REGISTER' || action.type === 'SUBMIT') return undefined;
  const details = action.details as unknown as Record<string, unknown>;
  const field = action.type === 'POST' && end ? 'postedUntil' : ACTION_DATE_FIELD[action.type];
  const value = field === undefined ? undefined : details[field];
  return typeof value === 'string' ? value : undefined;
}

const WHAT: Partial<Record<CycleActionType, string>> = {
  SELF_ASSESS: 'the council meeting',
  ACCEPT_DOSSIER: 'the dossier check',
  RETURN_DOSSIER: 'the return of the dossier',
  APPRAISE: 'the appraisal',
  COUNCIL_REVIEW: 'the review council',
  POST: 'the end of the public posting',
  RECORD_COMMENT: 'the last comment received',
  RECOGNISE: 'the recognition decision',
  REFUSE: 'the refusal',
  REQUEST_REAPPRAISAL: 'the request for re-appraisal',
};

function orderProblems(
  action: CycleActionType,
  dates: Record<string, string>,
  current: CycleState | null,
): DetailProblem[] {
  if (current === null) return [];
  const field = ACTION_DATE_FIELD[action];
  const date = field === undefined ? undefined : dates[field];
  if (field === undefined || date === undefined) return [];
  if (action === 'SELF_ASSESS' && current.status === 'SELF_ASSESSED') {
    const earliest = current.selfAssessment.meetingDate;
    return date < earliest
      ? [
          {
            field,
            code: 'DATE_ORDER',
            message: `${field} ${date} is before the previous council meeting (${earliest})`,
          },
        ]
      : [];
  }
  // The latest dated step before this one: a comment is not before the posting starts; anything
  // after a posting not before its last day.
  let earliest: string | undefined;
  let what = '';
  for (const event of current.history) {
    const at = eventDate(event.action, action !== 'RECORD_COMMENT');
    if (at !== undefined && (earliest === undefined || at >= earliest)) {
      earliest = at;
      what =
        event.action.type === 'POST' && action === 'RECORD_COMMENT'
          ? 'the start of the public posting'
          : (WHAT[event.action.type] ?? event.action.type);
    }
  }
  return earliest !== undefined && date < earliest
    ? [{ field, code: 'DATE_ORDER', message: `${field} ${date} is before ${what} (${earliest})` }]
    : [];
}

/** What {@link parseCycleAction} needs: the cycle's commune and year, today and the cycle. */
export interface ParseActionContext extends DetailsContext {
  /** Official code of the commune (used by REGISTER). */
  commune: string;
}

/**
 * Validates untrusted details (e.g. a GraphQL input) with {@link validateDetails} and, when there
 * is no problem, builds the typed {@link CycleAction}: text is trimmed and NFC-normalised, dates
 * trimmed, optional fields left out when absent. REGISTER takes `commune` and `year` from the
 * context. Pure; throws only as {@link validateDetails} does.
 */
export function parseCycleAction(
  type: CycleActionType,
  details: unknown,
  context: ParseActionContext,
): { ok: true; action: CycleAction } | { ok: false; problems: DetailProblem[] } {
  const problems = validateDetails(type, details, context);
  if (problems.length > 0) return { ok: false, problems };
  if (type === 'REGISTER') return { ok: true, action: { type, commune: context.commune, year: context.year } };
  if (type === 'SUBMIT') return { ok: true, action: { type } };
  const record = isPlainObject(details) ? details : {};
  const built: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(ACTION_FIELDS[type])) {
    const value = record[field];
    if (kind === 'bodies') built[field] = [...new Set(value as string[])];
    else if (kind === 'results')
      built[field] = (value as CriterionVerification[])
        .map((r) => ({
          criterion: r.criterion,
          met: r.met,
          ...(typeof r.note === 'string' && r.note.trim() !== '' ? { note: r.note.trim().normalize('NFC') } : {}),
        }))
        .sort((a, b) => a.criterion - b.criterion);
    else if (kind === 'opinion') built[field] = value;
    else if (typeof value === 'string' && value.trim() !== '') built[field] = value.trim().normalize('NFC');
  }
  return { ok: true, action: { type, details: built } as unknown as CycleAction };
}
