/**
 * Resolvers of the recognition procedure: the steps of a cycle, the overview, rewards and targets.
 * They read the arguments, call the rules and shape the answer; the rules are in cycle.ts,
 * required-steps.ts, streaks.ts, targets.ts (pure), service.ts, targets-service.ts and overview.ts.
 */
import { badInput, notFound } from '../../../shared/errors';
import { validInYear } from '../../../shared/reference/reader';
import type { Resolvers } from '../generated/schema-types';
import { rewardsForYear, streakEndingAt } from './streaks';
import type { CycleActionType } from './cycle';
import type { Target } from './targets';
import type { LdtbxhContext } from '../context';
import { resolveScope } from '../assessment/board';
import { inYearKey } from '../places/loaders';
import { countsAsRecognised, isOwnYear, lineageStreak, lineageTree, unitsOfYear } from './lineage';
import {
  countStates,
  firstRecordedYear,
  ownTargetOf,
  progressOf,
  provinceScopes,
  requireYear,
  scopeData,
  targetOf,
  yearCycles,
} from './overview';
import { levelTargets, rewardRecords } from './records-store';
import { levelTargetView, rewardRecordView } from './records-resolvers';
import { REWARD_RULE } from './reward-rule';
import {
  allowedSteps,
  changedSinceDecision,
  DECISION_ACTIONS,
  takeStep,
  type Disagreement,
  type StepOptions,
} from './service';
import { allTargets, cyclesUpTo, type CycleRow, type EventRow } from './store';
import { setBand, type BandInput } from './targets-service';

function disagreementView(value: Record<string, unknown> | null) {
  if (value === null) return null;
  const d = value as unknown as Disagreement;
  return {
    decided: d.decided,
    reason: d.reason,
    computed: {
      ...d.computed,
      criteriaSetId: d.computed.criteriaSet.id,
      criteriaSetVersion: d.computed.criteriaSet.version,
    },
  };
}

function eventView(event: EventRow) {
  return {
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
    at: event.at.toISOString(),
    actor: event.actor,
    details: event.details,
    snapshot: event.snapshot,
    flags: event.flags,
    disagreement: disagreementView(event.disagreement),
  };
}

/** A cycle as `RecognitionCycle` resolves it. */
export type CycleView = ReturnType<typeof cycleView>;

function cycleView(row: CycleRow) {
  return { communeCode: row.communeCode, year: row.year, state: row.state, updatedAt: row.updatedAt.toISOString() };
}

async function stepResult(ctx: LdtbxhContext, done: { communeCode: string; year: number }) {
  const row = await ctx.recognition.cycle.load(`${done.communeCode}|${done.year}`);
  if (!row) throw new Error(`cycle ${done.communeCode}/${done.year} missing after a step`);
  return cycleView(row);
}

const step =
  (type: CycleActionType) =>
  async (
    ctx: LdtbxhContext,
    commune: string,
    year: number,
    details: Record<string, unknown>,
    options: StepOptions = {},
  ) =>
    stepResult(ctx, await takeStep(ctx, type, commune, year, details, options));

/** A mutation taking `input: { commune, year, …details }`. */
const inputStep =
  (type: CycleActionType) =>
  (_: unknown, args: { input: { commune: string; year: number } & Record<string, unknown> }, ctx: LdtbxhContext) => {
    const { commune, year, ...details } = args.input;
    return step(type)(ctx, commune, year, details);
  };

