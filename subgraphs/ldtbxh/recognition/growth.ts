/**
 * Progress of a scope in a year as plan 965/KH-UBND §II.2 means it — the one computation the
 * overview (`recognitionOverview`), the reports and the dashboard read.
 *
 * The plan asks that "every year 3 to 5 % of communes be newly recognised" and "80 % recognised
 * by 2020". A year's cycles change the recognised count in four ways, each shown against the band:
 *
 * - **first-ever** recognitions: recognised in the year and in no earlier year of the records;
 * - **returns**: recognised in the year, not in the year before, but in some earlier year;
 * - **drop-outs**: recognised in the year before, not in the year (refused, revoked, not registered);
 * - the **net change** = recognised now − recognised the year before = first-ever + returns −
 *   drop-outs. The net change is the growth the plan's band is judged on: a commune that comes
 *   back is not new, and a drop-out is subtracted.
 *
 * **Years without data.** The records of a province start in its first year with any cycle
 * (`recordsFrom`, given by the caller for the whole province or country, so that every scope of
 * it reads the same years): from then on a year with no cycle of a commune is a year it was not
 * recognised (0 is a count); before it the hub knows nothing, and every measure that needs such a
 * year is `null` with the position NO_DATA — never 0. The pace looks back over up to 3 years of
 * the records only.
 *
 * **A scope with every commune recognised** is not "below the band": there is nothing left to
 * recognise, and a measure that would be BELOW is ALL_RECOGNISED instead.
 *
 * Shares are rendered rounded half up to one decimal (shared/format.ts); every comparison with a
 * target is exact, on integers (52 of 65 reaches 80 % because 52 × 100 ≥ 80 × 65). Pure.
 */
import { roundedPercent } from '../../../shared/format';

const percent = (count: number, total: number): string => roundedPercent(count, total, 1);

/** A commune's cycles: the year and the state the cycle is in now (RECOGNISED counts). */
export interface GrowthCommune {
  code: string;
  cycles: readonly { year: number; state: string }[];
}

/** The plan's band of growth a year, in percent of the scope's communes (decimal strings). */
export interface GrowthBand {
  minPct: string;
  maxPct: string;
  /** True when the band is not from the plan (carried to a district or to another year). */
  provisional: boolean;
}

/** A level's own target of a year, as a number of communes (plan §V.11.b, §VI.1). */
export interface OwnTarget {
  /** Communes to add to the recognised count in the year (net growth). */
  newCount: number;
  /** Communes recognised at the end of the year; `null` when the level set none. */
  recognisedCount: number | null;
  /** Who set it: the district for its district, the province for the province. */
  level: 'DISTRICT' | 'PROVINCE';
  note: string;
  setBy: string;
  /** ISO 8601. */
  setAt: string;
}

/** What {@link scopeProgress} needs. */
export interface GrowthInput {
  /** `district:<code>`, `province:<code>` or `country`. */
  scope: string;
  year: number;
  /** The communes existing in the scope in `year` (each once), with their cycles of any years. */
  communes: readonly GrowthCommune[];
  /** First year of the records (see the module comment); `null` when nothing is recorded at all. */
  recordsFrom: number | null;
  /** The band of the year; `null` = none. */
  band: GrowthBand | null;
  /** The share target the scope works towards (e.g. 80 % by 2020); `null` = none. */
  shareTarget: { year: number; pct: string } | null;
  /** The scope's own target of the year set by its level; `null` = none recorded. */
  ownTarget: OwnTarget | null;
}

/** Where a measure stands against the band. */
export type BandPosition = 'BELOW' | 'WITHIN' | 'ABOVE' | 'ALL_RECOGNISED' | 'NO_DATA' | 'NO_TARGET';

/** Where the scope stands against its share target. */
export type ShareStatus = 'ACHIEVED' | 'ON_TRACK' | 'BEHIND' | 'NO_TARGET' | 'NO_DATA';

/** One measure of the year's growth. */
export interface GrowthMeasure {
  /** Communes; `null` when the year before has no data. Net change and drop-outs may be 0; net change may be negative. */
  count: number | null;
  /** count / communes × 100, rounded half up to one decimal (`"-1.5"`); `null` with `count`. */
  pct: string | null;
  position: BandPosition;
}

