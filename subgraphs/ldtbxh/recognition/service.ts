/**
 * Taking a step of a commune's recognition cycle: authorise it by role and area, validate its
 * details, check that the steps its period requires came first, freeze the assessment it rests on
 * (obtained from the graph), compare a decision with that computation, then apply the pure state
 * machine (cycle.ts) to the stored cycle and record the step with its flags — all in one audited
 * transaction that locks the cycle. Beside it, what a stored cycle allows next under its period's
 * required steps, and whether the assessment its decision froze has changed since.
 *
 * A decision belongs to the competent officer: a recognition, refusal or revocation that disagrees
 * with the computation is recorded with the officer's reason (required then) and the computation
 * beside it. Only where the province chose to block on disagreement for the criteria set and
 * version (procedure/policy.ts, never for provisional thresholds) is such a recognition refused.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeCycleStep } from '../../../shared/authorization';
import { badInput, hubError, notFound } from '../../../shared/errors';
import { validInYear } from '../../../shared/reference/reader';
import {
  allowedActions,
  CycleTransitionError,
  CYCLE_ACTION_NAMES_VI,
  nextState,
  TRANSITIONS,
  type CycleAction,
  type CycleActionType,
  type CycleState,
  type CycleStatus,
} from './cycle';
import { ACTION_DATE_FIELD, isIsoDate, parseCycleAction, type DetailProblem } from './action-details';
import { missingSteps, PROCEDURE_STEP_NAMES_VI } from './required-steps';
import { recognitionPreconditionProblems } from './precondition';
import type { LdtbxhContext } from '../context';
import { checkYear } from '../places/resolvers';
import { inYearKey } from '../places/loaders';
import { decisionPlace } from '../procedure/place';
import { procedureForUnit } from '../procedure/rules';
import { calendarFor, windowFlag, type StepFlag } from '../procedure/calendar';
import { decisionPolicy, provisionalThresholds } from '../procedure/policy';
import { refuseUnapprovedInputs } from '../approval/requirement';
import { fetchAssessmentSnapshot, type AssessmentSnapshot } from './graph';
import { eventsOfCycle, lockCycle, recordStep, type EventRow } from './store';
import type { CommuneYearRef } from '../../../shared/department/resolvers';
import type { RequiredFields } from '../assessment/inputs';
import { assessCommuneYear } from '../assessment/service';
import type { AssessmentStatus } from '../assessment/model';

/** The actions that decide a cycle: the last of them in its history is its decision. */
export const DECISION_ACTIONS: readonly string[] = ['RECOGNISE', 'REFUSE', 'REVOKE', 'UPHOLD_REFUSAL'];

/** Steps that freeze the assessment they rest on. */
const SNAPSHOT_STEPS: readonly CycleActionType[] = ['SELF_ASSESS', 'RECOGNISE', 'REFUSE', 'REVOKE', 'UPHOLD_REFUSAL'];

/** Decisions compared with the computation, and the state each decides. */
const DECIDED: Partial<Record<CycleActionType, 'RECOGNISED' | 'NOT_RECOGNISED' | 'REVOKED'>> = {
  RECOGNISE: 'RECOGNISED',
  REFUSE: 'NOT_RECOGNISED',
  UPHOLD_REFUSAL: 'NOT_RECOGNISED',
  REVOKE: 'REVOKED',
};

/** A decision that differs from the hub's computation at decision time, with the officer's reason. */
export interface Disagreement {
  computed: {
    criteriaSet: { id: string; version: number };
    total: number;
    maxTotal: number;
    status: AssessmentStatus;
    eligible: boolean;
    /** Whether the set's recognition thresholds are provisional (then a disagreement never blocks). */
    thresholdsProvisional: boolean;
  };
  decided: 'RECOGNISED' | 'NOT_RECOGNISED' | 'REVOKED';
  reason: string;
}

/** The stored action of an event, as the state machine takes it. */
function actionOf(event: Pick<EventRow, 'action' | 'communeCode' | 'year' | 'details'>): CycleAction {
  const type = event.action as CycleActionType;
  if (type === 'REGISTER') return { type, commune: event.communeCode, year: event.year };
  if (type === 'SUBMIT') return { type };
  return { type, details: event.details } as unknown as CycleAction;
}

