/**
 * The yearly recognition cycle of one commune, as a state machine (plan 965/KH-UBND §V.11.c and
 * §V.11.g, §V.8.a, §I.4; docs/recognition.md §2): the commune registers, its
 * assessment council (Hội đồng đánh giá cấp xã) meets and the commune files its dossier, the
 * dossier goes to the recognising level (the district, or the province on the two-tier map), which
 * checks it (and may return it for completion), appraises it with the bodies taking part (VHTTDL
 * among them), hears its review council, posts the result publicly and receives comments, and
 * decides; a refused commune may ask for a re-appraisal; a recognition can later be revoked.
 *
 * ```
 *  (none) ─REGISTER─▶ REGISTERED ─SELF_ASSESS─▶ SELF_ASSESSED ─SUBMIT─▶ SUBMITTED ─ACCEPT_DOSSIER─▶ DOSSIER_ACCEPTED
 *                                     ▲             │  ▲ SELF_ASSESS       │
 *                                     └SELF_ASSESS─ RETURNED ◀─RETURN_DOSSIER┘
 *  … ─APPRAISE─▶ APPRAISED ─COUNCIL_REVIEW─▶ COUNCIL_REVIEWED ─POST─▶ POSTED (RECORD_COMMENT keeps it)
 *  … ─RECOGNISE─▶ RECOGNISED ─REVOKE─▶ REVOKED
 *  … ─REFUSE─▶ NOT_RECOGNISED ─REQUEST_REAPPRAISAL─▶ REAPPRAISAL_REQUESTED ─UPHOLD_REFUSAL─▶ REFUSAL_UPHELD
 *                                                                        └─RECOGNISE─▶ RECOGNISED
 * ```
 *
 * The table allows the recognising level's steps to be skipped (a decision straight after the
 * submission); which of them a period *requires* is configuration (procedure periods), checked by
 * {@link missingSteps} in the caller.
 *
 * Decisions (docs/recognition.md §2):
 * - **Re-assessment**: while SELF_ASSESSED, or after the dossier was returned for completion,
 *   SELF_ASSESS may be done again: the new council meeting replaces the current self-assessment;
 *   the earlier one stays in `history`.
 * - **No withdrawal**: a submitted dossier is decided — RECOGNISE or REFUSE — so every filed dossier
 *   has a public outcome (plan §I.4: công bằng, dân chủ, công khai).
 * - A refusal may be contested once (REQUEST_REAPPRAISAL); its outcome is a recognition or the
 *   refusal upheld. REFUSAL_UPHELD and REVOKED are final for the year.
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
  | 'RETURNED'
  | 'DOSSIER_ACCEPTED'
  | 'APPRAISED'
  | 'COUNCIL_REVIEWED'
  | 'POSTED'
  | 'RECOGNISED'
  | 'NOT_RECOGNISED'
  | 'REAPPRAISAL_REQUESTED'
  | 'REFUSAL_UPHELD'
  | 'REVOKED';

/** Every {@link CycleStatus}, in the order of the procedure. */
export const CYCLE_STATUSES: readonly CycleStatus[] = Object.freeze([
  'REGISTERED',
  'SELF_ASSESSED',
  'SUBMITTED',
  'RETURNED',
  'DOSSIER_ACCEPTED',
  'APPRAISED',
  'COUNCIL_REVIEWED',
  'POSTED',
  'RECOGNISED',
  'NOT_RECOGNISED',
  'REAPPRAISAL_REQUESTED',
  'REFUSAL_UPHELD',
  'REVOKED',
] as const);

/** States in which the commune's dossier is with the recognising level, not yet decided. */
export const UNDER_REVIEW_STATUSES: readonly CycleStatus[] = Object.freeze([
  'SUBMITTED',
  'DOSSIER_ACCEPTED',
  'APPRAISED',
  'COUNCIL_REVIEWED',
  'POSTED',
] as const);

/** States of a refusal (standing, contested, or upheld after re-appraisal): none is recognised. */
export const REFUSED_STATUSES: readonly CycleStatus[] = Object.freeze([
  'NOT_RECOGNISED',
  'REAPPRAISAL_REQUESTED',
  'REFUSAL_UPHELD',
] as const);

