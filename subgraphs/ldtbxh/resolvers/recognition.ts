/**
 * Resolvers of the recognition procedure: the steps of a cycle, the overview, rewards, targets and
 * reports. Thin: rules are in shared/recognition (pure) and recognition/service.ts.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration, authorizeDistrictReport, authorizeProvinceReport } from '../../../shared/authorization';
import { parseDecimal } from '../../../shared/criteria/scoring';
import { badInput, hubError } from '../../../shared/errors';
import { validInYear, type CommuneRow } from '../../../shared/reference/reader';
import type { CycleActionType, CycleStatus } from '../../../shared/recognition/cycle';
import {
  deadlineStatus,
  districtReportContent,
  provinceReportContent,
  reportCsv,
  reportDeadline,
  reportXlsx,
  type ReportCommuneInput,
  type ReportContent,
  type ReportKind,
} from '../../../shared/recognition/reports';
import { rewardsForYear, streakEndingAt, type YearCycle } from '../../../shared/recognition/streaks';
import { isScope, progress, shareTargetFor, type Target } from '../../../shared/recognition/targets';
import type { CommuneYearRef } from '../../../shared/department/resolvers';
import type { LdtbxhContext } from '../context';
import { resolveScope } from '../assessment/board';
import type { AssessmentSnapshot } from '../recognition/graph';
import type { RequiredFields } from '../assessment/inputs';
import { assessCommuneYear } from '../assessment/service';
import { inYearKey } from '../loaders/places';
import { reportingProcedure } from '../procedure/place';
import { countsAsRecognised, isOwnYear, lineageStreak, lineageTree, unitsOfYear, type LineageUnit } from '../recognition/lineage';
import { replay, takeStep } from '../recognition/service';
import { allTargets, cyclesUpTo, firstSubmissions, insertSubmission, insertTarget, submissionsOf, type CycleRow, type EventRow, type TargetRow } from '../recognition/store';
import { checkYear } from './places';

const DECISIONS = ['RECOGNISE', 'REFUSE', 'REVOKE'];
const STATES: CycleStatus[] = ['REGISTERED', 'SELF_ASSESSED', 'SUBMITTED', 'RECOGNISED', 'NOT_RECOGNISED', 'REVOKED'];

function eventView(event: EventRow) {
  return {
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
    at: event.at.toISOString(),
    actor: event.actor,
    details: JSON.stringify(event.details),
    snapshot: event.snapshot === null ? null : JSON.stringify(event.snapshot),
  };
}

function cycleView(row: CycleRow) {
  return { communeCode: row.communeCode, year: row.year, state: row.state, updatedAt: row.updatedAt.toISOString() };
}

function requireYear(year: number): number {
  const checked = checkYear(year);
  if (checked === null) throw badInput('year', 'year is required');
  return checked;
}

async function stepResult(ctx: LdtbxhContext, done: { communeCode: string; year: number }) {
  const row = await ctx.recognition.cycle.load(`${done.communeCode}|${done.year}`);
  if (!row) throw new Error(`cycle ${done.communeCode}/${done.year} missing after a step`);
  return cycleView(row);
}

const step = (type: CycleActionType) => async (ctx: LdtbxhContext, commune: string, year: number, details: Record<string, unknown>) =>
  stepResult(ctx, await takeStep(ctx, type, commune, year, details));

/**
 * A unit's cycles as its streaks and counts read them: its own years' cycles, and before its first
 * year the years its predecessors make count under the lineage policy (recognition/lineage.ts).
 */
function cyclesAcrossLineage(tree: LineageUnit, own: readonly CycleRow[], year: number): CycleRow[] {
  const mine = own.filter((row) => isOwnYear(tree, row.year));
  if (tree.firstYear === null) return mine;
  const earlier: CycleRow[] = [];
  for (let y = Math.min(year, tree.firstYear - 1); y >= year - 40; y -= 1) {
    if (countsAsRecognised(tree, y)) earlier.push({ communeCode: tree.unit.code, year: y, state: 'RECOGNISED', updatedAt: new Date(0) });
  }
  return [...earlier.reverse(), ...mine];
}

