/**
 * Taking a step of a commune's recognition cycle: authorise it by role and area, validate its
 * details, freeze the assessment it rests on (obtained from the graph), check the precondition of a
 * recognition, then apply the pure state machine (cycle.ts) to the stored cycle
 * and record the step — all in one audited transaction that locks the cycle.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeCycleStep } from '../../../shared/authorization';
import { badInput, hubError, notFound } from '../../../shared/errors';
import { validInYear } from '../../../shared/reference/reader';
import {
  CycleTransitionError,
  nextState,
  parseCycleAction,
  recognitionPreconditionProblems,
  type CycleAction,
  type CycleActionType,
  type CycleState,
} from './cycle';
import type { LdtbxhContext } from '../context';
import { checkYear } from '../places/resolvers';
import { inYearKey } from '../places/loaders';
import { decisionPlace } from '../procedure/place';
import { refuseUnapprovedInputs } from '../approval/requirement';
import { fetchAssessmentSnapshot, type AssessmentSnapshot } from './graph';
import { eventsOfCycle, lockCycle, recordStep, type EventRow } from './store';

/** Steps that freeze the assessment they rest on. */
const SNAPSHOT_STEPS: readonly CycleActionType[] = ['SELF_ASSESS', 'RECOGNISE', 'REFUSE', 'REVOKE'];

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

/**
 * Takes `step` for the commune and year with the given details.
 * @throws NOT_FOUND, BAD_USER_INPUT (year, or a commune that did not exist that year),
 * UNAUTHENTICATED, FORBIDDEN, CYCLE_DETAILS_INVALID, ASSESSMENT_UNAVAILABLE, RECOGNITION_REFUSED,
 * ILLEGAL_TRANSITION, CONFLICT. Nothing is written unless the step is taken.
 */
export async function takeStep(ctx: LdtbxhContext, step: CycleActionType, communeCode: string, yearInput: number, details: Record<string, unknown>): Promise<{ communeCode: string; year: number }> {
  const year = checkYear(yearInput);
  if (year === null) throw badInput('year', 'year is required');
  const commune = await ctx.places.communeByCode.load(communeCode);
  if (!commune) throw notFound('commune', communeCode);
  // The unit the code designated in the year decides who acts: its district (old map) or its province (two-tier map).
  const unit = (await ctx.places.communeAt.load(inYearKey(communeCode, year))) ?? commune;
  authorizeCycleStep(ctx.identity, step, unit, await decisionPlace(ctx, unit, year));
  const periods = (await ctx.services.reference.communesByCodes([communeCode])).get(communeCode) ?? [];
  if (!periods.some((period) => validInYear(period, year))) throw badInput('year', `commune ${communeCode} did not exist in ${year}`);

  const key = `${communeCode}|${year}`;
  const current = replay(await ctx.recognition.events.load(key));
  const parsed = parseCycleAction(step, step === 'REGISTER' || step === 'SUBMIT' ? {} : details, { commune: communeCode, year, today: vietnamToday(), current });
  if (!parsed.ok) {
    throw hubError('CYCLE_DETAILS_INVALID', `the ${step} details have ${parsed.problems.length} problem(s): ${parsed.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      field: parsed.problems[0]?.field,
      problems: parsed.problems,
    });
  }
  // Refuse an impossible step before asking the graph for anything.
  try {
    nextState(current, parsed.action);
  } catch (error) {
    if (error instanceof CycleTransitionError) throw transitionError(error);
    throw error;
  }
  let snapshot: AssessmentSnapshot | null = null;
  if (SNAPSHOT_STEPS.includes(step)) {
    const gatewayUrl = ctx.gatewayUrl();
    snapshot = await fetchAssessmentSnapshot(gatewayUrl, { identity: ctx.identity, internalSecret: ctx.services.internalSecret, requestId: ctx.requestId }, communeCode, year, new Date());
    if (step === 'RECOGNISE') {
      const problems = recognitionPreconditionProblems(snapshot);
      if (problems.length > 0) {
        throw hubError('RECOGNITION_REFUSED', `commune ${communeCode} cannot be recognised for ${year}: ${problems.map((p) => p.message).join('; ')}`, {
          reasons: problems,
          total: snapshot.total,
          status: snapshot.status,
        });
      }
      // Where the province requires it for the year, every department's inputs must be approved.
      await refuseUnapprovedInputs(ctx, communeCode, year);
    }
  }
  const actor = actorFor(ctx.identity, ctx.requestId);
  await withActor(ctx.services.db.dataSource, actor, async (m) => {
    const locked = await lockCycle(m, communeCode, year);
    const before = replay(await eventsOfCycle(m, communeCode, year));
    if ((before?.status ?? null) !== (locked?.state ?? null)) throw new Error(`cycle ${key}: stored state ${locked?.state} differs from its history (${before?.status})`);
    let after: CycleState;
    try {
      after = nextState(before, parsed.action);
    } catch (error) {
      if (error instanceof CycleTransitionError) throw transitionError(error);
      throw error;
    }
    const detailsStored = 'details' in parsed.action ? parsed.action.details : {};
    await recordStep(m, { communeCode, year, action: step, from: before?.status ?? null, to: after.status, actor: actor.name, details: detailsStored, snapshot });
  });
  ctx.recognition.events.clear(key);
  ctx.recognition.cycle.clear(key);
  ctx.recognition.cyclesOfCommune.clear(communeCode);
  return { communeCode, year };
}

function transitionError(error: CycleTransitionError) {
  return hubError('ILLEGAL_TRANSITION', error.message, { from: error.from, action: error.action, allowed: [...error.allowed] });
}
