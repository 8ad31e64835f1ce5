/**
 * Resolvers of the criteria-set catalogue. The stored document is the source; these only shape it
 * for the graph (status strings become the Provenance enum, kind-specific fields null elsewhere).
 */
import type { Criterion, Indicator, Provenance } from '../../../shared/criteria/types';
import type { LoadedCriteriaSet } from '../../../shared/reference/catalogue';
import type { LdtbxhContext } from '../context';
import type { Resolvers } from '../generated/schema-types';

const provenance = (status: Provenance) => (status === 'confirmed' ? 'CONFIRMED' : 'PROVISIONAL');

/** A stored criteria-set version as `CriteriaSet` resolves it. */
export type SetView = ReturnType<typeof setView>;

/** The GraphQL shape of a stored criteria-set version. */
export function setView(loaded: LoadedCriteriaSet) {
  const { set } = loaded;
  return {
    ...set,
    contentHash: loaded.contentHash,
    loadedAt: loaded.loadedAt.toISOString(),
    loadedBy: loaded.loadedBy,
    notes: set.notes ?? null,
    legalBasis: { ...set.legalBasis, provenance: provenance(set.legalBasis.status) },
  };
}

export const criteriaResolvers: Resolvers = {
  Query: {
    criteriaSets: async (_: unknown, args: { allVersions: boolean }, ctx: LdtbxhContext) =>
      (await ctx.services.catalogue.list(args.allVersions)).map(setView),
    criteriaSet: async (_: unknown, args: { id: string; version?: number | null }, ctx: LdtbxhContext) => {
      const loaded =
        args.version === null || args.version === undefined
          ? await ctx.services.catalogue.latest(args.id)
          : await ctx.services.catalogue.get(args.id, args.version);
      return loaded ? setView(loaded) : null;
    },
  },
  CriteriaSet: {
    __resolveReference: async (ref: { id: string; version: number }, ctx: LdtbxhContext) => {
      const loaded = await ctx.services.catalogue.get(ref.id, ref.version);
      return loaded ? setView(loaded) : null;
    },
    criterion: (set, args) => set.criteria.find((c) => c.number === args.number) ?? null,
    recognition: (set) => {
      const r = set.recognition;
      return {
        minimumTotal: (['URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER'] as const).map((category) => ({
          category,
          points: r.minimumTotal[category].points,
          provenance: provenance(r.minimumTotal[category].status),
        })),
        noCriterionAtZero: r.noCriterionAtZero.enabled,
        noCriterionAtZeroProvenance: provenance(r.noCriterionAtZero.status),
        criteriaAtMaximum: r.criteriaAtMaximum.criteria,
        criteriaAtMaximumProvenance: provenance(r.criteriaAtMaximum.status),
        disqualifyingIndicators: r.disqualifyingIndicators.map((d) => ({
          indicator: d.indicator,
          op: d.when.op,
          value: d.when.value,
          provenance: provenance(d.status),
        })),
        everyCriterionMet: r.everyCriterionMet?.enabled ?? false,
        everyCriterionMetProvenance: r.everyCriterionMet === undefined ? null : provenance(r.everyCriterionMet.status),
      };
    },
  },
  Criterion: {
    provenance: (criterion: Criterion) => provenance(criterion.status),
    titleProvenance: (criterion: Criterion) => provenance(criterion.fieldStatus?.title ?? criterion.status),
    maxPointsProvenance: (criterion: Criterion) => provenance(criterion.fieldStatus?.maxPoints ?? criterion.status),
    met: (criterion: Criterion) =>
      criterion.met === undefined
        ? null
        : {
            rule: criterion.met.rule,
            points: criterion.met.rule === 'MIN_POINTS' ? criterion.met.points : null,
            provenance: provenance(criterion.met.status),
          },
  },
  Indicator: {
    provenance: (indicator: Indicator) => provenance(indicator.status),
    titleProvenance: (indicator: Indicator) => provenance(indicator.fieldStatus?.title ?? indicator.status),
    maxPointsProvenance: (indicator: Indicator) => provenance(indicator.fieldStatus?.maxPoints ?? indicator.status),
    concept: (indicator: Indicator) => indicator.concept ?? null,
    direction: (i: Indicator) => (i.kind === 'RATE' ? i.direction : null),
    numeratorLabel: (i: Indicator) => (i.kind === 'RATE' ? i.numerator : null),
    denominatorLabel: (i: Indicator) => (i.kind === 'RATE' ? i.denominator : null),
    countedLabel: (i: Indicator) => (i.kind === 'COUNT' ? i.counted : null),
    question: (i: Indicator) => (i.kind === 'BOOLEAN' ? i.question : null),
    // A band without a status of its own has its indicator's.
    bands: (i: Indicator) =>
      i.kind === 'RATE' || i.kind === 'COUNT'
        ? i.bands.map((band) => ({ ...band, provenance: provenance(band.status ?? i.status) }))
        : [],
    otherwise: (i: Indicator) => (i.kind === 'RATE' || i.kind === 'COUNT' ? i.otherwise : null),
    whenNoDenominator: (i: Indicator) => (i.kind === 'RATE' ? i.whenNoDenominator : null),
    grades: (i: Indicator) => (i.kind === 'GRADED' ? i.grades : []),
    pointsIfYes: (i: Indicator) => (i.kind === 'BOOLEAN' ? i.pointsIfYes : null),
    pointsIfNo: (i: Indicator) => (i.kind === 'BOOLEAN' ? i.pointsIfNo : null),
  },
};