/**
 * Everything a scope's figures need for a year: its communes (one unit per code: the one the year
 * stands for), their cycles up to the year across lineage, the districts of the map of 31 December
 * (none on the two-tier map), the reporting line of the year, and the targets.
 */
async function scopeData(ctx: LdtbxhContext, provinceCode: string, year: number) {
  const endOfYear = { kind: 'date', date: `${year}-12-31` } as const;
  const [province, districts, rows, reporting] = await Promise.all([
    ctx.places.provinceAt.load(inYearKey(provinceCode, year)),
    ctx.places.districtsOfProvince.load(inYearKey(provinceCode, endOfYear)),
    ctx.places.communesOfProvince.load(inYearKey(provinceCode, year)),
    reportingProcedure(ctx, year),
  ]);
  if (!province) throw badInput('provinceCode', `province ${provinceCode} is not known or did not exist in ${year}`);
  const byCode = new Map<string, CommuneRow>();
  for (const row of rows) byCode.set(row.code, row);
  const communes = [...byCode.values()];
  const ds = ctx.services.db.dataSource;
  const own = await cyclesUpTo(ds, communes.map((c) => c.code), year);
  const trees = await Promise.all(communes.map((c) => (c.validFrom === null ? Promise.resolve(null) : lineageTree(ctx, c))));
  const cycles = new Map<string, CycleRow[]>();
  communes.forEach((commune, i) => {
    const tree = trees[i];
    const list = own.get(commune.code) ?? [];
    cycles.set(commune.code, tree ? cyclesAcrossLineage(tree, list, year) : list);
  });
  // Communes report to the province directly when the year's reporting line has no district
  // level, or when the map of 31 December has no districts.
  const direct = reporting.reportingLevel === 'PROVINCE' || districts.length === 0;
  const scopes = [`province:${provinceCode}`, ...districts.map((d) => `district:${d.code}`)];
  const targets: Target[] = (await allTargets(ds, scopes)).map(targetOf);
  return { province, districts, communes, cycles, targets, direct, reporting };
}

function targetOf(row: TargetRow): Target {
  return { scope: row.scope, year: row.year, recognisedSharePct: row.recognisedSharePct, newMinPct: row.newMinPct, newMaxPct: row.newMaxPct, provisional: row.provisional, note: row.note };
}

function yearCycles(rows: readonly CycleRow[]): YearCycle[] {
  return rows.map((row) => ({ year: row.year, state: row.state as CycleStatus }));
}

function progressOf(scope: string, year: number, communes: readonly CommuneRow[], cycles: Map<string, CycleRow[]>, targets: readonly Target[]) {
  // Every year up to the one asked about has a count (0 when nobody was recognised), from the
  // first year with a cycle or three years back, whichever is earlier: the pace looks back 3 years.
  let first = year - 3;
  for (const rows of cycles.values()) for (const row of rows) first = Math.min(first, row.year);
  const recognisedByYear = new Map<number, number>(Array.from({ length: year - first + 1 }, (_, i) => [first + i, 0] as const));
  let newly = 0;
  for (const commune of communes) {
    const rows = cycles.get(commune.code) ?? [];
    for (const row of rows) if (row.state === 'RECOGNISED') recognisedByYear.set(row.year, (recognisedByYear.get(row.year) ?? 0) + 1);
    const now = rows.find((r) => r.year === year)?.state === 'RECOGNISED';
    const before = rows.find((r) => r.year === year - 1)?.state === 'RECOGNISED';
    if (now && !before) newly += 1;
  }
  const share = shareTargetFor(targets, scope, year);
  const result = progress({
    scope,
    year,
    communes: communes.length,
    recognisedByYear,
    newlyRecognised: newly,
    target: targets.find((t) => t.scope === scope && t.year === year) ?? null,
    targetYear: share?.targetYear ?? null,
    targetShare: share?.targetShare ?? null,
  });
  return { ...result, inNewBand: result.inNewBand ?? 'NO_TARGET' };
}

function countStates(communes: readonly CommuneRow[], cycles: Map<string, CycleRow[]>, year: number) {
  const counts = new Map<string, number>(STATES.map((s) => [s, 0]));
  let notRegistered = 0;
  for (const commune of communes) {
    const state = (cycles.get(commune.code) ?? []).find((r) => r.year === year)?.state;
    if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
    else notRegistered += 1;
  }
  return { byState: STATES.map((state) => ({ state, count: counts.get(state) ?? 0 })), notRegistered };
}

