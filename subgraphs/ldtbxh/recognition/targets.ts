/**
 * Targets of plan 965/KH-UBND §II.2 and the progress of a province or district towards them.
 *
 * From the plan (confirmed): every year 3 to 5 % of all communes newly recognised ("hằng năm xét
 * công nhận mới từ 3 đến 5 %"); 80 % of communes recognised by 2020 ("phấn đấu đến năm 2020,
 * 80 %"). The plan sets province-wide targets for 2017–2020 only; districts set their own each
 * year (§V.11.b) and report next year's target (§VI.1). Defaults beyond that are marked
 * provisional (docs/recognition.md §6).
 *
 * Every share is computed on integers (BigInt): "80 % of 65 communes" is reached by 52 because
 * 52 × 100 ≥ 80 × 65. Rendered percentages have one decimal, rounded half up by the hub's one rule
 * (shared/format.ts: 51 of 65 = 78.46… → "78.5"); whether a target is reached is decided on the
 * exact counts, never on the rendered figure. Pure.
 */
import { compareDecimals, parseDecimal } from '../../../shared/criteria/scoring';
import { roundedPercent } from '../../../shared/format';
import type { Decimal } from '../../../shared/criteria/scoring';

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

/**
 * The share target a scope works towards in `year`: the earliest target of the scope, in that
 * year or later, with a `recognisedSharePct`; `null` when there is none (e.g. after 2020 with the
 * defaults). Feeds `targetYear` / `targetShare` of {@link progress}.
 */
export function shareTargetFor(
  targets: readonly Target[],
  scope: string,
  year: number,
): { targetYear: number; targetShare: string } | null {
  let best: Target | null = null;
  for (const target of targets) {
    if (target.scope !== scope || target.year < year || target.recognisedSharePct === null) continue;
    if (best === null || target.year < best.year) best = target;
  }
  return best === null || best.recognisedSharePct === null
    ? null
    : { targetYear: best.year, targetShare: best.recognisedSharePct };
}

/** What {@link progress} needs. */
export interface ProgressInput {
  scope: string;
  year: number;
  /** Communes existing in the scope in `year` (> 0). */
  communes: number;
  /** Recognised communes of the scope per year; must hold `year`; earlier years give the pace. */
  recognisedByYear: ReadonlyMap<number, number>;
  /** Communes recognised in `year` and not recognised in `year − 1`. */
  newlyRecognised: number;
  /** The targets of `year` (for the new band); `null` = none. */
  target: Target | null;
  /** The year the share target is for (e.g. 2020); `null` = no share target. */
  targetYear: number | null;
  /** The share target (decimal string, e.g. `"80"`); `null` = no share target. */
  targetShare: string | null;
}

/** Where a scope stands against its share target. */
export type ProgressStatus = 'ACHIEVED' | 'ON_TRACK' | 'BEHIND' | 'NO_TARGET';

/** Where the newly recognised share falls against the band. */
export type BandPosition = 'BELOW' | 'WITHIN' | 'ABOVE';

/** The result of {@link progress}. JSON-shaped. */
export interface Progress {
  scope: string;
  year: number;
  communes: number;
  recognised: number;
  newlyRecognised: number;
  /** recognised / communes × 100, one decimal, truncated: `"80.0"`, `"78.4"`. */
  sharePct: string;
  /** The share target as given, or `null`. */
  targetSharePct: string | null;
  targetYear: number | null;
  /** Smallest recognised count that reaches the share target with `communes`; `null` without one. */
  requiredForTarget: number | null;
  /** newlyRecognised / communes × 100, one decimal, truncated. */
  newPct: string;
  newMinPct: string | null;
  newMaxPct: string | null;
  /** Against the band, bounds included in WITHIN; `null` when there is no target for the year. */
  inNewBand: BandPosition | null;
  status: ProgressStatus;
  /**
   * The mean yearly change of the recognised count: `change` over `years` (1 to 3) consecutive
   * years ending at `year`; `null` when `year − 1` is not in `recognisedByYear`.
   */
  pace: { change: number; years: number; fromYear: number } | null;
  /**
   * The year the pace reaches the share target: `year` when it is already reached; `null` when
   * there is no target, no pace, or the pace is ≤ 0 and the target is not reached.
   */
  projectedYear: number | null;
  /** Whether the target used is provisional. */
  provisional: boolean;
  /** English, with the figures. */
  explanation: string;
  /** Vietnamese, with the figures. */
  explanationVi: string;
}

function assertCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
}

function percentDecimal(text: string, name: string): Decimal {
  const decimal = parseDecimal(text);
  if (decimal === null || decimal.units > 100n * 10n ** BigInt(decimal.scale)) {
    throw new RangeError(`${name} must be a decimal percentage from 0 to 100, got ${JSON.stringify(text)}`);
  }
  return decimal;
}

