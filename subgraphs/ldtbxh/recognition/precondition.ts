/**
 * The precondition of RECOGNISE: the commune's assessment for the year must be complete and
 * eligible (docs/recognition.md §4). The hub records a decision that disagrees with it with the
 * officer's reason; where the province blocks on disagreement (procedure/policy.ts), service.ts
 * refuses the recognition with these problems. Pure.
 */

import type { AssessmentStatus } from '../assessment/model';

/** The parts of an assessment (`shared/criteria` `Assessment`) the precondition reads. */
export interface AssessmentSummary {
  status: AssessmentStatus;
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
