/**
 * One commune-year's assessment: find the set assigned to the year and its version, the category
 * and every department's values as they stood at `asOf`, then run the pure engine
 * (shared/criteria/assess.ts). Shared by the single, what-if and board resolvers.
 */
import { maySeeSensitive } from '../../../shared/authorization';
import { applyOverrides, assess, type Assessment, type IndicatorOverride } from '../../../shared/criteria/assess';
import { explainVi } from '../../../shared/criteria/explain';
import type { DepartmentCode } from '../../../shared/departments';
import { hubError, notFound } from '../../../shared/errors';
import { categoryForYear } from '../../../shared/reference/reader';
import { communeYearKey } from '../../../shared/department/loaders';
import type { IndicatorValue } from '../../../shared/department/entities/IndicatorValue';
import type { LdtbxhContext } from '../context';
import { collectValues, type RequiredFields, type RequiredValue } from './inputs';
import { momentKey } from './loaders';

/** The GraphQL shape of an assessment (the engine's result plus where and when). */
export type AssessmentView = Omit<Assessment, 'conditions'> & {
  communeCode: string;
  year: number;
  asOf: string | null;
  criteriaSet: Assessment['criteriaSet'] & { legalBasis: string; assignment: string };
  category: { category: string; provisional: boolean; fromYear: number } | null;
  conditions: (Omit<Assessment['conditions'][number], 'figures'> & { figures: string })[];
};

/**
 * The assessment as this caller may see it: the raw inputs of departments whose figures it may not
 * see are withheld (their points stay: the public sees scores and results), with the gaps and
 * messages that would reveal them, and the explanation rebuilt from what remains.
 */
export function withholdSensitive(result: Assessment, maySee: (department: DepartmentCode) => boolean, communeName: string, year: number): Assessment & { criteria: (Assessment['criteria'][number] & { indicators: (Assessment['criteria'][number]['indicators'][number] & { withheld: boolean })[] })[] } {
  const hidden = new Set<string>();
  const criteria = result.criteria.map((criterion) => ({
    ...criterion,
    indicators: criterion.indicators.map((indicator) => {
      if (maySee(indicator.department)) return { ...indicator, withheld: false };
      hidden.add(indicator.code);
      return { ...indicator, numerator: null, denominator: null, count: null, value: null, grade: null, rate: null, withheld: true };
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
        ? { ...condition, figures: { ...condition.figures, actual: null }, message: `disqualifying condition on indicator ${condition.figures.indicator}: ${condition.met === false ? 'not met' : 'met'}`, messageVi: `điều kiện loại trừ của chỉ tiêu ${condition.figures.indicator}: ${condition.met === false ? 'không đạt' : 'đạt'}` }
        : condition,
    ),
  };
  return { ...masked, criteria, explanation: explainVi(masked, { communeName, year }) };
}

/** LĐTBXH's own values of a commune-year; their revisions are read only to look back to `asOf`. */
async function ownValues(ctx: LdtbxhContext, communeCode: string, year: number, asOf: Date | null): Promise<RequiredValue[]> {
  const rows: IndicatorValue[] = await ctx.loaders.valuesByCommuneYear.load(communeYearKey(communeCode, year));
  const histories = asOf === null ? rows.map(() => []) : await ctx.loaders.revisionsByValueId.loadMany(rows.map((row) => String(row.id)));
  return rows.map((row, i) => {
    const history = histories[i];
    if (history instanceof Error || history === undefined) throw history ?? new Error('history not loaded');
    return {
      communeCode: row.communeCode,
      year: row.year,
      criteriaSetId: row.criteriaSetId,
      indicator: row.indicatorCode,
      kind: row.kind,
      department: 'LDTBXH',
      numerator: row.numerator,
      denominator: row.denominator,
      count: row.count,
      value: row.flag,
      grade: row.grade,
      revision: row.revision,
      publishedBy: row.publishedBy,
      publishedAt: row.publishedAt.toISOString(),
      history: history.map((r) => ({
        revision: r.revision,
        numerator: r.numerator,
        denominator: r.denominator,
        count: r.count,
        value: r.flag,
        grade: r.grade,
        publishedBy: r.publishedBy,
        publishedAt: r.publishedAt.toISOString(),
      })),
    };
  });
}

/**
 * Assesses one commune-year from the departments' values in `fields`.
 * @throws NOT_FOUND for an unknown commune; NO_CRITERIA_SET_FOR_YEAR when no set is assigned to
 * the year (at asOf) or its version was not loaded by then; WHAT_IF_INVALID for a bad override.
 */
export async function assessCommuneYear(
  ctx: LdtbxhContext,
  ref: { communeCode: string; year: number } & RequiredFields,
  asOf: Date | null,
  overrides: readonly IndicatorOverride[] | null = null,
): Promise<AssessmentView> {
  const moment = momentKey(asOf);
  const [commune, assignment] = await Promise.all([
    ctx.places.communeByCode.load(ref.communeCode),
    ctx.assessment.assignment.load(`${ref.year}|${moment}`),
  ]);
  if (!commune) throw notFound('commune', ref.communeCode);
  if (!assignment) {
    throw hubError('NO_CRITERIA_SET_FOR_YEAR', `no criteria set is assigned to ${ref.year}${asOf ? ` as of ${asOf.toISOString()}` : ''}`, { field: 'year', year: ref.year });
  }
  const loaded = await ctx.assessment.setInForce.load(`${assignment.setId}|${moment}`);
  if (!loaded) {
    throw hubError('NO_CRITERIA_SET_FOR_YEAR', `criteria set ${assignment.setId} had no version loaded${asOf ? ` as of ${asOf.toISOString()}` : ''}`, { field: 'asOf', year: ref.year });
  }
  const categories = (await ctx.places.categoriesByCommuneId.load(commune.id)).filter((row) => asOf === null || row.setAt.getTime() <= asOf.getTime());
  const category = categoryForYear(categories, ref.year) ?? null;
  const own = await ownValues(ctx, ref.communeCode, ref.year, asOf);
  const collected = collectValues(ref, own, { communeCode: ref.communeCode, year: ref.year, criteriaSetId: loaded.set.id }, asOf);
  let values = collected.values;
  if (overrides) values = applyOverrides(values, overrides, loaded.set);
  const result = assess({
    set: loaded.set,
    category: category ? { category: category.category, provisional: category.provisional } : null,
    values,
    unavailableDepartments: collected.unavailable,
    context: { communeName: `${commune.type} ${commune.name}`, year: ref.year },
  });
  const shown = withholdSensitive(result, (department) => maySeeSensitive(ctx.identity, department, commune), `${commune.type} ${commune.name}`, ref.year);
  return {
    ...shown,
    communeCode: ref.communeCode,
    year: ref.year,
    asOf: asOf?.toISOString() ?? null,
    criteriaSet: { ...result.criteriaSet, legalBasis: loaded.set.legalBasis.document, assignment: assignment.note },
    category: category ? { category: category.category, provisional: category.provisional, fromYear: category.fromYear } : null,
    ignoredValues: [...shown.ignoredValues, ...collected.otherSets],
    conditions: shown.conditions.map((condition) => ({ ...condition, figures: JSON.stringify(condition.figures) })),
  };
}
