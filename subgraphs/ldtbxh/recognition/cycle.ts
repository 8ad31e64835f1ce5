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
 * `missingSteps` (required-steps.ts) in the caller. What each action carries is checked by
 * action-details.ts, the precondition of RECOGNISE is precondition.ts; this file is the machine.
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
import { everyValueOf } from '../enum-list';
import type { CycleAction as SchemaCycleAction, CycleState as SchemaCycleState } from '../generated/schema-types';

/** Where a commune's cycle for one year stands: the schema's `CycleState` enum. */
export type CycleStatus = SchemaCycleState;

/** Every {@link CycleStatus}, in the order of the procedure. */
export const CYCLE_STATUSES = everyValueOf<CycleStatus>()([
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
]);

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

/** The name of an action on a cycle: the schema's `CycleAction` enum. */
export type CycleActionType = SchemaCycleAction;

/** Every {@link CycleActionType}, in the order of the procedure. */
export const CYCLE_ACTION_TYPES = everyValueOf<CycleActionType>()([
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
]);

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
 * `missingSteps` (required-steps.ts).
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
 * Details are not validated here: run `validateDetails` (or `parseCycleAction`, which builds the
 * action; action-details.ts) first. The period's required steps (`missingSteps`) and the
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
