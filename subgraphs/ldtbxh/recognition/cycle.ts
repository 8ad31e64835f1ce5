/**
 * The yearly recognition cycle of one commune, as a state machine (plan 965/KH-UBND §V.11.c and
 * §V.11.g; DOMAIN §1): the commune registers, its assessment council (Hội đồng đánh giá cấp xã)
 * meets and the commune files its dossier, the dossier is submitted to the district, and the
 * district People's Committee recognises the commune or refuses; a recognition can later be
 * revoked.
 *
 * ```
 *  (none) ─REGISTER─▶ REGISTERED ─SELF_ASSESS─▶ SELF_ASSESSED ─SUBMIT─▶ SUBMITTED ─RECOGNISE─▶ RECOGNISED ─REVOKE─▶ REVOKED
 *                                                 │    ▲                    │
 *                                                 └────┘ SELF_ASSESS        └─REFUSE─▶ NOT_RECOGNISED
 *                                               (a new council meeting replaces the previous one)
 * ```
 *
 * Decisions (docs/recognition.md §2):
 * - **Re-assessment**: while SELF_ASSESSED, SELF_ASSESS may be done again: the new council
 *   meeting replaces the current self-assessment; the earlier one stays in `history`. Once the
 *   dossier is SUBMITTED it is the district's and cannot be changed.
 * - **No withdrawal**: a submitted dossier is decided by the district — RECOGNISE or REFUSE with
 *   a reason — so every filed dossier has a public outcome (plan §I.4: công bằng, dân chủ, công
 *   khai). A commune that does not want to go on simply does not submit.
 * - NOT_RECOGNISED and REVOKED are final for the year; the commune registers again next year.
 *
 * Everything here is pure: no clock (`today` is a parameter), no I/O. Who may perform each
 * action is enforced by the caller (docs/recognition.md §3).
 */

import { assertNever } from '../../../shared/assert-never';
import { invalidTextReason } from '../../../shared/text';

/** Where a commune's cycle for one year stands. */
export type CycleStatus =
  | 'REGISTERED'
  | 'SELF_ASSESSED'
  | 'SUBMITTED'
  | 'RECOGNISED'
  | 'NOT_RECOGNISED'
  | 'REVOKED';

/** Every {@link CycleStatus}, in the order of the procedure. */
export const CYCLE_STATUSES: readonly CycleStatus[] = Object.freeze([
  'REGISTERED',
  'SELF_ASSESSED',
  'SUBMITTED',
  'RECOGNISED',
  'NOT_RECOGNISED',
  'REVOKED',
] as const);

/** The name of an action on a cycle. */
export type CycleActionType = 'REGISTER' | 'SELF_ASSESS' | 'SUBMIT' | 'RECOGNISE' | 'REFUSE' | 'REVOKE';

/** Every {@link CycleActionType}, in the order of the procedure. */
export const CYCLE_ACTION_TYPES: readonly CycleActionType[] = Object.freeze([
  'REGISTER',
  'SELF_ASSESS',
  'SUBMIT',
  'RECOGNISE',
  'REFUSE',
  'REVOKE',
] as const);

/**
 * What the commune council's meeting produced: the meeting date and the four items of the
 * dossier (hồ sơ). Each item is a non-empty reference (a document number, a file id, a URL) —
 * the hub keeps the reference, not the document.
 */
export interface SelfAssessmentDetails {
  /** Date of the council meeting, `YYYY-MM-DD`. */
  meetingDate: string;
  /** The commune's letter asking for recognition (tờ trình / văn bản đề nghị). */
  requestLetter: string;
  /** The council's assessment report (báo cáo đánh giá). */
  assessmentReport: string;
  /** Explanation of the sources of the figures (giải trình nguồn số liệu). */
  dataSourceExplanation: string;
  /** Minutes of the council meeting (biên bản họp hội đồng). */
  councilMinutes: string;
}

/** The district's recognition decision (quyết định công nhận). */
export interface RecognitionDetails {
  decisionNumber: string;
  /** `YYYY-MM-DD`. */
  decisionDate: string;
  /** Who signed the decision (name and title, as printed). */
  signer: string;
}

/** Why the district did not recognise the commune. */
export interface RefusalDetails {
  reason: string;
}

/** The district's decision revoking a recognition. */
export interface RevocationDetails {
  reason: string;
  decisionNumber: string;
  /** `YYYY-MM-DD`. */
  decisionDate: string;
}

/**
 * An action with what it carries. REGISTER names the commune (its official code) and the
 * assessment year; the other actions apply to an existing cycle, which already knows both.
 */
