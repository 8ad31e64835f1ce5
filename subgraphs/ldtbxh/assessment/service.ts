/**
 * One commune-year's assessment: find the set assigned to the year and its version, the category
 * and every department's values (current, or in force at a moment), then run the pure engine
 * (assess.ts). Shared by the single, what-if, as-of and board resolvers.
 *
 * What the engine computed is kept as a {@link ComputedAssessment}: the result for a caller who may
 * see everything, with what it was computed from (its stamp). A caller's view is made from it by
 * {@link viewFor}, which withholds what the caller may not see. Boards store computed assessments
 * (assessment/store.ts) and reuse them while their stamp stands.
 */
import { maySeeSensitive } from '../../../shared/authorization';
import { assess } from './assess';
import type { Assessment } from './model';
import { applyOverrides, type IndicatorOverride } from './what-if';
import { explainVi } from './explain';
import { DEPARTMENTS, type DepartmentCode } from '../../../shared/departments';
import { hubError, notFound } from '../../../shared/errors';
import { categoryForYear, type CommuneRow } from '../../../shared/reference/reader';
import { communeYearKey } from '../../../shared/department/loaders';
import { stampOf, type ScoringValue } from '../../../shared/scoring-inputs';
import { scoringValueOf } from '../../../shared/department/resolvers';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { collectInputs, valuesForSet, type RequiredFields } from './inputs';
import { momentKey, setKey } from './loaders';

/**
 * Changes whenever the engine or the shape of what is stored changes, so that assessments stored
 * by an older build are recomputed rather than served.
 */
export const ENGINE_VERSION = 'e3';

/** A criterion's result as this caller sees it: each indicator says whether its inputs are withheld. */
type ShownCriterion = Assessment['criteria'][number] & {
  indicators: (Assessment['criteria'][number]['indicators'][number] & { withheld: boolean })[];
};

/** The GraphQL shape of an assessment (the engine's result plus where and when). */
export type AssessmentView = Omit<Assessment, 'criteria'> & {
  criteria: ShownCriterion[];
  communeCode: string;
  year: number;
  asOf: string | null;
  criteriaSet: Assessment['criteriaSet'] & { legalBasis: string; assignment: string };
  category: { category: string; provisional: boolean; fromYear: number } | null;
};

/**
 * An assessment as a board line holds it when the query selects nothing beyond the summary the
 * store keeps in columns (assessment/board.ts): those fields, and no others.
 */
export type AssessmentSummaryView = Pick<
  AssessmentView,
  'communeCode' | 'year' | 'asOf' | 'total' | 'totalProvisional' | 'maxTotal' | 'status' | 'eligible'
> & { criteria?: undefined };

/** The parent of `Assessment`'s fields: a full assessment, or a board line's summary. */
export type AssessmentParent = AssessmentView | AssessmentSummaryView;

/** What the engine computed for one commune-year, for a caller who may see everything. */
export interface ComputedAssessment {
  result: Assessment;
  communeCode: string;
  year: number;
  /** The moment reproduced (ISO), null for now. */
  asOf: string | null;
  legalBasis: string;
  assignmentNote: string;
  category: { category: string; provisional: boolean; fromYear: number } | null;
  /** Values published under another set for the year (`set/indicator`). */
  otherSets: string[];
  communeName: string;
}

/** A computed assessment with what it was computed from; `stamp` null when it must not be stored. */
export interface Computation {
  computed: ComputedAssessment;
  commune: CommuneRow;
  stamp: string | null;
}

/** The stamp of what a commune-year's assessment depends on besides the departments' values. */
export function localStamp(parts: {
  commune: CommuneRow;
  setId: string;
  assignedAt: Date;
  version: number;
  contentHash: string;
  category: { category: string; provisional: boolean; fromYear: number; setAt: Date } | null;
}): string {
  const { commune, category } = parts;
  return [
    ENGINE_VERSION,
    `u${commune.id}:${commune.type}:${commune.name}`,
    `a${parts.setId}@${parts.assignedAt.getTime()}`,
    `v${parts.version}:${parts.contentHash.slice(0, 16)}`,
    category
      ? `c${category.category}:${category.fromYear}:${category.provisional ? 'p' : 'o'}:${category.setAt.getTime()}`
      : 'c-',
  ].join('|');
}