/** The cycle rebuilt by replaying its stored steps through the state machine; null when none. */
export function replay(events: readonly EventRow[]): CycleState | null {
  let state: CycleState | null = null;
  for (const event of events) state = nextState(state, actionOf(event));
  return state;
}

/** Today in Vietnam (UTC+7, no daylight saving), `YYYY-MM-DD`. */
export function vietnamToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600 * 1000).toISOString().slice(0, 10);
}

const PROBLEM_VI: Readonly<Record<DetailProblem['code'], string>> = {
  DETAILS_INVALID: 'thông tin kèm theo không hợp lệ',
  FIELD_REQUIRED: 'bắt buộc phải có',
  DATE_INVALID: 'ngày không hợp lệ (YYYY-MM-DD)',
  DATE_IN_FUTURE: 'ngày sau hôm nay',
  DATE_OUTSIDE_YEAR: 'ngày ngoài thời gian của năm đánh giá',
  DATE_ORDER: 'ngày trước bước trước đó của quy trình',
  TEXT_TOO_LONG: 'quá dài',
  TEXT_INVALID: 'chứa ký tự không lưu được',
  VALUE_INVALID: 'giá trị không hợp lệ',
  UNKNOWN_FIELD: 'không có trường này',
};

function detailsError(step: CycleActionType, problems: readonly DetailProblem[]) {
  const first = problems[0];
  return hubError(
    'CYCLE_DETAILS_INVALID',
    `the ${step} details have ${problems.length} problem(s): ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
    {
      field: first?.field,
      problems,
      messageVi: first
        ? `Trường ${first.field}: ${PROBLEM_VI[first.code]}${problems.length > 1 ? ` (và ${problems.length - 1} lỗi khác)` : ''}`
        : 'Thông tin không hợp lệ',
    },
  );
}

/** Options of a step: the day a REGISTER or SUBMIT was done (default today). */
export interface StepOptions {
  date?: string | null;
}

/**
 * Takes `step` for the commune and year with the given details.
 * @throws NOT_FOUND, BAD_USER_INPUT (year, or a commune that did not exist that year),
 * UNAUTHENTICATED, FORBIDDEN, CYCLE_DETAILS_INVALID, PROCEDURE_STEP_MISSING, DECISION_REASON_REQUIRED,
 * ASSESSMENT_UNAVAILABLE, RECOGNITION_REFUSED, ILLEGAL_TRANSITION, CONFLICT. Nothing is written
 * unless the step is taken.
 */
export async function takeStep(
  ctx: LdtbxhContext,
  step: CycleActionType,
  communeCode: string,
  yearInput: number,
  details: Record<string, unknown>,
  options: StepOptions = {},
): Promise<{ communeCode: string; year: number }> {
  const year = checkYear(yearInput);
  if (year === null) throw badInput('year', 'year is required');
  const commune = await ctx.places.communeByCode.load(communeCode);
  if (!commune) throw notFound('commune', communeCode);
  // The unit the code designated in the year decides who acts: its district (old map) or its province (two-tier map).
  const unit = (await ctx.places.communeAt.load(inYearKey(communeCode, year))) ?? commune;
  authorizeCycleStep(ctx.identity, step, unit, await decisionPlace(ctx, unit, year));
  const periods = (await ctx.services.reference.communesByCodes([communeCode])).get(communeCode) ?? [];
  if (!periods.some((period) => validInYear(period, year)))
    throw badInput('year', `commune ${communeCode} did not exist in ${year}`);
  const procedure = procedureForUnit(await ctx.procedure.load('now'), unit, year);

  const key = `${communeCode}|${year}`;
  const current = replay(await ctx.recognition.events.load(key));
  // An impossible step is refused as such before its details are read (a step taken again on a
  // decided cycle is ILLEGAL_TRANSITION, not a date out of order).
  if (!TRANSITIONS[step].from.includes(current?.status ?? null)) {
    throw transitionError(
      new CycleTransitionError({ from: current?.status ?? null, action: step, commune: communeCode, year }),
    );
  }
  const today = vietnamToday();
  const undated = step === 'REGISTER' || step === 'SUBMIT';
  const parsed = parseCycleAction(step, undated ? {} : details, { commune: communeCode, year, today, current });
  if (!parsed.ok) throw detailsError(step, parsed.problems);
  let stepDate = today;
  if (undated && options.date !== undefined && options.date !== null) {
    const date = options.date.trim();
    const problem: DetailProblem | null = !isIsoDate(date)
      ? {
          field: 'date',
          code: 'DATE_INVALID',
          message: `date must be a real date written YYYY-MM-DD, got ${JSON.stringify(options.date)}`,
        }
      : date > today
        ? {
            field: 'date',
            code: 'DATE_IN_FUTURE',
            message: `date ${date} is after today (${today}); a step cannot be recorded before it happens`,
          }
        : null;
    if (problem) throw detailsError(step, [problem]);
    stepDate = date;
  }
  const dateField = ACTION_DATE_FIELD[step];
  const dated =
    dateField === undefined || !('details' in parsed.action)
      ? undefined
      : (parsed.action.details as unknown as Record<string, unknown>)[dateField];
  if (typeof dated === 'string') stepDate = dated;

  // Refuse an impossible step before asking the graph for anything.
  try {
    nextState(current, parsed.action);
  } catch (error) {
    if (error instanceof CycleTransitionError) throw transitionError(error);
    throw error;
  }
  const missing = missingSteps(current, step, procedure.requiredSteps);
  if (missing.length > 0) {
    const since = `the procedure from ${procedure.validFrom}${procedure.stepsProvisional ? ', provisional' : ''}`;
    throw hubError(
      'PROCEDURE_STEP_MISSING',
      `commune ${communeCode}, ${year}: ${step} needs ${missing.join(', ')} first (required by ${since})`,
      {
        missing,
        action: step,
        procedureFrom: procedure.validFrom,
        stepsProvisional: procedure.stepsProvisional,
        messageVi: `Xã ${communeCode}, năm ${year}: chưa thể ${CYCLE_ACTION_NAMES_VI[step]}: cần ${missing.map((m) => PROCEDURE_STEP_NAMES_VI[m]).join(', ')} trước (bước bắt buộc theo quy trình từ ${procedure.validFrom}${procedure.stepsProvisional ? ', tạm thời' : ''})`,
      },
    );
  }

  const flags: StepFlag[] = [];
  // A step with an optional date that was not given (a refusal without its date) is not judged against the calendar.
  const windowed =
    dateField !== undefined && typeof dated !== 'string'
      ? null
      : windowFlag(await calendarFor(ctx.services.db.dataSource, year), step, stepDate);
  if (windowed) flags.push(windowed);
  if (parsed.action.type === 'APPRAISE' && !parsed.action.details.participants.includes('VHTTDL')) {
    flags.push({
      code: 'VHTTDL_NOT_PARTICIPATING',
      message:
        'the appraisal lists no participation of VHTTDL, which plan 965 §V.8.a asks to take part in checking, assessing and recognising',
      messageVi:
        'Thẩm định không có Sở/Phòng Văn hóa, Thể thao và Du lịch tham gia (Kế hoạch 965 mục V.8.a: phối hợp kiểm tra, đánh giá, công nhận)',
    });
  }

  let snapshot: AssessmentSnapshot | null = null;
  let disagreement: Disagreement | null = null;
  if (SNAPSHOT_STEPS.includes(step)) {
    const gatewayUrl = ctx.gatewayUrl();
    snapshot = await fetchAssessmentSnapshot(
      gatewayUrl,
      { identity: ctx.identity, internalSecret: ctx.services.internalSecret, requestId: ctx.requestId },
      communeCode,
      year,
      new Date(),
    );
    if (step === 'SELF_ASSESS' && snapshot.status !== 'COMPLETE') {
      // Accepted (the council met), but the recognising level's check should see it at once.
      const missingCount = snapshot.missing.reduce((n, m) => n + m.indicators.length, 0);
      const list = snapshot.missing.map((m) => `${m.department} ${m.indicators.length}`).join(', ');
      flags.push({
        code: 'ASSESSMENT_INCOMPLETE',
        message: `the assessment this self-assessment rests on is incomplete: ${missingCount} indicator(s) not published (${list})`,
        messageVi: `Kết quả đánh giá chưa đầy đủ: còn ${missingCount} chỉ tiêu chưa có số liệu (${list})`,
      });
    }
    const decided = DECIDED[step];
    if (decided !== undefined) {
      const computedRecognisable = snapshot.status === 'COMPLETE' && snapshot.eligible;
      if (computedRecognisable !== (decided === 'RECOGNISED')) {
        const set = await ctx.services.catalogue.get(snapshot.criteriaSet.id, snapshot.criteriaSet.version);
        const provisional = set === null || set === undefined ? ['(set not loaded)'] : provisionalThresholds(set.set);
        const computed = {
          criteriaSet: snapshot.criteriaSet,
          total: snapshot.total,
          maxTotal: snapshot.maxTotal,
          status: snapshot.status,
          eligible: snapshot.eligible,
          thresholdsProvisional: provisional.length > 0,
        };
        if (step === 'RECOGNISE') {
          const policy = await decisionPolicy(
            ctx.services.db.dataSource,
            snapshot.criteriaSet.id,
            snapshot.criteriaSet.version,
          );
          if (policy.blockOnDisagreement && provisional.length === 0) {
            const problems = recognitionPreconditionProblems(snapshot);
            throw hubError(
              'RECOGNITION_REFUSED',
              `commune ${communeCode} cannot be recognised for ${year}: the province blocks a recognition that disagrees with the computation under ${snapshot.criteriaSet.id} v${snapshot.criteriaSet.version} (its thresholds are confirmed): ${problems.map((p) => p.message).join('; ')}`,
              {
                reasons: problems,
                total: snapshot.total,
                status: snapshot.status,
                policy: {
                  criteriaSetId: policy.criteriaSetId,
                  criteriaSetVersion: policy.criteriaSetVersion,
                  blockOnDisagreement: true,
                  setBy: policy.setBy,
                },
                messageVi: `Xã ${communeCode} chưa thể được công nhận năm ${year}: tỉnh quy định không công nhận khi kết quả tính toán (${snapshot.total} điểm, ${snapshot.status === 'COMPLETE' ? 'không đủ điều kiện' : 'chưa đủ số liệu'}) khác quyết định, với bộ tiêu chí ${snapshot.criteriaSet.id} phiên bản ${snapshot.criteriaSet.version} (ngưỡng đã chính thức)`,
              },
            );
          }
        }
        const reason = (parsed.action as { details?: { reason?: string } }).details?.reason;
        if (reason === undefined) {
          throw hubError(
            'DECISION_REASON_REQUIRED',
            `commune ${communeCode}, ${year}: the decision (${decided}) differs from the hub's computation (total ${snapshot.total}/${snapshot.maxTotal}, ${snapshot.status}, ${snapshot.eligible ? 'eligible' : 'not eligible'}); reason is required to record it`,
            {
              field: 'reason',
              computed,
              // Why the computation does not support a recognition (incomplete, not eligible), as RECOGNITION_REFUSED lists them.
              reasons: decided === 'RECOGNISED' ? recognitionPreconditionProblems(snapshot) : [],
              messageVi: `Trường reason: bắt buộc khi quyết định khác kết quả tính toán của hệ thống (${snapshot.total}/${snapshot.maxTotal} điểm, ${snapshot.status === 'COMPLETE' ? (snapshot.eligible ? 'đủ điều kiện' : 'không đủ điều kiện') : 'chưa đủ số liệu'})`,
            },
          );
        }
        disagreement = { computed, decided, reason };
        flags.push({
          code: 'DISAGREES_WITH_COMPUTATION',
          message: `decided ${decided} while the computation gives total ${snapshot.total}/${snapshot.maxTotal}, ${snapshot.status}, ${snapshot.eligible ? 'eligible' : 'not eligible'} (${snapshot.criteriaSet.id} v${snapshot.criteriaSet.version}${provisional.length > 0 ? ', provisional thresholds' : ''}); reason: ${reason}`,
          messageVi: `Quyết định khác kết quả tính toán (${snapshot.total}/${snapshot.maxTotal} điểm); lý do: ${reason}`,
        });
      }
    }
    if (step === 'RECOGNISE') {
      // Where the province requires it for the year, every department's inputs must be approved.
      await refuseUnapprovedInputs(ctx, communeCode, year);
    }
  }
  const actor = actorFor(ctx.identity, ctx.requestId);
  await withActor(ctx.services.db.dataSource, actor, async (m) => {
    const locked = await lockCycle(m, communeCode, year);
    const before = replay(await eventsOfCycle(m, communeCode, year));
    if ((before?.status ?? null) !== (locked?.state ?? null))
      throw new Error(`cycle ${key}: stored state ${locked?.state} differs from its history (${before?.status})`);
    let after: CycleState;
    try {
      after = nextState(before, parsed.action);
    } catch (error) {
      if (error instanceof CycleTransitionError) throw transitionError(error);
      throw error;
    }
    const detailsStored = 'details' in parsed.action ? parsed.action.details : { date: stepDate };
    await recordStep(m, {
      communeCode,
      year,
      action: step,
      from: before?.status ?? null,
      to: after.status,
      actor: actor.name,
      details: detailsStored,
      snapshot,
      flags,
      disagreement,
    });
  });
  ctx.recognition.events.clear(key);
  ctx.recognition.cycle.clear(key);
  ctx.recognition.cyclesOfCommune.clear(communeCode);
  return { communeCode, year };
}

