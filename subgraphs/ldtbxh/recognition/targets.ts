/**
 * Targets of plan 965/KH-UBND §II.2: the band of growth a year and the share recognised by a year.
 * Progress towards them is recognition/growth.ts (the one computation of the overview, the reports
 * and the dashboard); a level's own targets (a number of communes) are recognition/records-store.ts.
 *
 * From the plan (confirmed): every year 3 to 5 % of all communes newly recognised ("hằng năm xét
 * công nhận mới từ 3 đến 5 %"); 80 % of communes recognised by 2020 ("phấn đấu đến năm 2020,
 * 80 %"). The plan sets province-wide targets for 2017–2020 only; districts set their own each
 * year (§V.11.b) and report next year's target (§VI.1). Defaults beyond that are marked
 * provisional (docs/recognition.md §6).
 *
 * Pure.
 */

/**
 * The targets of one scope and year. Percentages are plain decimal strings (`"80"`, `"3"`,
 * `"2.5"`), 0 to 100.
 */
export interface Target {
  /** `province:<code>` or `district:<code>`, e.g. `province:58`, `district:584`. */
  scope: string;
  year: number;
  /** Share of all communes recognised by this year; `null` = no share target for the year. */
  recognisedSharePct: string | null;
  /** The band of communes newly recognised in the year, as a share of all communes. */
  newMinPct: string;
  newMaxPct: string;
  /** True when any number is not from the plan (a default carried to a district or another year). */
  provisional?: boolean;
  /** Where the numbers come from, for people. */
  note?: string;
}

/** First and last year of plan 965/KH-UBND (issued 22/03/2017, "đến năm 2020"). */
export const PLAN_YEARS = Object.freeze({ from: 2017, to: 2020 });
/** The plan's share target: 80 % recognised by 2020. */
export const PLAN_SHARE_TARGET = Object.freeze({ year: 2020, sharePct: '80' });
/** The plan's yearly band of newly recognised communes: 3 to 5 %. */
export const PLAN_NEW_BAND = Object.freeze({ minPct: '3', maxPct: '5' });

const SCOPE = /^(province|district):([0-9]+)$/;

/** True iff `scope` is `province:<digits>`, `district:<digits>` or `country` (the whole country, which has no target of its own). */
export function isScope(scope: string): boolean {
  return scope === 'country' || SCOPE.test(scope);
}

/**
 * Default targets for every scope × year, in that order:
 *
 * | scope | years | new band | share | provisional |
 * |---|---|---|---|---|
 * | province | 2017–2020 | 3–5 % (plan §II.2) | 80 in 2020 (plan §II.2), else null | no |
 * | province | other years | 3–5 % carried from the plan | null | yes |
 * | district | any | as the province | as the province | yes (the plan sets no district targets) |
 *
 * @throws RangeError for a scope that is not `province:<code>` / `district:<code>` or a year
 *   that is not an integer.
 */
export function DEFAULT_TARGETS(scopes: readonly string[], years: readonly number[]): Target[] {
  const targets: Target[] = [];
  for (const scope of scopes) {
    const match = SCOPE.exec(scope);
    if (match === null) throw new RangeError(`scope must be province:<code> or district:<code>, got ${scope}`);
    const district = match[1] === 'district';
    for (const year of years) {
      if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${String(year)}`);
      const inPlan = year >= PLAN_YEARS.from && year <= PLAN_YEARS.to;
      const share = year === PLAN_SHARE_TARGET.year ? PLAN_SHARE_TARGET.sharePct : null;
      const provisional = district || !inPlan;
      const notes: string[] = [];
      notes.push(
        inPlan
          ? `plan 965/KH-UBND §II.2: ${PLAN_NEW_BAND.minPct}–${PLAN_NEW_BAND.maxPct} % newly recognised every year` +
              (share === null ? '' : `, ${share} % recognised by ${PLAN_SHARE_TARGET.year}`)
          : `the plan's ${PLAN_NEW_BAND.minPct}–${PLAN_NEW_BAND.maxPct} % band carried to ${year}, outside the plan's years ${PLAN_YEARS.from}–${PLAN_YEARS.to}`,
      );
      if (district) notes.push('province-wide target applied to the district until the district records its own');
      targets.push({
        scope,
        year,
        recognisedSharePct: share,
        newMinPct: PLAN_NEW_BAND.minPct,
        newMaxPct: PLAN_NEW_BAND.maxPct,
        provisional,
        note: notes.join('; '),
      });
    }
  }
  return targets;
}