/**
 * The full stamp: local parts, then every department's stamp in the departments table's order
 * (stored stamps are compared as text, so the order is fixed: a new row comes last).
 */
export function fullStamp(local: string, stamps: Partial<Record<DepartmentCode, string>>): string | null {
  const parts: string[] = [local];
  for (const { code } of DEPARTMENTS) {
    const stamp = stamps[code];
    if (stamp === undefined) return null;
    parts.push(`${code}=${stamp}`);
  }
  return parts.join('|');
}

/**
 * The assessment as this caller may see it: the raw inputs of departments whose figures it may not
 * see are withheld (their points stay: the public sees scores and results), with the gaps and
 * messages that would reveal them, and the explanation rebuilt from what remains.
 */
export function withholdSensitive(
  result: Assessment,
  maySee: (department: DepartmentCode) => boolean,
  communeName: string,
  year: number,
): Assessment & { criteria: ShownCriterion[] } {
  const hidden = new Set<string>();
  const criteria = result.criteria.map((criterion) => ({
    ...criterion,
    indicators: criterion.indicators.map((indicator) => {
      if (maySee(indicator.department)) return { ...indicator, withheld: false };
      hidden.add(indicator.code);
      return {
        ...indicator,
        numerator: null,
        denominator: null,
        count: null,
        value: null,
        grade: null,
        rate: null,
        withheld: true,
      };
    }),
  }));
  if (hidden.size === 0) return { ...result, criteria };
  const masked: Assessment = {
    ...result,
    criteria,
    gaps: result.gaps.filter((gap) => !hidden.has(gap.indicator)),
    rejectedValues: result.rejectedValues.filter((value) => !hidden.has(value.indicator)),
    conditions: result.conditions.map((condition) =>
      condition.code === 'DISQUALIFYING_INDICATOR' && hidden.has(condition.figures.indicator)
        ? {
            ...condition,
            figures: { ...condition.figures, actual: null },
            message: `disqualifying condition on indicator ${condition.figures.indicator}: ${condition.met === false ? 'not met' : 'met'}`,
            messageVi: `điều kiện loại trừ của chỉ tiêu ${condition.figures.indicator}: ${condition.met === false ? 'không đạt' : 'đạt'}`,
          }
        : condition,
    ),
  };
  return { ...masked, criteria, explanation: explainVi(masked, { communeName, year }) };
}

/** The view of a computed assessment for this caller. */
export function viewFor(
  ctx: LdtbxhContext,
  computed: ComputedAssessment,
  commune: { code: string; districtCode: string | null; provinceCode: string },
): AssessmentView {
  const shown = withholdSensitive(
    computed.result,
    (department) => maySeeSensitive(ctx.identity, department, commune),
    computed.communeName,
    computed.year,
  );
  return {
    ...shown,
    communeCode: computed.communeCode,
    year: computed.year,
    asOf: computed.asOf,
    criteriaSet: {
      ...computed.result.criteriaSet,
      legalBasis: computed.legalBasis,
      assignment: computed.assignmentNote,
    },
    category: computed.category,
    ignoredValues: [...shown.ignoredValues, ...computed.otherSets],
  };
}

/** LĐTBXH's own values of a commune-year: current, or in force at `at`. */
async function ownValues(
  ctx: LdtbxhContext,
  communeCode: string,
  year: number,
  at: string,
): Promise<{ stamp: string; values: ScoringValue[] }> {
  const values =
    at === ''
      ? (await ctx.loaders.valuesByCommuneYear.load(communeYearKey(communeCode, year))).map(scoringValueOf)
      : await ctx.loaders.scoringValuesAt.load(`${communeCode}|${year}|${at}`);
  return { stamp: stampOf(values), values };
}

/** A commune-year with the departments' payloads from the representation; `at` '' for now. */
export type AssessmentRef = { communeCode: string; year: number; at: string } & RequiredFields;