function transitionError(error: CycleTransitionError) {
  return hubError('ILLEGAL_TRANSITION', error.message, {
    from: error.from,
    action: error.action,
    allowed: [...error.allowed],
    messageVi: error.messageVi,
  });
}

/**
 * What may be taken next on a stored cycle: the actions the state machine allows from its state
 * (cycle.ts `allowedActions`), less those its period's required steps do not allow yet
 * (`missingSteps`) — the table alone would offer skipping them. A commune the map does not know
 * gets the table's actions.
 */
export async function allowedSteps(
  ctx: LdtbxhContext,
  cycle: { communeCode: string; year: number; state: CycleStatus },
): Promise<CycleActionType[]> {
  const unit =
    (await ctx.places.communeAt.load(inYearKey(cycle.communeCode, cycle.year))) ??
    (await ctx.places.communeByCode.load(cycle.communeCode));
  if (!unit) return allowedActions(cycle.state);
  const required = procedureForUnit(await ctx.procedure.load('now'), unit, cycle.year).requiredSteps;
  const current = replay(await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`));
  return allowedActions(cycle.state).filter((action) => missingSteps(current, action, required).length === 0);
}

/**
 * Whether the commune-year's assessment differs from what its decision froze (the snapshot): the
 * set and version, total, status, eligibility and, where the snapshot kept them, each criterion's
 * points. `null` while the cycle has no decision, or its decision froze no assessment.
 */
export async function changedSinceDecision(
  ctx: LdtbxhContext,
  parent: CommuneYearRef & RequiredFields,
): Promise<boolean | null> {
  const events = await ctx.recognition.events.load(`${parent.communeCode}|${parent.year}`);
  const decision = [...events].reverse().find((e) => DECISION_ACTIONS.includes(e.action));
  if (!decision) return null;
  const frozen = decision.snapshot as Partial<AssessmentSnapshot> | null;
  if (!frozen) return null;
  const now = await assessCommuneYear(ctx, { ...parent, at: '' });
  const criteria = (list: readonly { number: number; points: number | null }[]) =>
    JSON.stringify(list.map((c) => [c.number, c.points]));
  return (
    frozen.criteriaSet?.id !== now.criteriaSet.id ||
    frozen.criteriaSet?.version !== now.criteriaSet.version ||
    frozen.total !== now.total ||
    frozen.status !== now.status ||
    frozen.eligible !== now.eligible ||
    (frozen.criteria !== undefined && criteria(frozen.criteria) !== criteria(now.criteria))
  );
}