/** The result of {@link scopeProgress}. JSON-shaped. */
export interface ScopeProgress {
  scope: string;
  year: number;
  communes: number;
  recognised: number;
  /** recognised / communes × 100, rounded half up to one decimal. */
  sharePct: string;
  /** Recognised the year before; `null` when that year has no data. */
  previousRecognised: number | null;
  /** True when the year itself is in the records. */
  hasData: boolean;
  recordsFrom: number | null;
  firstEver: GrowthMeasure;
  returns: GrowthMeasure;
  dropOuts: GrowthMeasure;
  netChange: GrowthMeasure;
  /** Recognised in the year and not the year before (first-ever + returns); `null` without data. */
  newlyRecognised: number | null;
  band: GrowthBand | null;
  targetSharePct: string | null;
  targetYear: number | null;
  requiredForTarget: number | null;
  status: ShareStatus;
  /** Mean yearly change over up to 3 years of the records ending at `year`; `null` without an earlier year. */
  pace: { change: number; years: number; fromYear: number } | null;
  /** The year the pace reaches the share target (`year` once reached); `null` when it never would or cannot be told. */
  projectedYear: number | null;
  ownTarget: (OwnTarget & { newSharePct: string; recognisedSharePct: string | null; met: boolean | null }) | null;
  /** Vietnamese, with the figures, for reports and the dashboard. */
  explanationVi: string;
  /** English, the same sentences. */
  explanation: string;
}

interface Exact {
  units: bigint;
  scale: number;
}

function exact(text: string, name: string): Exact {
  const match = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(text);
  if (match === null) throw new RangeError(`${name} must be a decimal percentage, got ${JSON.stringify(text)}`);
  const fraction = match[2] ?? '';
  const value = { units: BigInt(`${match[1] ?? '0'}${fraction}`), scale: fraction.length };
  if (value.units > 100n * 10n ** BigInt(value.scale)) throw new RangeError(`${name} must be at most 100, got ${text}`);
  return value;
}

/** Sign of count / communes × 100 − pct, exactly. */
function compare(count: number, communes: number, pct: Exact): -1 | 0 | 1 {
  const left = BigInt(count) * 100n * 10n ** BigInt(pct.scale);
  const right = pct.units * BigInt(communes);
  return left === right ? 0 : left > right ? 1 : -1;
}

/** Smallest count with count / communes × 100 ≥ pct. */
function required(communes: number, pct: Exact): number {
  const denominator = 100n * 10n ** BigInt(pct.scale);
  return Number((pct.units * BigInt(communes) + denominator - 1n) / denominator);
}

function signedPercent(count: number, communes: number): string {
  return count < 0 ? `-${percent(-count, communes)}` : percent(count, communes);
}

/** How a commune's year changed the recognised count (see the module comment). */
export type CommuneChange = 'FIRST_EVER' | 'RETURN' | 'DROP_OUT' | 'STAYED' | 'NOT_RECOGNISED';

/**
 * What a commune's year was, given the years it was recognised in: FIRST_EVER, RETURN, DROP_OUT,
 * STAYED (recognised both years) or NOT_RECOGNISED (neither); `null` when the year or the year
 * before is not in the records. The one rule behind the counts of {@link scopeProgress} and the
 * lines of a report.
 */
export function communeChange(
  recognisedYears: ReadonlySet<number>,
  year: number,
  recordsFrom: number | null,
): CommuneChange | null {
  if (recordsFrom === null || year - 1 < recordsFrom) return null;
  const now = recognisedYears.has(year);
  const last = recognisedYears.has(year - 1);
  if (now && last) return 'STAYED';
  if (last) return 'DROP_OUT';
  if (!now) return 'NOT_RECOGNISED';
  for (let y = recordsFrom; y < year - 1; y += 1) if (recognisedYears.has(y)) return 'RETURN';
  return 'FIRST_EVER';
}

/**
 * The progress of a scope in a year (see the module comment for every rule).
 *
 * @throws RangeError when the scope has no commune, a commune is listed twice or has two cycles
 *   of one year, a percentage is not a decimal from 0 to 100, or the band's minimum is above its
 *   maximum.
 */