/** Builds a report's content from the stored cycles, their frozen assessments and the targets. */
async function buildReport(ctx: LdtbxhContext, year: number, provinceCode: string, districtCode: string | null): Promise<{ kind: ReportKind; scope: string; content: ReportContent }> {
  const data = await scopeData(ctx, provinceCode, year);
  const keys = data.communes.map((c) => `${c.code}|${year}`);
  const events = await ctx.recognition.events.loadMany(keys);
  const inputs = new Map<string, ReportCommuneInput>();
  data.communes.forEach((commune, index) => {
    const list = events[index];
    if (list instanceof Error || list === undefined) throw list ?? new Error('events not loaded');
    const snapshot = [...list].reverse().find((e) => e.snapshot !== null)?.snapshot as { status: 'COMPLETE' | 'INCOMPLETE'; eligible: boolean; total: number } | undefined;
    inputs.set(commune.code, {
      code: commune.code,
      name: commune.name,
      cycle: replay(list),
      cycles: yearCycles((data.cycles.get(commune.code) ?? []).filter((r) => r.year !== year)),
      assessment: snapshot ? { status: snapshot.status, eligible: snapshot.eligible, total: snapshot.total } : null,
    });
  });
  if (data.direct && districtCode) {
    throw badInput('districtCode', `in ${year} communes report to the province directly (procedure from ${data.reporting.validFrom}${data.reporting.levelsProvisional ? ', provisional' : ''}): there is no district report`, {
      messageVi: `năm ${year} xã báo cáo trực tiếp cấp tỉnh: không có báo cáo cấp huyện`,
    });
  }
  const districtInput = (code: string) => {
    const district = data.districts.find((d) => d.code === code);
    if (!district) throw badInput('districtCode', `district ${code} is not a district of province ${provinceCode}`);
    return { district: { code: district.code, name: district.name }, communes: data.communes.filter((c) => c.districtCode === code).map((c) => inputs.get(c.code) as ReportCommuneInput) };
  };
  const generatedAt = new Date();
  if (data.direct) {
    return {
      kind: 'PROVINCE',
      scope: `province:${provinceCode}`,
      content: provinceReportContent({ province: { code: data.province.code, name: data.province.name }, year, generatedAt, districts: [], communes: data.communes.map((c) => inputs.get(c.code) as ReportCommuneInput), targets: data.targets }),
    };
  }
  if (districtCode) {
    return { kind: 'DISTRICT', scope: `district:${districtCode}`, content: districtReportContent({ ...districtInput(districtCode), year, generatedAt, targets: data.targets }) };
  }
  return {
    kind: 'PROVINCE',
    scope: `province:${provinceCode}`,
    content: provinceReportContent({ province: { code: data.province.code, name: data.province.name }, year, generatedAt, districts: data.districts.map((d) => districtInput(d.code)), targets: data.targets }),
  };
}

function submissionView(row: { kind: string; scope: string; year: number; submittedAt: Date; submittedBy: string; content: unknown }) {
  const status = deadlineStatus({ kind: row.kind as ReportKind, year: row.year, submittedAt: row.submittedAt, now: new Date(), timeZone: 'Asia/Ho_Chi_Minh' });
  return { ...row, submittedAt: row.submittedAt.toISOString(), timeliness: status, content: JSON.stringify(row.content) };
}

function decimalPct(value: string | null | undefined, field: string, required: boolean): string | null {
  if (value === null || value === undefined) {
    if (required) throw hubError('INVALID_TARGET', `${field} is required`, { field });
    return null;
  }
  const parsed = parseDecimal(value);
  if (parsed === null || parsed.units > 100n * 10n ** BigInt(parsed.scale) || parsed.scale > 2) {
    throw hubError('INVALID_TARGET', `${field} "${value}" is not a percentage from 0 to 100 with at most 2 decimals`, { field });
  }
  return value;
}