/** Vietnamese names of the states. */
export const CYCLE_STATE_NAMES_VI: Readonly<Record<CycleStatus, string>> = Object.freeze({
  REGISTERED: 'Đã đăng ký',
  SELF_ASSESSED: 'Đã tự đánh giá',
  SUBMITTED: 'Đã trình',
  RETURNED: 'Hồ sơ trả lại để bổ sung',
  DOSSIER_ACCEPTED: 'Hồ sơ đầy đủ',
  APPRAISED: 'Đã thẩm định',
  COUNCIL_REVIEWED: 'Hội đồng đã xét',
  POSTED: 'Đang niêm yết công khai',
  RECOGNISED: 'Đã công nhận',
  NOT_RECOGNISED: 'Không công nhận',
  REAPPRAISAL_REQUESTED: 'Đề nghị thẩm định lại',
  REFUSAL_UPHELD: 'Giữ nguyên không công nhận',
  REVOKED: 'Đã thu hồi công nhận',
});

/** The name of an action on a cycle. */
export type CycleActionType =
  | 'REGISTER'
  | 'SELF_ASSESS'
  | 'SUBMIT'
  | 'ACCEPT_DOSSIER'
  | 'RETURN_DOSSIER'
  | 'APPRAISE'
  | 'COUNCIL_REVIEW'
  | 'POST'
  | 'RECORD_COMMENT'
  | 'RECOGNISE'
  | 'REFUSE'
  | 'REVOKE'
  | 'REQUEST_REAPPRAISAL'
  | 'UPHOLD_REFUSAL';

/** Every {@link CycleActionType}, in the order of the procedure. */
export const CYCLE_ACTION_TYPES: readonly CycleActionType[] = Object.freeze([
  'REGISTER',
  'SELF_ASSESS',
  'SUBMIT',
  'ACCEPT_DOSSIER',
  'RETURN_DOSSIER',
  'APPRAISE',
  'COUNCIL_REVIEW',
  'POST',
  'RECORD_COMMENT',
  'RECOGNISE',
  'REFUSE',
  'REVOKE',
  'REQUEST_REAPPRAISAL',
  'UPHOLD_REFUSAL',
] as const);

/** Vietnamese names of the actions. */
export const CYCLE_ACTION_NAMES_VI: Readonly<Record<CycleActionType, string>> = Object.freeze({
  REGISTER: 'đăng ký',
  SELF_ASSESS: 'tự đánh giá (họp hội đồng xã)',
  SUBMIT: 'nộp hồ sơ',
  ACCEPT_DOSSIER: 'kiểm tra hồ sơ: đầy đủ',
  RETURN_DOSSIER: 'trả hồ sơ để bổ sung',
  APPRAISE: 'thẩm định',
  COUNCIL_REVIEW: 'họp hội đồng xét duyệt',
  POST: 'niêm yết công khai',
  RECORD_COMMENT: 'ghi nhận ý kiến',
  RECOGNISE: 'quyết định công nhận',
  REFUSE: 'quyết định không công nhận',
  REVOKE: 'thu hồi công nhận',
  REQUEST_REAPPRAISAL: 'đề nghị thẩm định lại',
  UPHOLD_REFUSAL: 'giữ nguyên không công nhận sau thẩm định lại',
});

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

/** The recognising level's check of the dossier: complete. */
export interface DossierAcceptanceDetails {
  /** `YYYY-MM-DD`. */
  checkDate: string;
}

/** The recognising level's check of the dossier: returned for completion, saying what is missing. */
export interface DossierReturnDetails {
  /** `YYYY-MM-DD`. */
  checkDate: string;
  /** What is missing or must be corrected. */
  missing: string;
}

/** The appraisal's verified result of one criterion. */
export interface CriterionVerification {
  criterion: number;
  met: boolean;
  note?: string;
}

/** The appraisal (thẩm định) by the recognising level's office, with the bodies taking part. */
export interface AppraisalDetails {
  /** `YYYY-MM-DD`. */
  appraisalDate: string;
  /** Reference of the appraisal report (báo cáo thẩm định). */
  report: string;
  /** Free notes (may be empty). */
  notes?: string;
  /** Department codes of the bodies taking part (LDTBXH, VHTTDL, …). */
  participants: string[];
  /** The verified result per criterion. */
  results: CriterionVerification[];
}

/** The review council's opinion. */
export type CouncilOpinion = 'RECOMMEND' | 'DO_NOT_RECOMMEND';

/** The review council's meeting (hội đồng xét duyệt). */
export interface CouncilReviewDetails {
  /** `YYYY-MM-DD`. */
  meetingDate: string;
  opinion: CouncilOpinion;
  /** Reference of the minutes. */
  minutes: string;
}