export function scopeProgress(input: GrowthInput): ScopeProgress {
  const { scope, year, communes, recordsFrom, band, shareTarget, ownTarget } = input;
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${String(year)}`);
  const total = communes.length;
  if (total === 0) throw new RangeError(`${scope}, ${year}: a scope without communes has no progress`);
  const seen = new Set<string>();
  const recognisedYears = communes.map((commune) => {
    if (seen.has(commune.code)) throw new RangeError(`${scope}: commune ${commune.code} is listed twice`);
    seen.add(commune.code);
    const years = new Set<number>();
    const all = new Set<number>();
    for (const cycle of commune.cycles) {
      if (all.has(cycle.year)) throw new RangeError(`commune ${commune.code} has two cycles for ${cycle.year}`);
      all.add(cycle.year);
      if (cycle.state === 'RECOGNISED') years.add(cycle.year);
    }
    return years;
  });
  const hasData = (y: number): boolean => recordsFrom !== null && y >= recordsFrom;
  const count = (y: number): number => recognisedYears.filter((years) => years.has(y)).length;

  const recognised = count(year);
  const before = hasData(year) && hasData(year - 1);
  const previousRecognised = before ? count(year - 1) : null;
  let firstEver: number | null = null;
  let returns: number | null = null;
  let dropOuts: number | null = null;
  if (before) {
    firstEver = 0;
    returns = 0;
    dropOuts = 0;
    for (const years of recognisedYears) {
      const change = communeChange(years, year, recordsFrom);
      if (change === 'FIRST_EVER') firstEver += 1;
      else if (change === 'RETURN') returns += 1;
      else if (change === 'DROP_OUT') dropOuts += 1;
    }
  }
  const netChange = previousRecognised === null ? null : recognised - previousRecognised;

  const min = band === null ? null : exact(band.minPct, 'band.minPct');
  const max = band === null ? null : exact(band.maxPct, 'band.maxPct');
  if (min !== null && max !== null && band !== null && Number(band.minPct) > Number(band.maxPct)) {
    throw new RangeError(`band minimum ${band.minPct} is above its maximum ${band.maxPct}`);
  }
  const measure = (value: number | null): GrowthMeasure => {
    if (value === null) return { count: null, pct: null, position: 'NO_DATA' };
    const pct = signedPercent(value, total);
    if (min === null || max === null) return { count: value, pct, position: 'NO_TARGET' };
    if (value < 0 || compare(value, total, min) < 0)
      return { count: value, pct, position: recognised === total ? 'ALL_RECOGNISED' : 'BELOW' };
    return { count: value, pct, position: compare(value, total, max) > 0 ? 'ABOVE' : 'WITHIN' };
  };

  // Pace: over the consecutive years of the records before `year`, at most 3.
  let k = 0;
  while (k < 3 && hasData(year) && hasData(year - k - 1)) k += 1;
  const pace = k > 0 ? { change: recognised - count(year - k), years: k, fromYear: year - k } : null;

  let status: ShareStatus = 'NO_TARGET';
  let projectedYear: number | null = null;
  let requiredForTarget: number | null = null;
  if (shareTarget !== null) {
    const share = exact(shareTarget.pct, 'shareTarget.pct');
    requiredForTarget = required(total, share);
    if (!hasData(year)) status = 'NO_DATA';
    else if (compare(recognised, total, share) >= 0) {
      status = 'ACHIEVED';
      projectedYear = year;
    } else if (year >= shareTarget.year) status = 'BEHIND';
    else if (pace === null) status = 'NO_DATA';
    else {
      if (pace.change > 0) {
        const gap = BigInt(requiredForTarget - recognised) * BigInt(pace.years);
        const change = BigInt(pace.change);
        projectedYear = year + Number((gap + change - 1n) / change);
      }
      status = projectedYear !== null && projectedYear <= shareTarget.year ? 'ON_TRACK' : 'BEHIND';
    }
  }

  const own =
    ownTarget === null
      ? null
      : {
          ...ownTarget,
          newSharePct: percent(ownTarget.newCount, total),
          recognisedSharePct: ownTarget.recognisedCount === null ? null : percent(ownTarget.recognisedCount, total),
          met:
            netChange === null && ownTarget.recognisedCount === null
              ? null
              : (netChange === null || netChange >= ownTarget.newCount || recognised === total) &&
                (ownTarget.recognisedCount === null || recognised >= ownTarget.recognisedCount),
        };

  const result: Omit<ScopeProgress, 'explanation' | 'explanationVi'> = {
    scope,
    year,
    communes: total,
    recognised,
    sharePct: percent(recognised, total),
    previousRecognised,
    hasData: hasData(year),
    recordsFrom,
    firstEver: measure(firstEver),
    returns: measure(returns),
    dropOuts: measure(dropOuts),
    netChange: measure(netChange),
    newlyRecognised: firstEver === null || returns === null ? null : firstEver + returns,
    band,
    targetSharePct: shareTarget?.pct ?? null,
    targetYear: shareTarget?.year ?? null,
    requiredForTarget,
    status,
    pace,
    projectedYear,
    ownTarget: own,
  };
  return { ...result, explanationVi: explainVi(result), explanation: explainEn(result) };
}

const vi = (decimal: string): string => decimal.replace('.', ',');

/** Vietnamese words of a band position, as a report writes them. */
export const POSITION_VI: Readonly<Record<BandPosition, string>> = Object.freeze({
  BELOW: 'dưới mức',
  WITHIN: 'trong mức',
  ABOVE: 'vượt mức',
  ALL_RECOGNISED: 'đã công nhận toàn bộ',
  NO_DATA: 'chưa có số liệu năm trước',
  NO_TARGET: 'không có chỉ tiêu',
});

/** Vietnamese words of a share status. */
export const STATUS_VI: Readonly<Record<ShareStatus, string>> = Object.freeze({
  ACHIEVED: 'Đã đạt',
  ON_TRACK: 'Đúng tiến độ',
  BEHIND: 'Chậm tiến độ',
  NO_TARGET: 'Không có chỉ tiêu',
  NO_DATA: 'Chưa đủ số liệu',
});

type Core = Omit<ScopeProgress, 'explanation' | 'explanationVi'>;

function explainVi(p: Core): string {
  if (!p.hasData) return `Năm ${p.year}: chưa có số liệu (sổ theo dõi bắt đầu từ năm ${p.recordsFrom ?? '—'}).`;
  const parts = [
    `Năm ${p.year}: ${p.recognised}/${p.communes} đơn vị đạt chuẩn phù hợp với trẻ em (${vi(p.sharePct)}%).`,
  ];
  const bandText = p.band === null ? '' : ` so với mức ${vi(p.band.minPct)}–${vi(p.band.maxPct)}%`;
  if (p.netChange.count === null || p.previousRecognised === null)
    parts.push(`Chưa có số liệu năm ${p.year - 1} để tính tăng trưởng.`);
  else {
    const n = p.netChange.count;
    parts.push(
      `So với năm ${p.year - 1} (${p.previousRecognised} đơn vị): ${n >= 0 ? 'tăng' : 'giảm'} ${Math.abs(n)} (${vi(p.netChange.pct ?? '')}%)${bandText}, ${POSITION_VI[p.netChange.position]}; ` +
        `công nhận lần đầu ${p.firstEver.count ?? 0}, công nhận lại ${p.returns.count ?? 0}, không còn đạt chuẩn ${p.dropOuts.count ?? 0}.`,
    );
  }
  if (p.status !== 'NO_TARGET') {
    const goal = `chỉ tiêu ${vi(p.targetSharePct ?? '')}% đến năm ${p.targetYear ?? ''} (${p.requiredForTarget ?? ''} đơn vị)`;
    if (p.status === 'ACHIEVED') parts.push(`Đã đạt ${goal}.`);
    else if (p.status === 'NO_DATA') parts.push(`Chưa đủ số liệu các năm trước để đánh giá tiến độ ${goal}.`);
    else if (p.targetYear !== null && p.year >= p.targetYear) parts.push(`Không đạt ${goal}.`);
    else if (p.projectedYear === null) parts.push(`Với tốc độ hiện nay không đạt ${goal}: chậm tiến độ.`);
    else
      parts.push(
        `Với tốc độ hiện nay dự kiến đạt ${goal} vào năm ${p.projectedYear}: ${p.status === 'ON_TRACK' ? 'đúng tiến độ' : 'chậm tiến độ'}.`,
      );
  }
  if (p.ownTarget !== null) {
    const t = p.ownTarget;
    parts.push(
      `Chỉ tiêu do ${t.level === 'DISTRICT' ? 'huyện' : 'tỉnh'} đề ra: thêm ${t.newCount} đơn vị (${vi(t.newSharePct)}%)` +
        (t.recognisedCount === null ? '' : `, đạt ${t.recognisedCount} đơn vị (${vi(t.recognisedSharePct ?? '')}%)`) +
        (t.met === null ? '.' : t.met ? ': đã đạt.' : ': chưa đạt.'),
    );
  }
  if (p.band?.provisional === true)
    parts.push('Mức tăng trưởng là tạm thời (kế hoạch chỉ quy định cho cấp tỉnh, năm 2017–2020).');
  return parts.join(' ').normalize('NFC');
}

const POSITION_EN: Readonly<Record<BandPosition, string>> = Object.freeze({
  BELOW: 'below the band',
  WITHIN: 'within the band',
  ABOVE: 'above the band',
  ALL_RECOGNISED: 'every commune recognised',
  NO_DATA: 'no data for the year before',
  NO_TARGET: 'no band',
});

function explainEn(p: Core): string {
  if (!p.hasData) return `${p.year}: no data (the records start in ${p.recordsFrom ?? '—'}).`;
  const parts = [`${p.year}: ${p.recognised} of ${p.communes} recognised (${p.sharePct} %).`];
  if (p.netChange.count === null || p.previousRecognised === null)
    parts.push(`No data for ${p.year - 1} to measure growth.`);
  else {
    parts.push(
      `Against ${p.year - 1} (${p.previousRecognised}): net ${p.netChange.count >= 0 ? '+' : ''}${p.netChange.count} (${p.netChange.pct ?? ''} %), ${POSITION_EN[p.netChange.position]}; ` +
        `first-ever ${p.firstEver.count ?? 0}, returns ${p.returns.count ?? 0}, drop-outs ${p.dropOuts.count ?? 0}.`,
    );
  }
  if (p.status !== 'NO_TARGET')
    parts.push(
      `Share target ${p.targetSharePct ?? ''} % by ${p.targetYear ?? ''}: ${p.status}${p.projectedYear === null ? '' : `, projected ${p.projectedYear}`}.`,
    );
  if (p.ownTarget !== null)
    parts.push(
      `Own target (${p.ownTarget.level}): +${p.ownTarget.newCount}${p.ownTarget.met === null ? '' : p.ownTarget.met ? ', met' : ', not met'}.`,
    );
  if (p.band?.provisional === true) parts.push('The band is provisional.');
  return parts.join(' ');
}

/**
 * The first year of the records of a set of communes (a province's, or the country's): the
 * earliest year with any cycle; `null` when none.
 */
export function recordsFrom(communes: readonly GrowthCommune[]): number | null {
  let first: number | null = null;
  for (const commune of communes)
    for (const cycle of commune.cycles) if (first === null || cycle.year < first) first = cycle.year;
  return first;
}

/** A band target as stored (recognition/targets.ts `Target` fits it). */
export interface BandTarget {
  scope: string;
  year: number;
  recognisedSharePct: string | null;
  newMinPct: string;
  newMaxPct: string;
  provisional?: boolean;
}

/** A level's own target as stored, with its scope and year. */
export interface OwnTargetRecord extends OwnTarget {
  scope: string;
  year: number;
}

/**
 * The targets a scope's progress in `year` is measured against, chosen the same way for the
 * overview and the reports: the band of the scope-year; the share target — the earliest target of
 * the scope, in that year or later, with a share (e.g. 80 % by 2020); the scope's own target of
 * the year (the latest recorded, `null` when its level set none).
 */
export function targetsFor(
  scope: string,
  year: number,
  bands: readonly BandTarget[],
  own: readonly OwnTargetRecord[],
): Pick<GrowthInput, 'band' | 'shareTarget' | 'ownTarget'> {
  const band = bands.find((t) => t.scope === scope && t.year === year) ?? null;
  let share: BandTarget | null = null;
  for (const t of bands) {
    if (t.scope !== scope || t.year < year || t.recognisedSharePct === null) continue;
    if (share === null || t.year < share.year) share = t;
  }
  const mine = own
    .filter((t) => t.scope === scope && t.year === year)
    .sort((a, b) => (a.setAt < b.setAt ? -1 : a.setAt > b.setAt ? 1 : 0));
  const latest = mine[mine.length - 1];
  return {
    band:
      band === null ? null : { minPct: band.newMinPct, maxPct: band.newMaxPct, provisional: band.provisional === true },
    shareTarget:
      share === null || share.recognisedSharePct === null ? null : { year: share.year, pct: share.recognisedSharePct },
    ownTarget:
      latest === undefined
        ? null
        : {
            newCount: latest.newCount,
            recognisedCount: latest.recognisedCount,
            level: latest.level,
            note: latest.note,
            setBy: latest.setBy,
            setAt: latest.setAt,
          },
  };
}

/** A level's own target for a year with the shares it makes of `communes` (for next year's target in a report). */
export function withShares(
  target: OwnTarget,
  communes: number,
): OwnTarget & { newSharePct: string; recognisedSharePct: string | null } {
  return {
    ...target,
    newSharePct: percent(target.newCount, communes),
    recognisedSharePct: target.recognisedCount === null ? null : percent(target.recognisedCount, communes),
  };
}
