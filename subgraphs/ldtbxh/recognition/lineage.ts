/**
 * A commune's recognition history across lineage. A unit formed by a reorganisation has its own
 * years (those it stands for: periodInYear) and, before them, its predecessors' years, shown as
 * such; whether a predecessors' year counts in the new unit's streak is the lineage policy of the
 * procedure in force on the unit's first day (procedure_period.lineage_policy):
 *
 * - ALL_PREDECESSORS (default, provisional): the year counts when every unit it was formed from
 *   (wholly or in part) was recognised that year;
 * - ANY_PREDECESSOR: when at least one was;
 * - OWN_YEARS_ONLY: never; the run starts again with the new unit.
 *
 * A predecessor's own years are read the same way, so the rule runs back through several
 * reorganisations (2024 → 2025). A predecessor the hub never stored counts as not recognised.
 */
import { periodInYear, type CommuneRow, type LineageRow } from '../../../shared/reference/reader';
import type { LdtbxhContext } from '../context';
import { procedureOn, type LineagePolicy } from '../procedure/store';

/** How a unit went into its successor (`LineageKind`). */
type LineageKind = LineageRow['kind'];

/** How deep lineage is followed (reorganisations back from a unit). */
const MAX_DEPTH = 4;

export interface LineageUnit {
  unit: CommuneRow;
  /** First and last year this period stands for its code (null: no bound). */
  firstYear: number | null;
  lastYear: number | null;
  /** Years recognised, of this unit's own years. */
  recognised: Set<number>;
  policy: LineagePolicy;
  predecessors: { kind: LineageKind; node: LineageUnit | null; code: string | null; name: string }[];
}

/** The years a period stands for: from the first year it is periodInYear of its code, to the last. */
function ownYears(
  periods: readonly CommuneRow[],
  unit: CommuneRow,
): { firstYear: number | null; lastYear: number | null } {
  const from = unit.validFrom === null ? null : Number(unit.validFrom.slice(0, 4));
  const to = unit.validTo === null ? null : Number(unit.validTo.slice(0, 4));
  let firstYear = from;
  let lastYear = to;
  if (from !== null && periodInYear(periods, from)?.id !== unit.id) firstYear = from + 1;
  if (to !== null && periodInYear(periods, to)?.id !== unit.id) lastYear = to - 1;
  return { firstYear, lastYear };
}

/** Loads a unit's lineage tree (batched per level through the request's loaders). */
export async function lineageTree(ctx: LdtbxhContext, unit: CommuneRow, depth = 0): Promise<LineageUnit> {
  const [periods, cycles, links, procedure] = await Promise.all([
    ctx.places.communePeriods.load(unit.code),
    ctx.recognition.cyclesOfCommune.load(unit.code),
    depth < MAX_DEPTH ? ctx.places.linksInto.load(unit.id) : Promise.resolve([]),
    ctx.procedure.load('now'),
  ]);
  const { firstYear, lastYear } = ownYears(periods, unit);
  const own = (year: number) => (firstYear === null || year >= firstYear) && (lastYear === null || year <= lastYear);
  const recognised = new Set(cycles.filter((c) => c.state === 'RECOGNISED' && own(c.year)).map((c) => c.year));
  const policy = procedureOn(procedure, unit.validFrom ?? '2000-01-01').lineagePolicy;
  const predecessors = await Promise.all(
    links.map(async (link) => {
      const from = link.oldCommuneId === null ? null : await ctx.places.communeById.load(link.oldCommuneId);
      return {
        kind: link.kind,
        code: link.oldCode,
        name: link.oldName,
        node: from ? await lineageTree(ctx, from, depth + 1) : null,
      };
    }),
  );
  return { unit, firstYear, lastYear, recognised, policy, predecessors };
}

/** Whether `year` is one of the unit's own years. */
export function isOwnYear(node: LineageUnit, year: number): boolean {
  return (node.firstYear === null || year >= node.firstYear) && (node.lastYear === null || year <= node.lastYear);
}

/** Whether `year` counts as recognised for the unit: its own cycle, or its predecessors' under the policy. Pure. */
export function countsAsRecognised(node: LineageUnit, year: number): boolean {
  if (isOwnYear(node, year)) return node.recognised.has(year);
  if (node.firstYear === null || year >= node.firstYear) return false;
  if (node.policy === 'OWN_YEARS_ONLY' || node.predecessors.length === 0) return false;
  const each = node.predecessors.map((p) => (p.node ? countsAsRecognised(p.node, year) : false));
  return node.policy === 'ALL_PREDECESSORS' ? each.every(Boolean) : each.some(Boolean);
}

/** Consecutive years ending at `year` that count as recognised. Pure. */
export function lineageStreak(node: LineageUnit, year: number): number {
  let streak = 0;
  while (streak < 100 && countsAsRecognised(node, year - streak)) streak += 1;
  return streak;
}

/**
 * The units that stand for `year` in the unit's trend: itself for its own years, else the
 * predecessors (followed back until one owns the year), with the kind of the link (PART when any
 * link on the way is a part). Pure.
 */
export function unitsOfYear(
  node: LineageUnit,
  year: number,
  kind: LineageKind | null = null,
): { unit: CommuneRow; kind: LineageKind | null }[] {
  if (isOwnYear(node, year)) return [{ unit: node.unit, kind }];
  if (node.firstYear === null || year >= node.firstYear) return [];
  return node.predecessors.flatMap((p) =>
    p.node ? unitsOfYear(p.node, year, kind === 'PART' || p.kind === 'PART' ? 'PART' : p.kind) : [],
  );
}

/** The years of a streak, as cycles, for the reward rules (rewardsForYear). Pure. */
export function lineageCycles(node: LineageUnit, year: number): { year: number; state: 'RECOGNISED' }[] {
  const streak = lineageStreak(node, year);
  return Array.from({ length: streak }, (_, i) => ({ year: year - i, state: 'RECOGNISED' as const }));
}