export const recognitionResolvers: Resolvers = {
  Query: {
    recognitionOverview: async (_, args, ctx) => {
      const { year, scope } = await resolveScope(ctx, args);
      if (scope.kind === 'country') {
        // The provinces of the year's map (31 December): the 63 of the old map, the 34 of the new.
        const [provinces, communes] = await Promise.all([
          ctx.services.reference.provinces({ kind: 'date', date: `${year}-12-31` }),
          ctx.services.reference.communesOfCountry(year),
        ]);
        const ds = ctx.services.db.dataSource;
        const cycles = await cyclesUpTo(
          ds,
          communes.map((c) => c.code),
          year,
        );
        const targets: Target[] = (
          await allTargets(ds, ['country', ...provinces.map((p) => `province:${p.code}`)])
        ).map(targetOf);
        const records = {
          targets,
          ownTargets: (
            await levelTargets(
              ds,
              provinces.map((p) => `province:${p.code}`),
            )
          ).map(ownTargetOf),
          recordsFrom: firstRecordedYear(cycles),
        };
        return {
          year,
          scope: 'country',
          province: progressOf('country', year, communes, cycles, records),
          ...countStates(communes, cycles, year),
          districts: [],
          provinces: provinces.map((province) => {
            const own = communes.filter((c) => c.provinceCode === province.code);
            return {
              province,
              progress: progressOf(`province:${province.code}`, year, own, cycles, records),
              ...countStates(own, cycles, year),
            };
          }),
        };
      }
      if (scope.kind !== 'province') throw badInput('provinceCode', 'the overview is of a province or the country');
      const data = await scopeData(ctx, scope.code, year);
      return {
        year,
        scope: `province:${scope.code}`,
        province: progressOf(`province:${scope.code}`, year, data.communes, data.cycles, data.records),
        ...countStates(data.communes, data.cycles, year),
        districts: data.districts.map((district) => {
          const communes = data.communes.filter((c) => c.districtCode === district.code);
          return {
            district,
            progress: progressOf(`district:${district.code}`, year, communes, data.cycles, data.records),
            ...countStates(communes, data.cycles, year),
          };
        }),
        provinces: [],
      };
    },
    rewards: async (_, args, ctx) => {
      const year = requireYear(args.year);
      const data = await scopeData(ctx, args.provinceCode, year);
      const communes = data.communes.filter((c) => !args.districtCode || c.districtCode === args.districtCode);
      const lists = rewardsForYear(
        communes.map((c) => ({
          code: c.code,
          name: c.name,
          districtCode: c.districtCode ?? '',
          cycles: yearCycles(data.cycles.get(c.code) ?? []),
        })),
        year,
      );
      const byCode = new Map(communes.map((c) => [c.code, c]));
      const records = (
        await rewardRecords(
          ctx.services.db.dataSource,
          communes.map((c) => c.code),
          year,
        )
      ).map(rewardRecordView);
      const entry = (kinds: readonly string[]) => (e: { code: string; streak: number; years: number[] }) => {
        // rewardsForYear lists only the communes it was given.
        const commune = byCode.get(e.code);
        if (!commune) throw new Error(`rewards of ${year}: commune ${e.code} is not of the scope`);
        return {
          commune,
          streak: e.streak,
          years: e.years,
          decisions: records.filter((r) => r.communeCode === e.code && kinds.includes(r.kind)),
        };
      };
      return {
        year,
        rule: REWARD_RULE,
        districtReward: lists.districtReward.map(entry(['DISTRICT_REWARD'])),
        chairmanProposal: lists.chairmanProposal.map(entry(['CHAIRMAN_PROPOSAL', 'CHAIRMAN_REWARD'])),
        decisions: records,
      };
    },
    targets: async (_, args, ctx) => {
      const year = requireYear(args.year);
      const scopes = await provinceScopes(ctx, args.provinceCode, year);
      return (await allTargets(ctx.services.db.dataSource, scopes))
        .filter((t) => t.year === year)
        .map((t) => ({ ...t, setAt: t.setAt.toISOString() }));
    },
    ownTargets: async (_, args, ctx) => {
      const year = requireYear(args.year);
      const scopes = await provinceScopes(ctx, args.provinceCode, year);
      return (await levelTargets(ctx.services.db.dataSource, scopes))
        .filter((t) => t.year === year)
        .map(levelTargetView);
    },
  },
  Mutation: {
    registerForRecognition: (_, args, ctx) => step('REGISTER')(ctx, args.commune, args.year, {}, { date: args.date }),
    recordSelfAssessment: inputStep('SELF_ASSESS'),
    submitDossier: (_, args, ctx) => step('SUBMIT')(ctx, args.commune, args.year, {}, { date: args.date }),
    submitToDistrict: (_, args, ctx) => step('SUBMIT')(ctx, args.commune, args.year, {}),
    acceptDossier: inputStep('ACCEPT_DOSSIER'),
    returnDossier: inputStep('RETURN_DOSSIER'),
    recordAppraisal: inputStep('APPRAISE'),
    recordCouncilReview: inputStep('COUNCIL_REVIEW'),
    postPublicly: inputStep('POST'),
    recordPublicComment: inputStep('RECORD_COMMENT'),
    recognise: inputStep('RECOGNISE'),
    refuseRecognition: inputStep('REFUSE'),
    revokeRecognition: inputStep('REVOKE'),
    requestReappraisal: inputStep('REQUEST_REAPPRAISAL'),
    upholdRefusal: inputStep('UPHOLD_REFUSAL'),
    setTarget: async (_, args, ctx) => {
      const row = await setBand(ctx, args.input);
      return { ...row, setAt: row.setAt.toISOString() };
    },
  },
  CommuneYear: {
    recognition: async (parent, _, ctx) => {
      const row = await ctx.recognition.cycle.load(`${parent.communeCode}|${parent.year}`);
      return row ? cycleView(row) : null;
    },
    changedSinceDecision: (parent, _, ctx) => changedSinceDecision(ctx, parent),
  },
  RecognitionCycle: {
    // The commune of the code; a cycle of a code the hub does not hold is an error, not a null.
    commune: async (cycle, _, ctx) => {
      const commune = await ctx.places.communeByCode.load(cycle.communeCode);
      if (!commune) throw notFound('commune', cycle.communeCode);
      return commune;
    },
    history: async (cycle, _, ctx) =>
      (await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`)).map(eventView),
    selfAssessment: async (cycle, _, ctx) => {
      const found = [...(await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`))]
        .reverse()
        .find((e) => e.action === 'SELF_ASSESS');
      return found ? eventView(found) : null;
    },
    decision: async (cycle, _, ctx) => {
      const found = [...(await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`))]
        .reverse()
        .find((e) => DECISION_ACTIONS.includes(e.action));
      return found ? eventView(found) : null;
    },
    lastStep: async (cycle, _, ctx) => {
      const found = (await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`)).at(-1);
      return found ? eventView(found) : null;
    },
    allowedActions: (cycle, _, ctx) => allowedSteps(ctx, cycle),
  },
  Commune: {
    years: (commune, args) => {
      const from = requireYear(args.from);
      const to = requireYear(args.to);
      if (to < from || to - from > 30) throw badInput('to', 'to must be from `from` to `from` + 30');
      return Array.from({ length: to - from + 1 }, (_, i) => ({ communeCode: commune.code, year: from + i }));
    },
    // The streak of the unit that stands for the year (this one when it covers the year), across
    // lineage under the policy of the procedure in force on the unit's first day.
    recognitionStreak: async (commune, args, ctx) => {
      const year = requireYear(args.year);
      const unit = validInYear(commune, year)
        ? commune
        : ((await ctx.places.communeAt.load(inYearKey(commune.code, year))) ?? commune);
      if (unit.validFrom === null)
        return streakEndingAt(yearCycles(await ctx.recognition.cyclesOfCommune.load(unit.code)), year);
      return lineageStreak(await lineageTree(ctx, unit), year);
    },
    // A trend across the change: the unit's own years, and before them its predecessors' years
    // shown as such (each predecessor's own CommuneYear, with the kind of link).
    trend: async (commune, args, ctx) => {
      const from = requireYear(args.from);
      const to = requireYear(args.to);
      if (to < from || to - from > 30) throw badInput('to', 'to must be from `from` to `from` + 30');
      const tree = await lineageTree(ctx, commune);
      return Array.from({ length: to - from + 1 }, (_, i) => {
        const year = from + i;
        const own = isOwnYear(tree, year);
        const units = unitsOfYear(tree, year);
        return {
          year,
          source: own ? 'SELF' : units.length > 0 ? 'PREDECESSORS' : 'NONE',
          units: units.map((u) => ({
            commune: u.unit,
            kind: own ? null : u.kind,
            communeYear: { communeCode: u.unit.code, year },
          })),
          countsAsRecognised: countsAsRecognised(tree, year),
          lineagePolicy: tree.policy,
        };
      });
    },
  },
};
