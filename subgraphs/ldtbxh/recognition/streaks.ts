/**
 * Consecutive recognised years and the reward lists of plan 965/KH-UBND §V.11.d (funded under
 * §IV.2): a district rewards communes recognised 3 years in a row and proposes communes
 * recognised 5 years in a row for a reward by the provincial Chairman.
 *
 * A year counts only when the commune's cycle of that year is, as of now, RECOGNISED. A year
 * with no cycle, or a cycle in any other state (REVOKED included), ends the run. The rule for
 * "due" (docs/recognition.md §5): a reward per **completed** run — the streak ending at the year
 * is a positive multiple of 3 (district reward) or of 5 (Chairman proposal) — so a commune is
 * not listed again in every later year of the same run. Pure.
 */
import type { CycleStatus } from './cycle';
import { compareUnitCodes } from '../codes';

/** A commune's cycle of one year, reduced to its current state. */
export interface YearCycle {
  year: number;
  state: CycleStatus;
}

/** A commune with its cycles (only the years that have one), for {@link rewardsForYear}. */
export interface CommuneCycles {
  /** Official 5-digit code. */
  code: string;
  name: string;
  districtCode: string;
  cycles: readonly YearCycle[];
}

/** One commune due a reward in a year. */
export interface RewardEntry {
  code: string;
  name: string;
  districtCode: string;
  /** Consecutive recognised years ending at the year (a positive multiple of 3 or 5). */
  streak: number;
  /** The years of the streak, oldest first; the last is the year asked about. */
  years: number[];
}

/** Who is due what in a year. Each list sorted by district code, then commune code. */
export interface RewardLists {
  /** Streak a positive multiple of 3: a reward by the district (khen thưởng cấp huyện). */
  districtReward: RewardEntry[];
  /** Streak a positive multiple of 5: proposed to the provincial Chairman. */
  chairmanProposal: RewardEntry[];
}

/** Run length for a district reward. */
export const DISTRICT_REWARD_RUN = 3;
/** Run length for a proposal to the provincial Chairman. */
export const CHAIRMAN_PROPOSAL_RUN = 5;

function recognisedYears(cycles: readonly YearCycle[]): Set<number> {
  const seen = new Set<number>();
  const recognised = new Set<number>();
  for (const cycle of cycles) {
    if (!Number.isInteger(cycle.year)) throw new RangeError(`cycle year must be an integer, got ${String(cycle.year)}`);
    if (seen.has(cycle.year))
      throw new RangeError(`two cycles for the year ${cycle.year}; a commune has one cycle a year`);
    seen.add(cycle.year);
    if (cycle.state === 'RECOGNISED') recognised.add(cycle.year);
  }
  return recognised;
}

/**
 * The number of consecutive years ending at `year` (inclusive) whose cycle is RECOGNISED:
 * 0 when `year` itself is not recognised. Cycles after `year` are ignored; their order in
 * the array does not matter.
 *
 * @throws RangeError when two cycles have the same year or a year is not an integer.
 */
export function streakEndingAt(cycles: readonly YearCycle[], year: number): number {
  const recognised = recognisedYears(cycles);
  let streak = 0;
  while (recognised.has(year - streak)) streak += 1;
  return streak;
}

/**
 * The reward lists of `year`: a commune is in `districtReward` when its streak ending at `year`
 * is 3, 6, 9 …, and in `chairmanProposal` when it is 5, 10, 15 … (at 15, 30 … in both). Entries
 * carry the streak and its years. Communes not due anything are left out.
 *
 * @throws RangeError as {@link streakEndingAt}.
 */
export function rewardsForYear(communes: readonly CommuneCycles[], year: number): RewardLists {
  const districtReward: RewardEntry[] = [];
  const chairmanProposal: RewardEntry[] = [];
  const sorted = [...communes].sort(
    (a, b) => compareUnitCodes(a.districtCode, b.districtCode) || compareUnitCodes(a.code, b.code),
  );
  for (const commune of sorted) {
    const streak = streakEndingAt(commune.cycles, year);
    if (streak === 0) continue;
    const entry = (): RewardEntry => ({
      code: commune.code,
      name: commune.name,
      districtCode: commune.districtCode,
      streak,
      years: Array.from({ length: streak }, (_, i) => year - streak + 1 + i),
    });
    if (streak % DISTRICT_REWARD_RUN === 0) districtReward.push(entry());
    if (streak % CHAIRMAN_PROPOSAL_RUN === 0) chairmanProposal.push(entry());
  }
  return { districtReward, chairmanProposal };
}