export type CycleAction =
  | { type: 'REGISTER'; commune: string; year: number }
  | { type: 'SELF_ASSESS'; details: SelfAssessmentDetails }
  | { type: 'SUBMIT' }
  | { type: 'RECOGNISE'; details: RecognitionDetails }
  | { type: 'REFUSE'; details: RefusalDetails }
  | { type: 'REVOKE'; details: RevocationDetails };

/** One applied action, as kept in {@link CycleState.history}. */
export interface CycleEvent {
  from: CycleStatus | null;
  to: CycleStatus;
  action: CycleAction;
}

/** Fields every {@link CycleState} has. */
interface CycleStateBase {
  /** Official 5-digit code of the commune. */
  commune: string;
  /** Assessment year. */
  year: number;
  /** Every action applied, oldest first (REGISTER is always the first). */
  history: readonly CycleEvent[];
}

/**
 * The cycle of one commune for one year. What it carries depends on `status`: a state after the
 * council meeting carries the current self-assessment; a decided state carries the decision.
 * Values returned by {@link nextState} are frozen.
 */
export type CycleState = CycleStateBase &
  (
    | { status: 'REGISTERED' }
    | { status: 'SELF_ASSESSED'; selfAssessment: SelfAssessmentDetails }
    | { status: 'SUBMITTED'; selfAssessment: SelfAssessmentDetails }
    | { status: 'RECOGNISED'; selfAssessment: SelfAssessmentDetails; recognition: RecognitionDetails }
    | { status: 'NOT_RECOGNISED'; selfAssessment: SelfAssessmentDetails; refusal: RefusalDetails }
    | {
        status: 'REVOKED';
        selfAssessment: SelfAssessmentDetails;
        recognition: RecognitionDetails;
        revocation: RevocationDetails;
      }
  );

/** One row of {@link TRANSITIONS}: the states an action may start from, and where it leads. */
export interface Transition {
  /** `null` = no cycle yet for the commune and year. */
  from: readonly (CycleStatus | null)[];
  to: CycleStatus;
}

/**
 * The whole machine: action → states it is allowed from → resulting state. Anything not listed
 * is illegal. SELF_ASSESS from SELF_ASSESSED is the re-assessment (a new council meeting).
 */
export const TRANSITIONS: Readonly<Record<CycleActionType, Transition>> = Object.freeze({
  REGISTER: Object.freeze({ from: Object.freeze([null]), to: 'REGISTERED' }),
  SELF_ASSESS: Object.freeze({ from: Object.freeze(['REGISTERED', 'SELF_ASSESSED'] as const), to: 'SELF_ASSESSED' }),
  SUBMIT: Object.freeze({ from: Object.freeze(['SELF_ASSESSED'] as const), to: 'SUBMITTED' }),
  RECOGNISE: Object.freeze({ from: Object.freeze(['SUBMITTED'] as const), to: 'RECOGNISED' }),
  REFUSE: Object.freeze({ from: Object.freeze(['SUBMITTED'] as const), to: 'NOT_RECOGNISED' }),
  REVOKE: Object.freeze({ from: Object.freeze(['RECOGNISED'] as const), to: 'REVOKED' }),
} satisfies Record<CycleActionType, Transition>);

/**
 * The actions allowed from `status` (`null` = no cycle yet): first those that move the cycle
 * on, in procedure order, then those that keep its state (re-assessment). Empty for the final
 * states NOT_RECOGNISED and REVOKED.
 */
export function allowedActions(status: CycleStatus | null): CycleActionType[] {
  const legal = CYCLE_ACTION_TYPES.filter((type) => TRANSITIONS[type].from.includes(status));
  const moving = legal.filter((type) => TRANSITIONS[type].to !== status);
  const staying = legal.filter((type) => TRANSITIONS[type].to === status);
  return [...moving, ...staying];
}

/**
 * Thrown by {@link nextState} when an action is not allowed from the current state.
 * `code` is always `ILLEGAL_TRANSITION`; `allowed` lists what could be done instead.
 */
export class CycleTransitionError extends Error {
  readonly code = 'ILLEGAL_TRANSITION' as const;
  /** `null` when there is no cycle yet. */
  readonly from: CycleStatus | null;
  readonly action: CycleActionType;
  readonly allowed: readonly CycleActionType[];
  /** The commune and year, when known (from the current state or the REGISTER action). */
  readonly commune: string | null;
  readonly year: number | null;

