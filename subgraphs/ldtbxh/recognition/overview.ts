/**
 * The figures of a scope and year that the overview, the rewards and the reports all read: the
 * communes of the map in force, their cycles across lineage, the targets, the progress against
 * them and the count of communes by state.
 */
import { badInput } from '../../../shared/errors';
import type { CommuneRow } from '../../../shared/reference/reader';
import type { CycleStatus } from './cycle';
import type { YearCycle } from './streaks';
import { progress, shareTargetFor, type Target } from './targets';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { checkYear } from '../places/resolvers';
import { reportingProcedure } from '../procedure/place';
import { countsAsRecognised, isOwnYear, lineageTree, type LineageUnit } from './lineage';
import { allTargets, cyclesUpTo, type CycleRow, type TargetRow } from './store';

/** Every state a cycle can be in, in the order of the procedure. */
export const STATES: CycleStatus[] = ['REGISTERED', 'SELF_ASSESSED', 'SUBMITTED', 'RECOGNISED', 'NOT_RECOGNISED', 'REVOKED'];

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
    if (countsAsRecognised(tree, y)) earlier.push({ communeCode: tree.unit.code, year: y, state: 'RECOGNISED', updatedAt: new Date(0) });
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

export function targetOf(row: TargetRow): Target {
  return { scope: row.scope, year: row.year, recognisedSharePct: row.recognisedSharePct, newMinPct: row.newMinPct, newMaxPct: row.newMaxPct, provisional: row.provisional, note: row.note };
}

export function yearCycles(rows: readonly CycleRow[]): YearCycle[] {
  return rows.map((row) => ({ year: row.year, state: row.state as CycleStatus }));
}

export function progressOf(scope: string, year: number, communes: readonly CommuneRow[], cycles: Map<string, CycleRow[]>, targets: readonly Target[]) {
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

