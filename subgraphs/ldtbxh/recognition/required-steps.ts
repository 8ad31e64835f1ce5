/**
 * The recognising level's steps a procedure period may require (dossier check, appraisal, review
 * council, public posting; docs/recognition.md §2), and which of them are still missing before an
 * action. The state machine (cycle.ts) allows these steps to be skipped; which ones a period
 * requires is configuration (procedure periods, procedure/rules.ts), checked here. Pure.
 */
import type { CycleActionType, CycleState } from './cycle';

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