/** The public posting of the result (niêm yết công khai). */
export interface PostingDetails {
  /** First day, `YYYY-MM-DD`. */
  postedFrom: string;
  /** Last day, `YYYY-MM-DD` (not before `postedFrom`). */
  postedUntil: string;
  /** Where (the commune's office, its web page…). */
  place: string;
}

/** A comment received during the posting. */
export interface CommentDetails {
  /** `YYYY-MM-DD`. */
  receivedDate: string;
  /** Who sent it (as they signed; "ẩn danh" when anonymous). */
  from: string;
  comment: string;
}

/** The recognition decision (quyết định công nhận). */
export interface RecognitionDetails {
  decisionNumber: string;
  /** `YYYY-MM-DD`. */
  decisionDate: string;
  /** Who signed the decision (name and title, as printed). */
  signer: string;
  /** Why, when the decision disagrees with the hub's computation (required then). */
  reason?: string;
}

/** Why the recognising level did not recognise the commune. */
export interface RefusalDetails {
  reason: string;
  /** `YYYY-MM-DD`, when given. */
  decisionDate?: string;
}

/** The decision revoking a recognition. */
export interface RevocationDetails {
  reason: string;
  decisionNumber: string;
  /** `YYYY-MM-DD`. */
  decisionDate: string;
}

/** The commune's request for a re-appraisal of a refusal. */
export interface ReappraisalRequestDetails {
  /** `YYYY-MM-DD`. */
  requestDate: string;
  grounds: string;
}

/** The re-appraisal's outcome when the refusal stands. */
export interface UpholdDetails {
  /** `YYYY-MM-DD`. */
  reappraisalDate: string;
  /** Reference of the re-appraisal report. */
  report: string;
  reason: string;
}

/**
 * An action with what it carries. REGISTER names the commune (its official code) and the
 * assessment year; the other actions apply to an existing cycle, which already knows both.
 */
export type CycleAction =
  | { type: 'REGISTER'; commune: string; year: number }
  | { type: 'SELF_ASSESS'; details: SelfAssessmentDetails }
  | { type: 'SUBMIT' }
  | { type: 'ACCEPT_DOSSIER'; details: DossierAcceptanceDetails }
  | { type: 'RETURN_DOSSIER'; details: DossierReturnDetails }
  | { type: 'APPRAISE'; details: AppraisalDetails }
  | { type: 'COUNCIL_REVIEW'; details: CouncilReviewDetails }
  | { type: 'POST'; details: PostingDetails }
  | { type: 'RECORD_COMMENT'; details: CommentDetails }
  | { type: 'RECOGNISE'; details: RecognitionDetails }
  | { type: 'REFUSE'; details: RefusalDetails }
  | { type: 'REVOKE'; details: RevocationDetails }
  | { type: 'REQUEST_REAPPRAISAL'; details: ReappraisalRequestDetails }
  | { type: 'UPHOLD_REFUSAL'; details: UpholdDetails };

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
 * council meeting carries the current self-assessment; a decided state carries the decision. The
 * recognising level's steps are in `history`. Values returned by {@link nextState} are frozen.
 */