  constructor(args: {
    from: CycleStatus | null;
    action: CycleActionType;
    commune: string | null;
    year: number | null;
  }) {
    const allowed = allowedActions(args.from);
    const where = args.commune !== null && args.year !== null ? `commune ${args.commune}, ${args.year}: ` : '';
    const origin = args.from === null ? 'before the commune is registered for the year' : `from ${args.from}`;
    const next =
      allowed.length > 0
        ? `allowed: ${allowed.join(', ')}`
        : `allowed: none (${args.from ?? 'the state'} is final for the year; the commune registers again next year)`;
    super(`${where}cannot ${args.action} ${origin}; ${next}`);
    this.name = 'CycleTransitionError';
    this.from = args.from;
    this.action = args.action;
    this.allowed = Object.freeze(allowed);
    this.commune = args.commune;
    this.year = args.year;
  }
}

/**
 * Applies `action` to the cycle `current` (`null` = the commune has no cycle for the year yet)
 * and returns the new, frozen state; `current` is not modified. The history gains one event.
 * A re-assessment (SELF_ASSESS while SELF_ASSESSED) replaces `selfAssessment`; the earlier one
 * stays in the history.
 *
 * Details are not validated here: run {@link validateDetails} (or {@link parseCycleAction},
 * which builds the action) first. Precondition of RECOGNISE on the assessment:
 * {@link recognitionPreconditionProblems}, checked by the caller.
 *
 * @throws CycleTransitionError (`ILLEGAL_TRANSITION`) when the action is not allowed from the
 *   current state, e.g. "commune 22783, 2020: cannot RECOGNISE from SELF_ASSESSED; allowed:
 *   SUBMIT, SELF_ASSESS".
 * @throws TypeError when `action.type` is not a {@link CycleActionType}.
 */
export function nextState(current: CycleState | null, action: CycleAction): CycleState {
  const transition = (TRANSITIONS as Partial<Record<string, Transition>>)[action.type];
  if (transition === undefined) throw new TypeError(`unknown cycle action ${JSON.stringify(action.type)}`);
  const from = current === null ? null : current.status;
  if (!transition.from.includes(from)) {
    throw new CycleTransitionError({
      from,
      action: action.type,
      commune: current?.commune ?? (action.type === 'REGISTER' ? action.commune : null),
      year: current?.year ?? (action.type === 'REGISTER' ? action.year : null),
    });
  }
  action = freezeAction(action);
  const event: CycleEvent = Object.freeze({ from, to: transition.to, action });
  // After the guard, `current` is null only for REGISTER, and each status below is reached only
  // from the statuses TRANSITIONS allows; the checks narrow the union for the compiler.
  if (action.type === 'REGISTER') {
    return Object.freeze({
      commune: action.commune,
      year: action.year,
      history: Object.freeze([event]),
      status: 'REGISTERED',
    });
  }
  if (current === null) throw new Error('unreachable: only REGISTER starts a cycle');
  const base = { commune: current.commune, year: current.year, history: Object.freeze([...current.history, event]) };
  switch (action.type) {
    case 'SELF_ASSESS':
      return Object.freeze({ ...base, status: 'SELF_ASSESSED', selfAssessment: action.details });
    case 'SUBMIT':
      if (current.status !== 'SELF_ASSESSED') break;
      return Object.freeze({ ...base, status: 'SUBMITTED', selfAssessment: current.selfAssessment });
    case 'RECOGNISE':
      if (current.status !== 'SUBMITTED') break;
      return Object.freeze({
        ...base,
        status: 'RECOGNISED',
        selfAssessment: current.selfAssessment,
        recognition: action.details,
      });
    case 'REFUSE':
      if (current.status !== 'SUBMITTED') break;
      return Object.freeze({
        ...base,
        status: 'NOT_RECOGNISED',
        selfAssessment: current.selfAssessment,
        refusal: action.details,
      });
    case 'REVOKE':
      if (current.status !== 'RECOGNISED') break;
      return Object.freeze({
        ...base,
        status: 'REVOKED',
        selfAssessment: current.selfAssessment,
        recognition: current.recognition,
        revocation: action.details,
      });
    default:
      assertNever(action, 'action');
  }
  throw new Error(`unreachable: ${action.type} from ${current.status} passed the transition table`);
}

/** A frozen copy of the action (and of its details), so a state never shares the caller's objects. */
function freezeAction(action: CycleAction): CycleAction {
  switch (action.type) {
    case 'REGISTER':
    case 'SUBMIT':
      return Object.freeze({ ...action });
    case 'SELF_ASSESS':
      return Object.freeze({ ...action, details: Object.freeze({ ...action.details }) });
    case 'RECOGNISE':
      return Object.freeze({ ...action, details: Object.freeze({ ...action.details }) });
    case 'REFUSE':
      return Object.freeze({ ...action, details: Object.freeze({ ...action.details }) });
    case 'REVOKE':
      return Object.freeze({ ...action, details: Object.freeze({ ...action.details }) });
    default:
      return assertNever(action, 'action');
  }
}