export const recognitionResolvers = {
  Query: {
    recognitionOverview: async (_: unknown, args: { year: number; provinceCode?: string | null; country?: boolean | null }, ctx: LdtbxhContext) => {
      const { year, scope } = await resolveScope(ctx, args);
      if (scope.kind === 'country') {
        // The provinces of the year's map (31 December): the 63 of the old map, the 34 of the new.
        const [provinces, communes] = await Promise.all([ctx.services.reference.provinces({ kind: 'date', date: `${year}-12-31` }), ctx.services.reference.communesOfCountry(year)]);
        const ds = ctx.services.db.dataSource;
        const cycles = await cyclesUpTo(ds, communes.map((c) => c.code), year);
        const targets: Target[] = (await allTargets(ds, ['country', ...provinces.map((p) => `province:${p.code}`)])).map(targetOf);
        return {
          year,
          scope: 'country',
          province: progressOf('country', year, communes, cycles, targets),
          ...countStates(communes, cycles, year),
          districts: [],
          provinces: provinces.map((province) => {
            const own = communes.filter((c) => c.provinceCode === province.code);
            return { province, progress: progressOf(`province:${province.code}`, year, own, cycles, targets), ...countStates(own, cycles, year) };
          }),
        };
      }
      if (scope.kind !== 'province') throw badInput('provinceCode', 'the overview is of a province or the country');
      const data = await scopeData(ctx, scope.code, year);
      return {
        year,
        scope: `province:${scope.code}`,
        province: progressOf(`province:${scope.code}`, year, data.communes, data.cycles, data.targets),
        ...countStates(data.communes, data.cycles, year),
        districts: data.districts.map((district) => {
          const communes = data.communes.filter((c) => c.districtCode === district.code);
          return { district, progress: progressOf(`district:${district.code}`, year, communes, data.cycles, data.targets), ...countStates(communes, data.cycles, year) };
        }),
        provinces: [],
      };
    },
    rewards: async (_: unknown, args: { year: number; districtCode?: string | null; provinceCode: string }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      const data = await scopeData(ctx, args.provinceCode, year);
      const communes = data.communes.filter((c) => !args.districtCode || c.districtCode === args.districtCode);
      const lists = rewardsForYear(communes.map((c) => ({ code: c.code, name: c.name, districtCode: c.districtCode ?? '', cycles: yearCycles(data.cycles.get(c.code) ?? []) })), year);
      const byCode = new Map(communes.map((c) => [c.code, c]));
      const entry = (e: { code: string; streak: number; years: number[] }) => ({ commune: byCode.get(e.code), streak: e.streak, years: e.years });
      return { year, districtReward: lists.districtReward.map(entry), chairmanProposal: lists.chairmanProposal.map(entry) };
    },
    targets: async (_: unknown, args: { year: number; provinceCode: string }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      const districts = await ctx.places.districtsOfProvince.load(inYearKey(args.provinceCode, { kind: 'date', date: `${year}-12-31` }));
      return (await allTargets(ctx.services.db.dataSource, [`province:${args.provinceCode}`, ...districts.map((d) => `district:${d.code}`)]))
        .filter((t) => t.year === year)
        .map((t) => ({ ...t, setAt: t.setAt.toISOString() }));
    },
    report: async (_: unknown, args: { year: number; districtCode?: string | null; provinceCode: string }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      const built = await buildReport(ctx, year, args.provinceCode, args.districtCode ?? null);
      const submissions = await submissionsOf(ctx.services.db.dataSource, built.kind, built.scope, year);
      const first = submissions[0]?.submittedAt ?? null;
      return {
        kind: built.kind,
        scope: built.scope,
        year,
        deadline: reportDeadline(built.kind, year),
        status: deadlineStatus({ kind: built.kind, year, submittedAt: first, now: new Date(), timeZone: 'Asia/Ho_Chi_Minh' }),
        content: built.content,
        fileName: `bao-cao-${built.kind === 'DISTRICT' ? `huyen-${args.districtCode}` : `tinh-${args.provinceCode}`}-${year}`,
        submissions: submissions.map(submissionView),
      };
    },
    reportDeadlines: async (_: unknown, args: { year: number; provinceCode: string }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      const reporting = await reportingProcedure(ctx, year);
      const districtsOfYear = await ctx.places.districtsOfProvince.load(inYearKey(args.provinceCode, { kind: 'date', date: `${year}-12-31` }));
      // No district reports are due where communes report to the province directly.
      const districts = reporting.reportingLevel === 'PROVINCE' ? [] : districtsOfYear;
      const first = await firstSubmissions(ctx.services.db.dataSource, year);
      const now = new Date();
      const line = (kind: ReportKind, scope: string) => {
        const submittedAt = first.get(`${kind}|${scope}`) ?? null;
        return { kind, scope, year, deadline: reportDeadline(kind, year), status: deadlineStatus({ kind, year, submittedAt, now, timeZone: 'Asia/Ho_Chi_Minh' }), submittedAt: submittedAt?.toISOString() ?? null };
      };
      return [...districts.map((d) => line('DISTRICT', `district:${d.code}`)), line('PROVINCE', `province:${args.provinceCode}`)];
    },
  },
  Report: {
    content: (report: { content: ReportContent }) => JSON.stringify(report.content),
    csv: (report: { content: ReportContent }) => reportCsv(report.content),
    xlsxBase64: async (report: { content: ReportContent }) => (await reportXlsx(report.content)).toString('base64'),
  },
  Mutation: {
    registerForRecognition: (_: unknown, args: { commune: string; year: number }, ctx: LdtbxhContext) => step('REGISTER')(ctx, args.commune, args.year, {}),
    recordSelfAssessment: (_: unknown, args: { input: { commune: string; year: number } & Record<string, unknown> }, ctx: LdtbxhContext) => {
      const { commune, year, ...details } = args.input;
      return step('SELF_ASSESS')(ctx, commune, year, details);
    },
    submitToDistrict: (_: unknown, args: { commune: string; year: number }, ctx: LdtbxhContext) => step('SUBMIT')(ctx, args.commune, args.year, {}),
    recognise: (_: unknown, args: { input: { commune: string; year: number } & Record<string, unknown> }, ctx: LdtbxhContext) => {
      const { commune, year, ...details } = args.input;
      return step('RECOGNISE')(ctx, commune, year, details);
    },
    refuseRecognition: (_: unknown, args: { input: { commune: string; year: number } & Record<string, unknown> }, ctx: LdtbxhContext) => {
      const { commune, year, ...details } = args.input;
      return step('REFUSE')(ctx, commune, year, details);
    },
    revokeRecognition: (_: unknown, args: { input: { commune: string; year: number } & Record<string, unknown> }, ctx: LdtbxhContext) => {
      const { commune, year, ...details } = args.input;
      return step('REVOKE')(ctx, commune, year, details);
    },
    setTarget: async (_: unknown, args: { input: { scope: string; year: number; recognisedSharePct?: string | null; newMinPct: string; newMaxPct: string; note: string } }, ctx: LdtbxhContext) => {
      authorizeAdministration(ctx.identity, 'set targets');
      const { input } = args;
      if (!isScope(input.scope)) throw hubError('INVALID_TARGET', `scope "${input.scope}" is not province:<code> or district:<code>`, { field: 'scope' });
      const year = requireYear(input.year);
      const share = decimalPct(input.recognisedSharePct, 'recognisedSharePct', false);
      const min = decimalPct(input.newMinPct, 'newMinPct', true) ?? '0';
      const max = decimalPct(input.newMaxPct, 'newMaxPct', true) ?? '0';
      if (Number(min) > Number(max)) throw hubError('INVALID_TARGET', `newMinPct ${min} is above newMaxPct ${max}`, { field: 'newMinPct' });
      const note = input.note.normalize('NFC').trim();
      if (note === '' || note.length > 500) throw hubError('INVALID_TARGET', 'note must say where the target comes from, 1–500 characters', { field: 'note' });
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertTarget(m, { scope: input.scope, year, recognisedSharePct: share, newMinPct: min, newMaxPct: max, note, provisional: false, setBy: actor.name }),
      );
      return { ...row, setAt: row.setAt.toISOString() };
    },
    submitReport: async (_: unknown, args: { year: number; districtCode?: string | null; provinceCode: string }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      if (args.districtCode) authorizeDistrictReport(ctx.identity, args.districtCode);
      else authorizeProvinceReport(ctx.identity, args.provinceCode);
      const built = await buildReport(ctx, year, args.provinceCode, args.districtCode ?? null);
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertSubmission(m, { kind: built.kind, scope: built.scope, year, submittedBy: actor.name, content: built.content }),
      );
      return submissionView(row);
    },
  },
  CommuneYear: {
    recognition: async (parent: CommuneYearRef, _: unknown, ctx: LdtbxhContext) => {
      const row = await ctx.recognition.cycle.load(`${parent.communeCode}|${parent.year}`);
      return row ? cycleView(row) : null;
    },
    // Compared with what the decision froze (its snapshot): the set and version, total, status,
    // eligibility and, where the snapshot kept them, each criterion's points.
    changedSinceDecision: async (parent: CommuneYearRef & RequiredFields, _: unknown, ctx: LdtbxhContext) => {
      const events = await ctx.recognition.events.load(`${parent.communeCode}|${parent.year}`);
      const decision = [...events].reverse().find((e) => DECISIONS.includes(e.action));
      if (!decision) return null;
      const frozen = decision.snapshot as Partial<AssessmentSnapshot> | null;
      if (!frozen) return null;
      const now = await assessCommuneYear(ctx, { ...parent, at: '' });
      const criteria = (list: readonly { number: number; points: number | null }[]) => JSON.stringify(list.map((c) => [c.number, c.points]));
      return (
        frozen.criteriaSet?.id !== now.criteriaSet.id ||
        frozen.criteriaSet?.version !== now.criteriaSet.version ||
        frozen.total !== now.total ||
        frozen.status !== now.status ||
        frozen.eligible !== now.eligible ||
        (frozen.criteria !== undefined && criteria(frozen.criteria) !== criteria(now.criteria))
      );
    },
  },
  RecognitionCycle: {
    commune: (cycle: { communeCode: string }, _: unknown, ctx: LdtbxhContext) => ctx.places.communeByCode.load(cycle.communeCode),
    history: async (cycle: { communeCode: string; year: number }, _: unknown, ctx: LdtbxhContext) =>
      (await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`)).map(eventView),
    selfAssessment: async (cycle: { communeCode: string; year: number }, _: unknown, ctx: LdtbxhContext) => {
      const found = [...(await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`))].reverse().find((e) => e.action === 'SELF_ASSESS');
      return found ? eventView(found) : null;
    },
    decision: async (cycle: { communeCode: string; year: number }, _: unknown, ctx: LdtbxhContext) => {
      const found = [...(await ctx.recognition.events.load(`${cycle.communeCode}|${cycle.year}`))].reverse().find((e) => DECISIONS.includes(e.action));
      return found ? eventView(found) : null;
    },
  },
  Commune: {
    years: (commune: CommuneRow, args: { from: number; to: number }): CommuneYearRef[] => {
      const from = requireYear(args.from);
      const to = requireYear(args.to);
      if (to < from || to - from > 30) throw badInput('to', 'to must be from `from` to `from` + 30');
      return Array.from({ length: to - from + 1 }, (_, i) => ({ communeCode: commune.code, year: from + i }));
    },
    // The streak of the unit that stands for the year (this one when it covers the year), across
    // lineage under the policy of the procedure in force on the unit's first day.
    recognitionStreak: async (commune: CommuneRow, args: { year: number }, ctx: LdtbxhContext) => {
      const year = requireYear(args.year);
      const unit = validInYear(commune, year) ? commune : ((await ctx.places.communeAt.load(inYearKey(commune.code, year))) ?? commune);
      if (unit.validFrom === null) return streakEndingAt(yearCycles(await ctx.recognition.cyclesOfCommune.load(unit.code)), year);
      return lineageStreak(await lineageTree(ctx, unit), year);
    },
    // A trend across the change: the unit's own years, and before them its predecessors' years
    // shown as such (each predecessor's own CommuneYear, with the kind of link).
    trend: async (commune: CommuneRow, args: { from: number; to: number }, ctx: LdtbxhContext) => {
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
          units: units.map((u) => ({ commune: u.unit, kind: own ? null : u.kind, communeYear: { communeCode: u.unit.code, year } })),
          countsAsRecognised: countsAsRecognised(tree, year),
          lineagePolicy: tree.policy,
        };
      });
    },
  },
};