/** Sign of count / communes × 100 − pct, exactly. */
function compareShare(count: number, communes: number, pct: Decimal): -1 | 0 | 1 {
  const left = BigInt(count) * 100n * 10n ** BigInt(pct.scale);
  const right = pct.units * BigInt(communes);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** count / communes × 100 with one decimal, rounded half up (shared/format.ts). */
export function formatShare(count: number, communes: number): string {
  assertCount(count, 'count');
  assertCount(communes, 'communes');
  if (communes === 0) throw new RangeError('communes must be positive to form a share');
  return roundedPercent(count, communes, 1);
}

/** Smallest count with count / communes × 100 ≥ pct. */
function requiredCount(communes: number, pct: Decimal): number {
  const denominator = 100n * 10n ** BigInt(pct.scale);
  const numerator = pct.units * BigInt(communes);
  return Number((numerator + denominator - 1n) / denominator);
}

const vi = (decimal: string): string => decimal.replace('.', ',');

/**
 * Progress of a scope in a year:
 *
 * - `sharePct` and `newPct` exact to one decimal (truncated); `inNewBand` compares the exact
 *   newly recognised share with `[newMinPct, newMaxPct]`, bounds WITHIN;
 * - `pace` = (recognised in Y − recognised in Y−k) / k, k = the number of consecutive earlier
 *   years available, at most 3;
 * - `status`: NO_TARGET without `targetYear` and `targetShare`; ACHIEVED when
 *   recognised × 100 ≥ share × communes (exactly); otherwise BEHIND when Y ≥ the target year (the
 *   year has come and the share is not reached); otherwise ON_TRACK when `projectedYear` ≤
 *   the target year, BEHIND when it is later or `null`;
 * - `projectedYear` = Y + n for the smallest n ≥ 1 with recognised + n × pace ≥ the required
 *   count, assuming the number of communes stays as in Y.
 *
 * @throws RangeError when `communes` is not positive, a count is not a non-negative integer, a
 *   recognised count exceeds `communes`, `recognisedByYear` lacks `year`, a percentage is not a
 *   decimal in 0..100, the band's minimum exceeds its maximum, or only one of `targetYear` and
 *   `targetShare` is given.
 */
export function progress(input: ProgressInput): Progress {
  const { scope, year, communes, newlyRecognised, target, targetYear, targetShare } = input;
  if (scope !== 'country' && !isScope(scope)) throw new RangeError(`scope must be country, province:<code> or district:<code>, got ${scope}`);
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${String(year)}`);
  assertCount(communes, 'communes');
  if (communes === 0) throw new RangeError(`${scope}, ${year}: communes must be positive`);
  const recognised = input.recognisedByYear.get(year);
  if (recognised === undefined) throw new RangeError(`${scope}: recognisedByYear has no count for ${year}`);
  for (const [y, count] of input.recognisedByYear) assertCount(count, `recognised count of ${y}`);
  if (recognised > communes) throw new RangeError(`${scope}, ${year}: ${recognised} recognised of ${communes} communes`);
  assertCount(newlyRecognised, 'newlyRecognised');
  if (newlyRecognised > recognised) {
    throw new RangeError(`${scope}, ${year}: ${newlyRecognised} newly recognised but only ${recognised} recognised`);
  }
  if ((targetYear === null) !== (targetShare === null)) {
    throw new RangeError('targetYear and targetShare are given together or not at all');
  }
  if (targetYear !== null && !Number.isInteger(targetYear)) {
    throw new RangeError(`targetYear must be an integer, got ${String(targetYear)}`);
  }

  const sharePct = formatShare(recognised, communes);
  const newPct = formatShare(newlyRecognised, communes);

  let inNewBand: BandPosition | null = null;
  if (target !== null) {
    const min = percentDecimal(target.newMinPct, 'newMinPct');
    const max = percentDecimal(target.newMaxPct, 'newMaxPct');
    if (compareDecimals(min, max) > 0) {
      throw new RangeError(`newMinPct ${target.newMinPct} is above newMaxPct ${target.newMaxPct}`);
    }
    inNewBand =
      compareShare(newlyRecognised, communes, min) < 0
        ? 'BELOW'
        : compareShare(newlyRecognised, communes, max) > 0
          ? 'ABOVE'
          : 'WITHIN';
  }

  let k = 0;
  while (k < 3 && input.recognisedByYear.has(year - k - 1)) k += 1;
  const earlier = input.recognisedByYear.get(year - k);
  const pace = k > 0 && earlier !== undefined ? { change: recognised - earlier, years: k, fromYear: year - k } : null;

  let status: ProgressStatus = 'NO_TARGET';
  let projectedYear: number | null = null;
  let requiredForTarget: number | null = null;
  if (targetYear !== null && targetShare !== null) {
    const share = percentDecimal(targetShare, 'targetShare');
    requiredForTarget = requiredCount(communes, share);
    if (compareShare(recognised, communes, share) >= 0) {
      status = 'ACHIEVED';
      projectedYear = year;
    } else {
      if (pace !== null && pace.change > 0) {
        // Smallest n with recognised + n × change / years ≥ required.
        const gap = BigInt(requiredForTarget - recognised) * BigInt(pace.years);
        const change = BigInt(pace.change);
        projectedYear = year + Number((gap + change - 1n) / change);
      }
      status = year < targetYear && projectedYear !== null && projectedYear <= targetYear ? 'ON_TRACK' : 'BEHIND';
    }
  }

  const result: Omit<Progress, 'explanation' | 'explanationVi'> = {
    scope,
    year,
    communes,
    recognised,
    newlyRecognised,
    sharePct,
    targetSharePct: targetShare,
    targetYear,
    requiredForTarget,
    newPct,
    newMinPct: target?.newMinPct ?? null,
    newMaxPct: target?.newMaxPct ?? null,
    inNewBand,
    status,
    pace,
    projectedYear,
    provisional: target?.provisional === true,
  };
  return { ...result, explanation: explainEn(result), explanationVi: explainVi(result) };
}

function explainEn(p: Omit<Progress, 'explanation' | 'explanationVi'>): string {
  const parts: string[] = [`${p.year}: ${p.recognised} of ${p.communes} communes recognised (${p.sharePct} %).`];
  const paceText =
    p.pace === null
      ? null
      : `${p.pace.change >= 0 ? '+' : ''}${p.pace.change} over ${p.pace.years} year${p.pace.years === 1 ? '' : 's'} (${p.pace.fromYear}–${p.year})`;
  if (p.status === 'NO_TARGET') {
    parts.push('No share target applies.');
  } else {
    const goal = `${p.targetSharePct} % by ${p.targetYear} (${p.requiredForTarget} communes)`;
    if (p.status === 'ACHIEVED') {
      parts.push(`Target ${goal}: achieved.`);
    } else if (p.targetYear !== null && p.year >= p.targetYear) {
      parts.push(`Target ${goal}: not reached by the target year, behind.`);
    } else if (paceText === null) {
      parts.push(`Target ${goal}: no earlier year to measure a pace, behind.`);
    } else if (p.projectedYear === null) {
      parts.push(`Target ${goal}: pace ${paceText} does not grow the count, behind.`);
    } else {
      parts.push(
        `Target ${goal}: at the pace of ${paceText} it is reached in ${p.projectedYear}, ` +
          (p.status === 'ON_TRACK' ? 'on track.' : 'after the target year, behind.'),
      );
    }
  }
  if (p.inNewBand !== null) {
    const position = p.inNewBand === 'BELOW' ? 'below' : p.inNewBand === 'ABOVE' ? 'above' : 'within';
    parts.push(`Newly recognised: ${p.newlyRecognised} (${p.newPct} %), ${position} the ${p.newMinPct}–${p.newMaxPct} % band.`);
  }
  if (p.provisional) parts.push('The target is provisional.');
  return parts.join(' ');
}

function explainVi(p: Omit<Progress, 'explanation' | 'explanationVi'>): string {
  const parts: string[] = [
    `Năm ${p.year}: ${p.recognised}/${p.communes} xã, phường, thị trấn đạt chuẩn phù hợp với trẻ em (${vi(p.sharePct)}%).`,
  ];
  const paceText =
    p.pace === null
      ? null
      : `${p.pace.change >= 0 ? 'tăng' : 'giảm'} ${Math.abs(p.pace.change)} xã trong ${p.pace.years} năm (${p.pace.fromYear}–${p.year})`;
  if (p.status === 'NO_TARGET') {
    parts.push('Không có chỉ tiêu tỷ lệ.');
  } else {
    const goal = `${vi(p.targetSharePct ?? '')}% đến năm ${p.targetYear} (${p.requiredForTarget} xã)`;
    if (p.status === 'ACHIEVED') {
      parts.push(`Chỉ tiêu ${goal}: đã đạt.`);
    } else if (p.targetYear !== null && p.year >= p.targetYear) {
      parts.push(`Chỉ tiêu ${goal}: không đạt đúng hạn, chậm tiến độ.`);
    } else if (paceText === null) {
      parts.push(`Chỉ tiêu ${goal}: chưa có số liệu năm trước để tính tốc độ, chậm tiến độ.`);
    } else if (p.projectedYear === null) {
      parts.push(`Chỉ tiêu ${goal}: số xã đạt chuẩn ${paceText}, không tăng, chậm tiến độ.`);
    } else {
      parts.push(
        `Chỉ tiêu ${goal}: với tốc độ ${paceText}, dự kiến đạt năm ${p.projectedYear}, ` +
          (p.status === 'ON_TRACK' ? 'đúng tiến độ.' : 'sau năm chỉ tiêu, chậm tiến độ.'),
      );
    }
  }
  if (p.inNewBand !== null) {
    const position = p.inNewBand === 'BELOW' ? 'dưới' : p.inNewBand === 'ABOVE' ? 'vượt' : 'trong';
    parts.push(
      `Công nhận mới: ${p.newlyRecognised} xã (${vi(p.newPct)}%), ${position} mức ${vi(p.newMinPct ?? '')}–${vi(p.newMaxPct ?? '')}%.`,
    );
  }
  if (p.provisional) parts.push('Chỉ tiêu là tạm thời.');
  return parts.join(' ').normalize('NFC');
}