// ---------------------------------------------------------------------------------------------
// Details

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

type FieldKind = 'text' | 'date';

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
  RECOGNISE: Object.freeze({ decisionNumber: 'text', decisionDate: 'date', signer: 'text' }),
  REFUSE: Object.freeze({ reason: 'text' }),
  REVOKE: Object.freeze({ reason: 'text', decisionNumber: 'text', decisionDate: 'date' }),
} satisfies Record<CycleActionType, Record<string, FieldKind>>);

/** What {@link validateDetails} needs besides the details. */
export interface DetailsContext {
  /** The assessment year of the cycle. */
  year: number;
  /** Today's date in Vietnam, `YYYY-MM-DD`: no decision or meeting may be dated after it. */
  today: string;
  /**
   * The cycle the action applies to, when known: enables the DATE_ORDER checks (a re-assessment
   * meeting not before the previous one, a recognition not before the meeting, a revocation not
   * before the recognition).
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

/**
 * Checks the details of an action before it is applied. Returns every problem found, in the
 * action's field order (see {@link ACTION_FIELDS}), then unknown fields in alphabetical order;
 * an empty array means the details are acceptable. Rules:
 *
 * - `DETAILS_INVALID`: details are not an object (`null`/`undefined` count as `{}`);
 * - `FIELD_REQUIRED`: a field is missing, not a string, or blank;
 * - `TEXT_TOO_LONG`: a text longer than {@link MAX_TEXT_LENGTH} code points (trimmed, NFC), as
 *   PostgreSQL counts characters;
 * - `TEXT_INVALID`: a text containing U+0000 (PostgreSQL cannot store it), a lone surrogate or a
 *   noncharacter (see shared/text.ts);
 * - `DATE_INVALID`: a date that is not `YYYY-MM-DD` or not a real calendar date;
 * - `DATE_IN_FUTURE`: a meeting or decision dated after `context.today` (today itself is fine);
 * - `DATE_OUTSIDE_YEAR`: a council meeting outside 1 January of the year .. 31 March of the next;
 * - `DATE_ORDER` (only with `context.current`): a re-assessment meeting before the previous
 *   meeting, a recognition before the meeting, a revocation before the recognition;
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
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({
        field,
        code: 'FIELD_REQUIRED',
        message:
          value === undefined || value === null
            ? `${field} is required for ${action}`
            : typeof value === 'string'
              ? `${field} must not be blank`
              : `${field} must be ${kind === 'date' ? 'a date YYYY-MM-DD' : 'a text'}, got ${typeof value}`,
      });
      continue;
    }
    if (kind === 'text') {
      const invalid = value.includes('\u0000') ? 'a NUL character (U+0000), which cannot be stored' : invalidTextReason(value);
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
    if (date > context.today) {
      problems.push({
        field,
        code: 'DATE_IN_FUTURE',
        message: `${field} ${date} is after today (${context.today}); a ${
          field === 'meetingDate' ? 'meeting' : 'decision'
        } cannot be recorded before it happens`,
      });
    }
    if (field === 'meetingDate') {
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

function orderProblems(action: CycleActionType, dates: Record<string, string>, current: CycleState | null): DetailProblem[] {
  if (current === null) return [];
  const check = (field: string, date: string | undefined, earliest: string, what: string): DetailProblem[] =>
    date !== undefined && date < earliest
      ? [{ field, code: 'DATE_ORDER', message: `${field} ${date} is before ${what} (${earliest})` }]
      : [];
  if (action === 'SELF_ASSESS' && current.status === 'SELF_ASSESSED') {
    return check('meetingDate', dates.meetingDate, current.selfAssessment.meetingDate, 'the previous council meeting');
  }
  if (action === 'RECOGNISE' && current.status === 'SUBMITTED') {
    return check('decisionDate', dates.decisionDate, current.selfAssessment.meetingDate, 'the council meeting');
  }
  if (action === 'REVOKE' && current.status === 'RECOGNISED') {
    return check('decisionDate', dates.decisionDate, current.recognition.decisionDate, 'the recognition decision');
  }
  return [];
}

/** What {@link parseCycleAction} needs: the cycle's commune and year, today and the cycle. */
export interface ParseActionContext extends DetailsContext {
  /** Official code of the commune (used by REGISTER). */
  commune: string;
}

/**
 * Validates untrusted details (e.g. a GraphQL input) with {@link validateDetails} and, when there
 * is no problem, builds the typed {@link CycleAction}: text is trimmed and NFC-normalised, dates
 * trimmed. REGISTER takes `commune` and `year` from the context. Pure; throws only as
 * {@link validateDetails} does.
 */
export function parseCycleAction(
  type: CycleActionType,
  details: unknown,
  context: ParseActionContext,
): { ok: true; action: CycleAction } | { ok: false; problems: DetailProblem[] } {
  const problems = validateDetails(type, details, context);
  if (problems.length > 0) return { ok: false, problems };
  const record = isPlainObject(details) ? details : {};
  const text = (field: string): string => {
    const value = record[field];
    return typeof value === 'string' ? value.trim().normalize('NFC') : '';
  };
  switch (type) {
    case 'REGISTER':
      return { ok: true, action: { type, commune: context.commune, year: context.year } };
    case 'SUBMIT':
      return { ok: true, action: { type } };
    case 'SELF_ASSESS':
      return {
        ok: true,
        action: {
          type,
          details: {
            meetingDate: text('meetingDate'),
            requestLetter: text('requestLetter'),
            assessmentReport: text('assessmentReport'),
            dataSourceExplanation: text('dataSourceExplanation'),
            councilMinutes: text('councilMinutes'),
          },
        },
      };
    case 'RECOGNISE':
      return {
        ok: true,
        action: {
          type,
          details: { decisionNumber: text('decisionNumber'), decisionDate: text('decisionDate'), signer: text('signer') },
        },
      };
    case 'REFUSE':
      return { ok: true, action: { type, details: { reason: text('reason') } } };
    case 'REVOKE':
      return {
        ok: true,
        action: {
          type,
          details: { reason: text('reason'), decisionNumber: text('decisionNumber'), decisionDate: text('decisionDate') },
        },
      };
    default:
      return assertNever(type, 'action type');
  }
}

// ---------------------------------------------------------------------------------------------
// Precondition of RECOGNISE

/** The parts of an assessment (`shared/criteria` `Assessment`) the precondition reads. */
export interface AssessmentSummary {
  status: 'COMPLETE' | 'INCOMPLETE';
  eligible: boolean;
  total: number;
  conditions: readonly { code: string; met: boolean | null; message: string }[];
}

/** Why a commune may not be recognised on its assessment. */
export interface PreconditionProblem {
  code: 'ASSESSMENT_INCOMPLETE' | 'NOT_ELIGIBLE';
  message: string;
  /**
   * ASSESSMENT_INCOMPLETE: the conditions that cannot be decided yet (`met: null`) or say data
   * is missing; NOT_ELIGIBLE: the conditions not met (`met: false`). Code and message of each.
   */
  conditions: { code: string; message: string }[];
}

/**
 * The precondition of RECOGNISE: the commune's assessment for the year must be COMPLETE and
 * eligible. Returns `[]` when it may be recognised; otherwise ASSESSMENT_INCOMPLETE (with the
 * undecided conditions) and/or NOT_ELIGIBLE (with the failed conditions' messages). Both are
 * returned when data is missing and a condition has already failed, so the district sees
 * everything at once. An assessment marked not eligible without any failed condition gives
 * NOT_ELIGIBLE with the conditions that are not met (`met !== true`). Pure.
 */
export function recognitionPreconditionProblems(assessment: AssessmentSummary): PreconditionProblem[] {
  const problems: PreconditionProblem[] = [];
  const pick = (c: { code: string; message: string }): { code: string; message: string } => ({
    code: c.code,
    message: c.message,
  });
  if (assessment.status !== 'COMPLETE') {
    const undecided = assessment.conditions.filter((c) => c.met === null || (c.code === 'DATA_COMPLETE' && c.met !== true));
    problems.push({
      code: 'ASSESSMENT_INCOMPLETE',
      message:
        `the assessment is incomplete (total so far ${assessment.total}); recognition needs every indicator published` +
        (undecided.length > 0 ? `: ${undecided.map((c) => c.message).join('; ')}` : ''),
      conditions: undecided.map(pick),
    });
  }
  const failed = assessment.conditions.filter((c) => c.met === false && c.code !== 'DATA_COMPLETE');
  const notEligible = assessment.status === 'COMPLETE' ? !assessment.eligible : failed.length > 0;
  if (notEligible) {
    const listed = failed.length > 0 ? failed : assessment.conditions.filter((c) => c.met !== true);
    problems.push({
      code: 'NOT_ELIGIBLE',
      message:
        `the commune does not meet the recognition conditions (total ${assessment.total})` +
        (listed.length > 0 ? `: ${listed.map((c) => c.message).join('; ')}` : ''),
      conditions: listed.map(pick),
    });
  }
  return problems;
}