export type CycleState = CycleStateBase &
  (
    | { status: 'REGISTERED' }
    | {
        status: 'SELF_ASSESSED' | 'SUBMITTED' | 'DOSSIER_ACCEPTED' | 'APPRAISED' | 'COUNCIL_REVIEWED' | 'POSTED';
        selfAssessment: SelfAssessmentDetails;
      }
    | { status: 'RETURNED'; selfAssessment: SelfAssessmentDetails; dossierReturn: DossierReturnDetails }
    | { status: 'RECOGNISED'; selfAssessment: SelfAssessmentDetails; recognition: RecognitionDetails }
    | { status: 'NOT_RECOGNISED'; selfAssessment: SelfAssessmentDetails; refusal: RefusalDetails }
    | {
        status: 'REAPPRAISAL_REQUESTED';
        selfAssessment: SelfAssessmentDetails;
        refusal: RefusalDetails;
        reappraisalRequest: ReappraisalRequestDetails;
      }
    | {
        status: 'REFUSAL_UPHELD';
        selfAssessment: SelfAssessmentDetails;
        refusal: RefusalDetails;
        reappraisalRequest: ReappraisalRequestDetails;
        upheld: UpholdDetails;
      }
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

const t = (from: readonly (CycleStatus | null)[], to: CycleStatus): Transition =>
  Object.freeze({ from: Object.freeze([...from]), to });
const DECIDABLE: readonly CycleStatus[] = ['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED', 'COUNCIL_REVIEWED', 'POSTED'];

/**
 * The whole machine: action → states it is allowed from → resulting state. Anything not listed
 * is illegal. SELF_ASSESS from SELF_ASSESSED is the re-assessment (a new council meeting), from
 * RETURNED the completion of a returned dossier; RECORD_COMMENT keeps POSTED. The recognising
 * level's steps may follow one another or be skipped here; a period's required steps are
 * {@link missingSteps}.
 */
export const TRANSITIONS: Readonly<Record<CycleActionType, Transition>> = Object.freeze({
  REGISTER: t([null], 'REGISTERED'),
  SELF_ASSESS: t(['REGISTERED', 'SELF_ASSESSED', 'RETURNED'], 'SELF_ASSESSED'),
  SUBMIT: t(['SELF_ASSESSED'], 'SUBMITTED'),
  ACCEPT_DOSSIER: t(['SUBMITTED'], 'DOSSIER_ACCEPTED'),
  RETURN_DOSSIER: t(['SUBMITTED'], 'RETURNED'),
  APPRAISE: t(['SUBMITTED', 'DOSSIER_ACCEPTED'], 'APPRAISED'),
  COUNCIL_REVIEW: t(['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED'], 'COUNCIL_REVIEWED'),
  POST: t(['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED', 'COUNCIL_REVIEWED'], 'POSTED'),
  RECORD_COMMENT: t(['POSTED'], 'POSTED'),
  RECOGNISE: t([...DECIDABLE, 'REAPPRAISAL_REQUESTED'], 'RECOGNISED'),
  REFUSE: t(DECIDABLE, 'NOT_RECOGNISED'),
  REVOKE: t(['RECOGNISED'], 'REVOKED'),
  REQUEST_REAPPRAISAL: t(['NOT_RECOGNISED'], 'REAPPRAISAL_REQUESTED'),
  UPHOLD_REFUSAL: t(['REAPPRAISAL_REQUESTED'], 'REFUSAL_UPHELD'),
} satisfies Record<CycleActionType, Transition>);

/**
 * The actions allowed from `status` (`null` = no cycle yet): first those that move the cycle
 * on, in procedure order, then those that keep its state (re-assessment, a comment). Empty for
 * the final states REFUSAL_UPHELD and REVOKED.
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
  /** The same refusal in Vietnamese. */
  readonly messageVi: string;

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
    const whereVi = args.commune !== null && args.year !== null ? `xã ${args.commune}, năm ${args.year}: ` : '';
    const originVi =
      args.from === null
        ? 'khi xã chưa đăng ký cho năm này'
        : `khi hồ sơ ở trạng thái "${CYCLE_STATE_NAMES_VI[args.from]}"`;
    const nextVi =
      allowed.length > 0
        ? `bước có thể làm: ${allowed.map((a) => CYCLE_ACTION_NAMES_VI[a]).join(', ')}`
        : 'trạng thái này là cuối cùng trong năm';
    this.messageVi = `${whereVi}không thể ${CYCLE_ACTION_NAMES_VI[args.action]} ${originVi}; ${nextVi}`;
  }
}

