/**
 * Resolvers of the criteria-set catalogue. The stored document is the source; these only shape it
 * for the graph (status strings become the Provenance enum, kind-specific fields null elsewhere).
 */
import type { Provenance } from '../../../shared/criteria/types';
import type { LoadedCriteriaSet } from '../../../shared/reference/catalogue';
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
    criteriaSets: async (_, args, ctx) => (await ctx.services.catalogue.list(args.allVersions)).map(setView),
    criteriaSet: async (_, args, ctx) => {
      const loaded =
        args.version === null || args.version === undefined
          ? await ctx.services.catalogue.latest(args.id)
          : await ctx.services.catalogue.get(args.id, args.version);
      return loaded ? setView(loaded) : null;
    },
  },
  CriteriaSet: {
    __resolveReference: async (ref, ctx) => {
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
    provenance: (criterion) => provenance(criterion.status),
    titleProvenance: (criterion) => provenance(criterion.fieldStatus?.title ?? criterion.status),
    maxPointsProvenance: (criterion) => provenance(criterion.fieldStatus?.maxPoints ?? criterion.status),
    met: (criterion) =>
      criterion.met === undefined
        ? null
        : {
            rule: criterion.met.rule,
            points: criterion.met.rule === 'MIN_POINTS' ? criterion.met.points : null,
            provenance: provenance(criterion.met.status),
          },
  },
  Indicator: {
    provenance: (indicator) => provenance(indicator.status),
    titleProvenance: (indicator) => provenance(indicator.fieldStatus?.title ?? indicator.status),
    maxPointsProvenance: (indicator) => provenance(indicator.fieldStatus?.maxPoints ?? indicator.status),
    concept: (indicator) => indicator.concept ?? null,
    direction: (i) => (i.kind === 'RATE' ? i.direction : null),
    numeratorLabel: (i) => (i.kind === 'RATE' ? i.numerator : null),
    denominatorLabel: (i) => (i.kind === 'RATE' ? i.denominator : null),
    countedLabel: (i) => (i.kind === 'COUNT' ? i.counted : null),
    question: (i) => (i.kind === 'BOOLEAN' ? i.question : null),
    // A band without a status of its own has its indicator's.
    bands: (i) =>
      i.kind === 'RATE' || i.kind === 'COUNT'
        ? i.bands.map((band) => ({ ...band, provenance: provenance(band.status ?? i.status) }))
        : [],
    otherwise: (i) => (i.kind === 'RATE' || i.kind === 'COUNT' ? i.otherwise : null),
    whenNoDenominator: (i) => (i.kind === 'RATE' ? i.whenNoDenominator : null),
    grades: (i) => (i.kind === 'GRADED' ? i.grades : []),
    pointsIfYes: (i) => (i.kind === 'BOOLEAN' ? i.pointsIfYes : null),
    pointsIfNo: (i) => (i.kind === 'BOOLEAN' ? i.pointsIfNo : null),
  },
};