/**
 * Computes one commune-year's assessment from the departments' payloads in `ref`.
 * @throws NOT_FOUND for an unknown commune; NO_CRITERIA_SET_FOR_YEAR when no set is assigned to
 * the year (at the moment) or its version was not loaded by then; WHAT_IF_INVALID for a bad override.
 */
export async function computeAssessment(
  ctx: LdtbxhContext,
  ref: AssessmentRef,
  overrides: readonly IndicatorOverride[] | null = null,
  /** LĐTBXH's own values when the caller has them already (a board); read here otherwise. */
  own: { stamp: string; values: readonly ScoringValue[] } | null = null,
  /** False for totals, status and eligibility only (no gaps, no explanation): see `assess`. */
  details = true,
): Promise<Computation> {
  const asOf = ref.at === '' ? null : new Date(ref.at);
  const moment = momentKey(asOf);
  // The unit the code designated in the assessment year (its category, its district), not today's.
  const [inYear, assignment] = await Promise.all([
    ctx.places.communeAt.load(inYearKey(ref.communeCode, ref.year)),
    ctx.assessment.assignment.load(`${ref.year}|${moment}`),
  ]);
  const commune = inYear ?? (await ctx.places.communeByCode.load(ref.communeCode));
  if (!commune) throw notFound('commune', ref.communeCode);
  if (!assignment) {
    throw hubError(
      'NO_CRITERIA_SET_FOR_YEAR',
      `no criteria set is assigned to ${ref.year}${asOf ? ` as of ${asOf.toISOString()}` : ''}`,
      { field: 'year', year: ref.year },
    );
  }
  const loaded = await ctx.assessment.setInForce.load(setKey(assignment, ref.year, moment));
  if (!loaded) {
    throw hubError(
      'NO_CRITERIA_SET_FOR_YEAR',
      `criteria set ${assignment.setId} had no version for ${ref.year} loaded${asOf ? ` as of ${asOf.toISOString()}` : ''}`,
      { field: 'asOf', year: ref.year },
    );
  }
  const categories = (await ctx.places.categoriesByCommuneId.load(commune.id)).filter(
    (row) => asOf === null || row.setAt.getTime() <= asOf.getTime(),
  );
  const category = categoryForYear(categories, ref.year) ?? null;
  const collected = collectInputs(
    ref,
    own ?? (await ownValues(ctx, ref.communeCode, ref.year, ref.at)),
    ref,
    ctx.services.internalSecret,
  );
  const forSet = valuesForSet(collected, loaded.set.id);
  const values = overrides ? applyOverrides(forSet.values, overrides, loaded.set) : forSet.values;
  const communeName = `${commune.type} ${commune.name}`;
  const result = assess({
    set: loaded.set,
    category: category ? { category: category.category, provisional: category.provisional } : null,
    values,
    unavailableDepartments: collected.unavailable,
    context: { communeName, year: ref.year },
    details,
  });
  const computed: ComputedAssessment = {
    result,
    communeCode: ref.communeCode,
    year: ref.year,
    asOf: asOf?.toISOString() ?? null,
    legalBasis: loaded.set.legalBasis.document,
    assignmentNote: assignment.note,
    category: category
      ? { category: category.category, provisional: category.provisional, fromYear: category.fromYear }
      : null,
    otherSets: forSet.otherSets,
    communeName,
  };
  const local = localStamp({
    commune,
    setId: assignment.setId,
    assignedAt: assignment.assignedAt,
    version: loaded.set.version,
    contentHash: loaded.contentHash,
    category,
  });
  const stamp = overrides || asOf ? null : fullStamp(local, collected.stamps);
  return { computed, commune, stamp };
}

/** The assessment of one commune-year as this caller may see it. */
export async function assessCommuneYear(
  ctx: LdtbxhContext,
  ref: AssessmentRef,
  overrides: readonly IndicatorOverride[] | null = null,
): Promise<AssessmentView> {
  const { computed, commune } = await computeAssessment(ctx, ref, overrides);
  return viewFor(ctx, computed, commune);
}