/**
 * Applies `action` to the cycle `current` (`null` = the commune has no cycle for the year yet)
 * and returns the new, frozen state; `current` is not modified. The history gains one event.
 * A re-assessment (SELF_ASSESS while SELF_ASSESSED or RETURNED) replaces `selfAssessment`; the
 * earlier one stays in the history.
 *
 * Details are not validated here: run {@link validateDetails} (or {@link parseCycleAction},
 * which builds the action) first. The period's required steps ({@link missingSteps}) and the
 * decision policy are checked by the caller.
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
    case 'ACCEPT_DOSSIER':
    case 'APPRAISE':
    case 'COUNCIL_REVIEW':
    case 'POST':
    case 'RECORD_COMMENT': {
      if (!('selfAssessment' in current)) break;
      const to = transition.to as 'SUBMITTED' | 'DOSSIER_ACCEPTED' | 'APPRAISED' | 'COUNCIL_REVIEWED' | 'POSTED';
      return Object.freeze({ ...base, status: to, selfAssessment: current.selfAssessment });
    }
    case 'RETURN_DOSSIER':
      if (!('selfAssessment' in current)) break;
      return Object.freeze({
        ...base,
        status: 'RETURNED',
        selfAssessment: current.selfAssessment,
        dossierReturn: action.details,
      });
    case 'RECOGNISE':
      if (!('selfAssessment' in current)) break;
      return Object.freeze({
        ...base,
        status: 'RECOGNISED',
        selfAssessment: current.selfAssessment,
        recognition: action.details,
      });
    case 'REFUSE':
      if (!('selfAssessment' in current)) break;
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
    case 'REQUEST_REAPPRAISAL':
      if (current.status !== 'NOT_RECOGNISED') break;
      return Object.freeze({
        ...base,
        status: 'REAPPRAISAL_REQUESTED',
        selfAssessment: current.selfAssessment,
        refusal: current.refusal,
        reappraisalRequest: action.details,
      });
    case 'UPHOLD_REFUSAL':
      if (current.status !== 'REAPPRAISAL_REQUESTED') break;
      return Object.freeze({
        ...base,
        status: 'REFUSAL_UPHELD',
        selfAssessment: current.selfAssessment,
        refusal: current.refusal,
        reappraisalRequest: current.reappraisalRequest,
        upheld: action.details,
      });
    default:
      assertNever(action, 'action');
  }
  throw new Error(`unreachable: ${action.type} from ${current.status} passed the transition table`);
}

/** A frozen copy of the action (and of its details), so a state never shares the caller's objects. */
function freezeAction(action: CycleAction): CycleAction {
  if (action.type === 'REGISTER' || action.type === 'SUBMIT') return Object.freeze({ ...action });
  const details = Object.fromEntries(
    Object.entries(action.details).map(([k, v]) => [
      k,
      Array.isArray(v)
        ? Object.freeze(v.map((x: unknown) => (typeof x === 'object' && x !== null ? Object.freeze({ ...x }) : x)))
        : v,
    ]),
  );
  return Object.freeze({ ...action, details: Object.freeze(details) }) as CycleAction;
}

// ---------------------------------------------------------------------------------------------
// Steps a period requires

/** The recognising level's steps a period may require, in procedure order. */
export type ProcedureStep = 'DOSSIER_CHECK' | 'APPRAISAL' | 'COUNCIL_REVIEW' | 'PUBLIC_POSTING';

/** Every {@link ProcedureStep}, in procedure order. */
export const PROCEDURE_STEPS: readonly ProcedureStep[] = Object.freeze([
  'DOSSIER_CHECK',
  'APPRAISAL',
  'COUNCIL_REVIEW',
  'PUBLIC_POSTING',
] as const);

/** The action that takes each step. */
export const STEP_ACTIONS: Readonly<Record<ProcedureStep, CycleActionType>> = Object.freeze({
  DOSSIER_CHECK: 'ACCEPT_DOSSIER',
  APPRAISAL: 'APPRAISE',
  COUNCIL_REVIEW: 'COUNCIL_REVIEW',
  PUBLIC_POSTING: 'POST',
});

/** Vietnamese names of the steps. */
export const PROCEDURE_STEP_NAMES_VI: Readonly<Record<ProcedureStep, string>> = Object.freeze({
  DOSSIER_CHECK: 'kiểm tra hồ sơ',
  APPRAISAL: 'thẩm định',
  COUNCIL_REVIEW: 'họp hội đồng xét duyệt',
  PUBLIC_POSTING: 'niêm yết công khai',
});

/** Where each action stands in the recognising level's sequence (steps before it come first). */
const POSITION: Partial<Record<CycleActionType, number>> = {
  APPRAISE: 1,
  COUNCIL_REVIEW: 2,
  POST: 3,
  RECOGNISE: 4,
  REFUSE: 4,
};

/**
 * The required steps that must come before `action` and were not taken since the dossier was last
 * submitted, in procedure order; `[]` when the action may be taken. A recognition after a
 * re-appraisal request (the dossier already went through the steps) needs none. Pure.
 */
export function missingSteps(
  current: CycleState | null,
  action: CycleActionType,
  required: readonly ProcedureStep[],
): ProcedureStep[] {
  const position = POSITION[action];
  if (current === null || position === undefined || current.status === 'REAPPRAISAL_REQUESTED') return [];
  const lastSubmit = current.history.map((e) => e.action.type).lastIndexOf('SUBMIT');
  const taken = new Set(current.history.slice(lastSubmit + 1).map((e) => e.action.type));
  return PROCEDURE_STEPS.filter(
    (step, index) => index < position && required.includes(step) && !taken.has(STEP_ACTIONS[step]),
  );
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
    const undecided = assessment.conditions.filter(
      (c) => c.met === null || (c.code === 'DATA_COMPLETE' && c.met !== true),
    );
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
