/**
 * The figures of a scope and year that the overview, the rewards and the reports all read: the
 * communes of the map in force, their cycles across lineage, the targets (the plan's bands and the
 * levels' own), the progress against them — recognition/growth.ts, the one computation — and the
 * count of communes by state.
 */
import { badInput } from '../../../shared/errors';
import type { CommuneRow } from '../../../shared/reference/reader';
import { CYCLE_STATUSES, type CycleStatus } from './cycle';
import type { YearCycle } from './streaks';
import { roundedPercent } from '../../../shared/format';
import { recordsFrom, scopeProgress, targetsFor, type OwnTargetRecord } from './growth';
import { levelTargets, type LevelTargetRow } from './records-store';
import type { Target } from './targets';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { checkYear } from '../places/resolvers';
import { reportingProcedure } from '../procedure/place';
import { countsAsRecognised, isOwnYear, lineageTree, type LineageUnit } from './lineage';
import { allTargets, cyclesUpTo, type CycleRow, type TargetRow } from './store';

/** Every state a cycle can be in, in the order of the procedure. */
export const STATES: readonly CycleStatus[] = CYCLE_STATUSES;

/** The year argument of a query, checked. @throws BAD_USER_INPUT naming `year`. */
export function requireYear(year: number): number {
  const checked = checkYear(year);
  if (checked === null) throw badInput('year', 'year is required');
  return checked;
}

/**
 * A unit's cycles as its streaks and counts read them: its own years' cycles, and before its first
 * year the years its predecessors make count under the lineage policy (recognition/lineage.ts).
 */
export function cyclesAcrossLineage(tree: LineageUnit, own: readonly CycleRow[], year: number): CycleRow[] {
  const mine = own.filter((row) => isOwnYear(tree, row.year));
  if (tree.firstYear === null) return mine;
  const earlier: CycleRow[] = [];
  for (let y = Math.min(year, tree.firstYear - 1); y >= year - 40; y -= 1) {
    if (countsAsRecognised(tree, y))
      earlier.push({ communeCode: tree.unit.code, year: y, state: 'RECOGNISED', updatedAt: new Date(0) });
  }
  return [...earlier.reverse(), ...mine];
}

/**
 * Everything a scope's figures need for a year: its communes (one unit per code: the one the year
 * stands for), their cycles up to the year across lineage, the districts of the map of 31 December
 * (none on the two-tier map), the reporting line of the year, and the targets.
 */
export async function scopeData(ctx: LdtbxhContext, provinceCode: string, year: number) {
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
  const own = await cyclesUpTo(
    ds,
    communes.map((c) => c.code),
    year,
  );
  const trees = await Promise.all(
    communes.map((c) => (c.validFrom === null ? Promise.resolve(null) : lineageTree(ctx, c))),
  );
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
  const [bands, levels] = await Promise.all([allTargets(ds, scopes), levelTargets(ds, scopes)]);
  const targets: Target[] = bands.map(targetOf);
  const records: ProgressRecords = {
    targets,
    ownTargets: levels.map(ownTargetOf),
    recordsFrom: firstRecordedYear(cycles),
  };
  return { province, districts, communes, cycles, targets, records, direct, reporting };
}

/** The scopes of a province's targets in a year: the province, then the districts of its map of 31 December. */
export async function provinceScopes(ctx: LdtbxhContext, provinceCode: string, year: number): Promise<string[]> {
  const districts = await ctx.places.districtsOfProvince.load(
    inYearKey(provinceCode, { kind: 'date', date: `${year}-12-31` }),
  );
  return [`province:${provinceCode}`, ...districts.map((d) => `district:${d.code}`)];
}

/** What every scope's progress of a province (or the country) is measured with. */
export interface ProgressRecords {
  targets: readonly Target[];
  ownTargets: readonly OwnTargetRecord[];
  /** The first year of the province's (the country's) records: the same for every scope of it. */
  recordsFrom: number | null;
}

export function ownTargetOf(row: LevelTargetRow): OwnTargetRecord {
  return {
    scope: row.scope,
    year: row.year,
    level: row.level,
    newCount: row.newCount,
    recognisedCount: row.recognisedCount,
    note: row.note,
    setBy: row.setBy,
    setAt: row.setAt.toISOString(),
  };
}

/** The first year with any cycle among the loaded communes (all of a province's, or the country's). */
export function firstRecordedYear(cycles: ReadonlyMap<string, readonly CycleRow[]>): number | null {
  return recordsFrom([...cycles.entries()].map(([code, rows]) => ({ code, cycles: rows })));
}

export function targetOf(row: TargetRow): Target {
  return {
    scope: row.scope,
    year: row.year,
    recognisedSharePct: row.recognisedSharePct,
    newMinPct: row.newMinPct,
    newMaxPct: row.newMaxPct,
    provisional: row.provisional,
    note: row.note,
  };
}

export function yearCycles(rows: readonly CycleRow[]): YearCycle[] {
  return rows.map((row) => ({ year: row.year, state: row.state as CycleStatus }));
}

/**
 * The progress of a scope (recognition/growth.ts) as the graph's Progress shows it: with the
 * deprecated `newPct` (first-ever and returns together) and `inNewBand` (the net change's position).
 */
export function progressOf(
  scope: string,
  year: number,
  communes: readonly CommuneRow[],
  cycles: ReadonlyMap<string, readonly CycleRow[]>,
  records: ProgressRecords,
) {
  const p = scopeProgress({
    scope,
    year,
    communes: communes.map((c) => ({ code: c.code, cycles: cycles.get(c.code) ?? [] })),
    recordsFrom: records.recordsFrom,
    ...targetsFor(scope, year, records.targets, records.ownTargets),
  });
  return {
    ...p,
    newPct: p.newlyRecognised === null ? null : roundedPercent(p.newlyRecognised, p.communes, 1),
    inNewBand: p.netChange.position,
  };
}

export function countStates(communes: readonly CommuneRow[], cycles: Map<string, CycleRow[]>, year: number) {
  const counts = new Map<string, number>(STATES.map((s) => [s, 0]));
  let notRegistered = 0;
  for (const commune of communes) {
    const state = (cycles.get(commune.code) ?? []).find((r) => r.year === year)?.state;
    if (state) counts.set(state, (counts.get(state) ?? 0) + 1);
    else notRegistered += 1;
  }
  return { byState: STATES.map((state) => ({ state, count: counts.get(state) ?? 0 })), notRegistered };
}
