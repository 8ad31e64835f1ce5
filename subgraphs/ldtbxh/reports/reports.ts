/**
 * The annual reports of plan 965/KH-UBND §VI and their deadlines: each district reports the
 * year's results and next year's targets to Sở LĐTBXH before 30 November (§VI.1); Sở LĐTBXH
 * reports to the province and the Ministry before 10 December (§VI.2).
 *
 * `districtReportContent` / `provinceReportContent` build a JSON-shaped report from the cycles,
 * assessments and targets the caller loaded; `reportCsv` and `reportXlsx` render it for Excel.
 * No I/O: the writers return a string or a Buffer.
 *
 * Deadlines: "trước ngày 30 tháng 11" is read literally — **before** the day, so the day itself
 * is late. A report is on time when submitted before 00:00 of the deadline day in Vietnam time
 * (UTC+7, no daylight saving): for 2020 the last on-time instant is 29/11/2020 23:59:59.999
 * +07:00 (docs/recognition.md §7).
 */
import ExcelJS from 'exceljs';

import type { CycleState, CycleStatus } from '../recognition/cycle';
import { CYCLE_STATUSES } from '../recognition/cycle';
import { rewardsForYear } from '../recognition/streaks';
import type { RewardEntry, RewardLists, YearCycle } from '../recognition/streaks';
import { progress, shareTargetFor } from '../recognition/targets';
import type { Progress, ProgressStatus, Target } from '../recognition/targets';
import { compareUnitCodes } from '../codes';

// ---------------------------------------------------------------------------------------------
// Deadlines

/** Who reports: a district to Sở LĐTBXH, or Sở LĐTBXH to the province and the Ministry. */
export type ReportKind = 'DISTRICT' | 'PROVINCE';

/** Whether a report came in time. */
export type DeadlineStatus = 'ON_TIME' | 'LATE' | 'MISSING' | 'PENDING';

/** The only time zone deadlines are judged in. */
export type ReportTimeZone = 'Asia/Ho_Chi_Minh';

/** Vietnam is UTC+7 all year (no daylight saving since 1975). */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const DEADLINE_DAY: Readonly<Record<ReportKind, { month: number; day: number }>> = Object.freeze({
  DISTRICT: { month: 11, day: 30 },
  PROVINCE: { month: 12, day: 10 },
});

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year must be a 4-digit integer, got ${String(year)}`);
}

/**
 * The date the plan names for the report of `year`, `YYYY-MM-DD`: DISTRICT → 30 November,
 * PROVINCE → 10 December. The report is due **before** this date (the day itself is late; see
 * {@link deadlineStatus}).
 *
 * @throws RangeError when `year` is not a 4-digit integer.
 */
export function reportDeadline(kind: ReportKind, year: number): string {
  assertYear(year);
  const { month, day } = DEADLINE_DAY[kind];
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The first late instant: 00:00 Vietnam time of the {@link reportDeadline} date (17:00 UTC the
 * day before). A report submitted at any earlier instant is on time.
 *
 * @throws RangeError as {@link reportDeadline}.
 */
export function deadlineInstant(kind: ReportKind, year: number): Date {
  assertYear(year);
  const { month, day } = DEADLINE_DAY[kind];
  return new Date(Date.UTC(year, month - 1, day) - VIETNAM_OFFSET_MS);
}

/**
 * Whether the report of `year` is in time, judged in Vietnam time:
 * submitted before {@link deadlineInstant} → ON_TIME, at or after it → LATE (whatever `now`);
 * not submitted → PENDING while `now` is before the deadline instant, MISSING from it on.
 *
 * @throws RangeError for another time zone, an invalid Date or year.
 */
export function deadlineStatus(input: {
  kind: ReportKind;
  year: number;
  submittedAt: Date | null;
  now: Date;
  timeZone: ReportTimeZone;
}): DeadlineStatus {
  if (input.timeZone !== 'Asia/Ho_Chi_Minh') {
    throw new RangeError(`deadlines are judged in Asia/Ho_Chi_Minh, got ${String(input.timeZone)}`);
  }
  const limit = deadlineInstant(input.kind, input.year).getTime();
  if (input.submittedAt !== null) {
    const at = input.submittedAt.getTime();
    if (Number.isNaN(at)) throw new RangeError('submittedAt is an invalid Date');
    return at < limit ? 'ON_TIME' : 'LATE';
  }
  const now = input.now.getTime();
  if (Number.isNaN(now)) throw new RangeError('now is an invalid Date');
  return now < limit ? 'PENDING' : 'MISSING';
}

/** `date` in Vietnam time as ISO 8601 with its offset: `2020-11-29T23:59:59+07:00`. */
export function vietnamDateTime(date: Date): string {
  const local = new Date(date.getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(0, 19)}+07:00`;
}

// ---------------------------------------------------------------------------------------------
// Content

/** The assessment figures a report shows for a commune (from `shared/criteria` `Assessment`). */
export interface ReportAssessment {
  status: 'COMPLETE' | 'INCOMPLETE';
  eligible: boolean;
  total: number;
}

/** One commune as the caller loaded it. */
export interface ReportCommuneInput {
  /** Official 5-digit code. */
  code: string;
  name: string;
  /** Its cycle of the report year; `null` = not registered that year. */
  cycle: CycleState | null;
  /**
   * Its cycles of other years (any order, one per year), for streaks, the newly recognised and
   * the counts per year. An entry for the report year, if present, must agree with `cycle`.
   */
  cycles: readonly YearCycle[];
  /** Its assessment of the report year; `null` = not assessed. */
  assessment: ReportAssessment | null;
}

/** One district's data for a report. */
export interface DistrictInput {
  district: { code: string; name: string };
  /** The communes existing in the district in the report year. */
  communes: readonly ReportCommuneInput[];
  /**
   * Recognised communes per earlier year, when the communes passed are not those of the earlier
   * years (after a merger). Entries override the counts derived from the communes' cycles, except
   * for the report year, which is always derived.
   */
  recognisedByYear?: ReadonlyMap<number, number>;
}

/** What {@link districtReportContent} needs. */
export interface DistrictReportInput extends DistrictInput {
  year: number;
  /** When the report is generated (the caller's clock). */
  generatedAt: Date;
  /**
   * Targets (any scopes and years, e.g. the stored ones or `DEFAULT_TARGETS`): the district's
   * (`district:<code>`) target of the year, its share target, and next year's are picked.
   */
  targets: readonly Target[];
}

/** One commune's line in a report. */
export interface CommuneReportRow {
  code: string;
  name: string;
  /** Null for a commune that reports to the province directly (two-tier map). */
  districtCode: string | null;
  /** `null` = not registered for the year. */
  state: CycleStatus | null;
  assessmentStatus: 'COMPLETE' | 'INCOMPLETE' | null;
  total: number | null;
  eligible: boolean | null;
  meetingDate: string | null;
  /** The recognition decision (also kept for a REVOKED cycle). */
  decisionNumber: string | null;
  decisionDate: string | null;
  signer: string | null;
  /** Recognised in the year and not in the year before. */
  newlyRecognised: boolean;
  /** Consecutive recognised years ending at the report year. */
  streak: number;
  refusalReason: string | null;
  revocation: { reason: string; decisionNumber: string; decisionDate: string } | null;
}

/** Counts of a report's scope. */
export interface ReportSummary {
  communes: number;
  /** Communes with a cycle for the year. */
  registered: number;
  notRegistered: number;
  /** Communes per current state. */
  states: Record<CycleStatus, number>;
  /** Communes whose assessment is COMPLETE and eligible. */
  eligible: number;
  newlyRecognised: number;
}

/** A commune recognised for the first time in a run. */
export interface NewlyRecognisedEntry {
  code: string;
  name: string;
  districtCode: string | null;
  decisionNumber: string;
  decisionDate: string;
}

/** A commune refused recognition. */
export interface NotRecognisedEntry {
  code: string;
  name: string;
  districtCode: string | null;
  reason: string;
}

/** A commune whose recognition of the year was revoked. */
export interface RevokedEntry {
  code: string;
  name: string;
  districtCode: string | null;
  reason: string;
  decisionNumber: string;
  decisionDate: string;
}

/** The report of one district for one year. JSON-shaped. */
export interface DistrictReportContent {
  kind: 'DISTRICT';
  district: { code: string; name: string };
  year: number;
  /** ISO 8601, UTC. */
  generatedAt: string;
  /** {@link reportDeadline}: the report is due before this date. */
  deadline: string;
  /** Sorted by code. */
  communes: CommuneReportRow[];
  summary: ReportSummary;
  newlyRecognised: NewlyRecognisedEntry[];
  notRecognised: NotRecognisedEntry[];
  revoked: RevokedEntry[];
  rewards: RewardLists;
  progress: Progress;
  /** The district's target for next year, `null` when none is recorded. */
  nextYearTargets: Target | null;
}

/** What {@link provinceReportContent} needs. */
export interface ProvinceReportInput {
  province: { code: string; name: string };
  year: number;
  generatedAt: Date;
  districts: readonly DistrictInput[];
  /**
   * The communes that report to the province directly, when the reporting line of the year has no
   * district level (the two-tier map from 1 July 2025); `districts` is then empty.
   */
  communes?: readonly ReportCommuneInput[];
  /** Targets of the province and its districts (see {@link DistrictReportInput.targets}). */
  targets: readonly Target[];
  /** As {@link DistrictInput.recognisedByYear}, for the province. */
  recognisedByYear?: ReadonlyMap<number, number>;
}

/** The report of Sở LĐTBXH for one year: every district's report plus the province's totals. */
export interface ProvinceReportContent {
  kind: 'PROVINCE';
  province: { code: string; name: string };
  year: number;
  generatedAt: string;
  deadline: string;
  /** Sorted by district code; each with its own deadline, progress and targets. Empty on the two-tier map. */
  districts: DistrictReportContent[];
  /** Communes reporting to the province directly (two-tier map), sorted by code; empty when they report through districts. */
  communes: CommuneReportRow[];
  summary: ReportSummary;
  newlyRecognised: NewlyRecognisedEntry[];
  notRecognised: NotRecognisedEntry[];
  revoked: RevokedEntry[];
  rewards: RewardLists;
  progress: Progress;
  nextYearTargets: Target | null;
}

/** Either report. */
export type ReportContent = DistrictReportContent | ProvinceReportContent;

interface PreparedCommune {
  input: ReportCommuneInput;
  districtCode: string;
  /** Every year's state, the report year included. */
  cycles: YearCycle[];
}

function prepare(district: DistrictInput, year: number): PreparedCommune[] {
  const seen = new Set<string>();
  return [...district.communes]
    .sort((a, b) => compareUnitCodes(a.code, b.code))
    .map((input) => {
      if (seen.has(input.code)) throw new RangeError(`district ${district.district.code}: commune ${input.code} is listed twice`);
      seen.add(input.code);
      if (input.cycle !== null && (input.cycle.year !== year || input.cycle.commune !== input.code)) {
        throw new RangeError(
          `commune ${input.code}: the cycle passed is of commune ${input.cycle.commune}, ${input.cycle.year}, not of ${year}`,
        );
      }
      const listed = input.cycles.find((c) => c.year === year);
      if (listed !== undefined && listed.state !== input.cycle?.status) {
        throw new RangeError(
          `commune ${input.code}: cycles say ${listed.state} for ${year} but the cycle is ${input.cycle?.status ?? 'missing'}`,
        );
      }
      const cycles = input.cycles.filter((c) => c.year !== year);
      if (input.cycle !== null) cycles.push({ year, state: input.cycle.status });
      return { input, districtCode: district.district.code, cycles };
    });
}

function stateIn(cycles: readonly YearCycle[], year: number): CycleStatus | null {
  return cycles.find((c) => c.year === year)?.state ?? null;
}

function row(commune: PreparedCommune, year: number, streak: number): CommuneReportRow {
  const { input, districtCode, cycles } = commune;
  const cycle = input.cycle;
  const selfAssessment = cycle !== null && cycle.status !== 'REGISTERED' ? cycle.selfAssessment : null;
  const recognition = cycle?.status === 'RECOGNISED' || cycle?.status === 'REVOKED' ? cycle.recognition : null;
  return {
    code: input.code,
    name: input.name,
    districtCode,
    state: cycle?.status ?? null,
    assessmentStatus: input.assessment?.status ?? null,
    total: input.assessment?.total ?? null,
    eligible: input.assessment === null ? null : input.assessment.status === 'COMPLETE' && input.assessment.eligible,
    meetingDate: selfAssessment?.meetingDate ?? null,
    decisionNumber: recognition?.decisionNumber ?? null,
    decisionDate: recognition?.decisionDate ?? null,
    signer: recognition?.signer ?? null,
    newlyRecognised: cycle?.status === 'RECOGNISED' && stateIn(cycles, year - 1) !== 'RECOGNISED',
    streak,
    refusalReason: cycle?.status === 'NOT_RECOGNISED' ? cycle.refusal.reason : null,
    revocation: cycle?.status === 'REVOKED' ? { ...cycle.revocation } : null,
  };
}

function summarise(rows: readonly CommuneReportRow[]): ReportSummary {
  const states = Object.fromEntries(CYCLE_STATUSES.map((s) => [s, 0])) as Record<CycleStatus, number>;
  for (const r of rows) if (r.state !== null) states[r.state] += 1;
  const registered = rows.filter((r) => r.state !== null).length;
  return {
    communes: rows.length,
    registered,
    notRegistered: rows.length - registered,
    states,
    eligible: rows.filter((r) => r.eligible === true).length,
    newlyRecognised: rows.filter((r) => r.newlyRecognised).length,
  };
}

/** Recognised count per year from the earliest year with a cycle to `year`, overrides applied. */
function countsByYear(
  communes: readonly PreparedCommune[],
  year: number,
  overrides: ReadonlyMap<number, number> | undefined,
): Map<number, number> {
  const years = communes.flatMap((c) => c.cycles.map((y) => y.year)).filter((y) => y <= year);
  const first = Math.min(year, ...years);
  const counts = new Map<number, number>();
  for (let y = first; y <= year; y += 1) {
    counts.set(y, communes.filter((c) => stateIn(c.cycles, y) === 'RECOGNISED').length);
  }
  for (const [y, count] of overrides ?? []) if (y !== year) counts.set(y, count);
  return counts;
}

function lists(rows: readonly CommuneReportRow[]): Pick<DistrictReportContent, 'newlyRecognised' | 'notRecognised' | 'revoked'> {
  return {
    newlyRecognised: rows
      .filter((r) => r.newlyRecognised)
      .map((r) => ({
        code: r.code,
        name: r.name,
        districtCode: r.districtCode,
        decisionNumber: r.decisionNumber ?? '',
        decisionDate: r.decisionDate ?? '',
      })),
    notRecognised: rows
      .filter((r) => r.state === 'NOT_RECOGNISED')
      .map((r) => ({ code: r.code, name: r.name, districtCode: r.districtCode, reason: r.refusalReason ?? '' })),
    revoked: rows.flatMap((r) =>
      r.revocation === null ? [] : [{ code: r.code, name: r.name, districtCode: r.districtCode, ...r.revocation }],
    ),
  };
}

function scopeProgress(
  scope: string,
  year: number,
  communes: readonly PreparedCommune[],
  rows: readonly CommuneReportRow[],
  targets: readonly Target[],
  overrides: ReadonlyMap<number, number> | undefined,
): Progress {
  const share = shareTargetFor(targets, scope, year);
  return progress({
    scope,
    year,
    communes: rows.length,
    recognisedByYear: countsByYear(communes, year, overrides),
    newlyRecognised: rows.filter((r) => r.newlyRecognised).length,
    target: targets.find((t) => t.scope === scope && t.year === year) ?? null,
    targetYear: share?.targetYear ?? null,
    targetShare: share?.targetShare ?? null,
  });
}

function buildDistrict(district: DistrictInput, year: number, generatedAt: string, targets: readonly Target[]): {
  content: DistrictReportContent;
  prepared: PreparedCommune[];
} {
  const prepared = prepare(district, year);
  const rewards = rewardsForYear(
    prepared.map((c) => ({ code: c.input.code, name: c.input.name, districtCode: c.districtCode, cycles: c.cycles })),
    year,
  );
  const rows = prepared.map((c) => {
    let streak = 0;
    while (stateIn(c.cycles, year - streak) === 'RECOGNISED') streak += 1;
    return row(c, year, streak);
  });
  const scope = `district:${district.district.code}`;
  return {
    prepared,
    content: {
      kind: 'DISTRICT',
      district: { code: district.district.code, name: district.district.name },
      year,
      generatedAt,
      deadline: reportDeadline('DISTRICT', year),
      communes: rows,
      summary: summarise(rows),
      ...lists(rows),
      rewards,
      progress: scopeProgress(scope, year, prepared, rows, targets, district.recognisedByYear),
      nextYearTargets: targets.find((t) => t.scope === scope && t.year === year + 1) ?? null,
    },
  };
}

/**
 * The report of one district for `year` (plan §VI.1): every commune with its state, assessment
 * total and eligibility, decisions; the newly recognised, the not recognised with reasons, the
 * revoked; the reward lists (streaks ending at `year`); progress against the district's targets
 * (`district:<code>` in `targets`); next year's target. Communes are sorted by code. Pure.
 *
 * @throws RangeError when a commune is listed twice, its cycle is not of that commune and year,
 *   its `cycles` contradict its cycle, the district has no commune, or as `progress` and
 *   `rewardsForYear` do.
 */
export function districtReportContent(input: DistrictReportInput): DistrictReportContent {
  assertYear(input.year);
  return buildDistrict(input, input.year, input.generatedAt.toISOString(), input.targets).content;
}

/**
 * The report of Sở LĐTBXH for `year` (plan §VI.2): each district's report (as
 * {@link districtReportContent}, sorted by district code) plus the province's totals, lists,
 * rewards, progress against the province's targets (`province:<code>`) and next year's target.
 * Pure.
 *
 * @throws RangeError as {@link districtReportContent}, or when a district or a commune code
 *   appears twice.
 */
export function provinceReportContent(input: ProvinceReportInput): ProvinceReportContent {
  assertYear(input.year);
  const generatedAt = input.generatedAt.toISOString();
  const built = [...input.districts]
    .sort((a, b) => compareUnitCodes(a.district.code, b.district.code))
    .map((d) => buildDistrict(d, input.year, generatedAt, input.targets));
  const districtCodes = new Set<string>();
  const communeCodes = new Set<string>();
  for (const { content } of built) {
    if (districtCodes.has(content.district.code)) throw new RangeError(`district ${content.district.code} is listed twice`);
    districtCodes.add(content.district.code);
    for (const r of content.communes) {
      if (communeCodes.has(r.code)) throw new RangeError(`commune ${r.code} is listed in two districts`);
      communeCodes.add(r.code);
    }
  }
  // Communes reporting directly are built as one group of the province, then shown without a district.
  const direct = input.communes && input.communes.length > 0 ? buildDistrict({ district: { code: input.province.code, name: input.province.name }, communes: input.communes, recognisedByYear: input.recognisedByYear }, input.year, generatedAt, input.targets) : null;
  if (direct && built.length > 0) throw new RangeError('a province report has districts or communes reporting directly, not both');
  const directRows = (direct?.content.communes ?? []).map((r) => ({ ...r, districtCode: null }));
  const prepared = direct ? direct.prepared : built.flatMap((b) => b.prepared);
  const rows = direct ? directRows : built.flatMap((b) => b.content.communes);
  const scope = `province:${input.province.code}`;
  const districts = built.map((b) => b.content);
  return {
    kind: 'PROVINCE',
    province: { code: input.province.code, name: input.province.name },
    year: input.year,
    generatedAt,
    deadline: reportDeadline('PROVINCE', input.year),
    districts,
    communes: directRows,
    summary: summarise(rows),
    ...lists(rows),
    rewards: direct
      ? {
          districtReward: direct.content.rewards.districtReward.map((e) => ({ ...e, districtCode: '' })),
          chairmanProposal: direct.content.rewards.chairmanProposal.map((e) => ({ ...e, districtCode: '' })),
        }
      : {
          districtReward: districts.flatMap((d) => d.rewards.districtReward),
          chairmanProposal: districts.flatMap((d) => d.rewards.chairmanProposal),
        },
    progress: scopeProgress(scope, input.year, prepared, rows, input.targets, input.recognisedByYear),
    nextYearTargets: input.targets.find((t) => t.scope === scope && t.year === input.year + 1) ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering: the words and the table both writers use

/** Vietnamese names of the states, as a report shows them; `NOT_REGISTERED` for no cycle. */
export const STATE_NAMES_VI: Readonly<Record<CycleStatus | 'NOT_REGISTERED', string>> = Object.freeze({
  NOT_REGISTERED: 'Chưa đăng ký',
  REGISTERED: 'Đã đăng ký',
  SELF_ASSESSED: 'Đã tự đánh giá',
  SUBMITTED: 'Đã trình huyện',
  RECOGNISED: 'Đã công nhận',
  NOT_RECOGNISED: 'Không công nhận',
  REVOKED: 'Đã thu hồi công nhận',
});

/** Vietnamese names of the progress statuses. */
export const PROGRESS_STATUS_VI: Readonly<Record<ProgressStatus, string>> = Object.freeze({
  ACHIEVED: 'Đã đạt',
  ON_TRACK: 'Đúng tiến độ',
  BEHIND: 'Chậm tiến độ',
  NO_TARGET: 'Không có chỉ tiêu',
});

const BAND_VI = Object.freeze({ BELOW: 'Dưới mức', WITHIN: 'Trong mức', ABOVE: 'Vượt mức' });

/** Headers of the commune table (CSV and sheet "Xã"), in column order. */
export const COMMUNE_COLUMNS_VI: readonly string[] = Object.freeze([
  'Mã huyện',
  'Huyện',
  'Mã xã',
  'Tên xã',
  'Trạng thái',
  'Số liệu đánh giá',
  'Tổng điểm',
  'Đủ điều kiện công nhận',
  'Ngày họp Hội đồng đánh giá',
  'Số quyết định công nhận',
  'Ngày quyết định công nhận',
  'Người ký',
  'Công nhận mới',
  'Số năm liên tục đạt chuẩn',
  'Lý do không công nhận / thu hồi',
  'Số quyết định thu hồi',
  'Ngày quyết định thu hồi',
]);

/** Headers of the sheet "Khen thưởng". */
export const REWARD_COLUMNS_VI: readonly string[] = Object.freeze([
  'Hình thức',
  'Mã huyện',
  'Huyện',
  'Mã xã',
  'Tên xã',
  'Số năm liên tục',
  'Các năm',
]);

const DISTRICT_REWARD_VI = 'Khen thưởng cấp huyện (3 năm liên tục)';
const CHAIRMAN_PROPOSAL_VI = 'Đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)';

/** A cell before rendering: text, a count, a date `YYYY-MM-DD`, or empty. */
type Cell = { text: string } | { number: number } | { date: string } | null;

const text = (value: string | null): Cell => (value === null ? null : { text: value.normalize('NFC') });
const num = (value: number | null): Cell => (value === null ? null : { number: value });
const date = (value: string | null): Cell => (value === null || value === '' ? null : { date: value });
const yesNo = (value: boolean | null): Cell => (value === null ? null : text(value ? 'Có' : 'Không'));

function districtsOf(content: ReportContent): DistrictReportContent[] {
  return content.kind === 'DISTRICT' ? [content] : content.districts;
}

function communeCells(content: ReportContent): Cell[][] {
  const groups: { district: { code: string; name: string } | null; communes: CommuneReportRow[] }[] = [...districtsOf(content)];
  if (content.kind === 'PROVINCE' && content.communes.length > 0) groups.push({ district: null, communes: content.communes });
  return groups.flatMap((d) =>
    d.communes.map((r) => [
      text(d.district?.code ?? null),
      text(d.district?.name ?? null),
      text(r.code),
      text(r.name),
      text(STATE_NAMES_VI[r.state ?? 'NOT_REGISTERED']),
      text(r.assessmentStatus === null ? null : r.assessmentStatus === 'COMPLETE' ? 'Đầy đủ' : 'Chưa đầy đủ'),
      num(r.total),
      yesNo(r.eligible),
      date(r.meetingDate),
      text(r.decisionNumber),
      date(r.decisionDate),
      text(r.signer),
      yesNo(r.newlyRecognised),
      num(r.streak),
      text(r.refusalReason ?? r.revocation?.reason ?? null),
      text(r.revocation?.decisionNumber ?? null),
      date(r.revocation?.decisionDate ?? null),
    ]),
  );
}

function districtNames(content: ReportContent): Map<string, string> {
  return new Map(districtsOf(content).map((d) => [d.district.code, d.district.name]));
}

function rewardCells(content: ReportContent): Cell[][] {
  const names = districtNames(content);
  const line = (label: string, e: RewardEntry): Cell[] => [
    text(label),
    text(e.districtCode),
    text(names.get(e.districtCode) ?? ''),
    text(e.code),
    text(e.name),
    num(e.streak),
    text(`${e.years[0] ?? ''}–${e.years[e.years.length - 1] ?? ''}`),
  ];
  return [
    ...content.rewards.districtReward.map((e) => line(DISTRICT_REWARD_VI, e)),
    ...content.rewards.chairmanProposal.map((e) => line(CHAIRMAN_PROPOSAL_VI, e)),
  ];
}

const vi = (decimal: string): string => decimal.replace('.', ',');

function targetText(target: Target | null): string | null {
  if (target === null) return null;
  return (
    `công nhận mới ${vi(target.newMinPct)}–${vi(target.newMaxPct)}%` +
    (target.recognisedSharePct === null ? '' : `; tỷ lệ đạt chuẩn ${vi(target.recognisedSharePct)}%`) +
    (target.provisional === true ? ' (tạm thời)' : '')
  );
}

function rewardNames(entries: readonly RewardEntry[]): string {
  return entries.length === 0 ? 'Không có' : entries.map((e) => `${e.name} (${e.code}, ${e.streak} năm)`).join('; ');
}

/** The summary block (label, value), shared by the CSV and the sheet "Tổng hợp". */
function summaryCells(content: ReportContent): [string, Cell][] {
  const unit = content.kind === 'DISTRICT' ? content.district : content.province;
  const p = content.progress;
  const s = content.summary;
  const rows: [string, Cell][] = [
    [
      'Báo cáo',
      text(
        content.kind === 'DISTRICT'
          ? 'Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của huyện gửi Sở Lao động - Thương binh và Xã hội'
          : 'Tổng hợp kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của tỉnh gửi UBND tỉnh và Bộ Lao động - Thương binh và Xã hội',
      ),
    ],
    ['Đơn vị', text(`${unit.name} (${unit.code})`)],
    ['Năm', num(content.year)],
    ['Thời điểm lập', text(vietnamDateTime(new Date(content.generatedAt)))],
    ['Hạn gửi báo cáo (trước ngày)', date(content.deadline)],
    ['Số xã, phường, thị trấn', num(s.communes)],
    ['Đã đăng ký', num(s.registered)],
    ['Chưa đăng ký', num(s.notRegistered)],
    ...CYCLE_STATUSES.map((state): [string, Cell] => [
      `Trạng thái: ${state === 'REGISTERED' ? 'Đã đăng ký, chưa tự đánh giá' : STATE_NAMES_VI[state]}`,
      num(s.states[state]),
    ]),
    ['Đủ điều kiện công nhận (theo kết quả đánh giá)', num(s.eligible)],
    ['Công nhận mới', num(s.newlyRecognised)],
    ['Tỷ lệ đạt chuẩn (%)', text(p.sharePct)],
    [
      'Chỉ tiêu tỷ lệ đạt chuẩn',
      text(p.targetSharePct === null ? null : `${vi(p.targetSharePct)}% đến năm ${p.targetYear ?? ''}`),
    ],
    ['Đánh giá tiến độ', text(PROGRESS_STATUS_VI[p.status])],
    ['Năm dự kiến đạt chỉ tiêu', num(p.projectedYear)],
    ['Tỷ lệ công nhận mới (%)', text(p.newPct)],
    [
      'Chỉ tiêu công nhận mới (%)',
      text(p.newMinPct === null || p.newMaxPct === null ? null : `${vi(p.newMinPct)}–${vi(p.newMaxPct)}`),
    ],
    ['So với chỉ tiêu công nhận mới', text(p.inNewBand === null ? null : BAND_VI[p.inNewBand])],
    [DISTRICT_REWARD_VI, text(rewardNames(content.rewards.districtReward))],
    [CHAIRMAN_PROPOSAL_VI, text(rewardNames(content.rewards.chairmanProposal))],
    [`Chỉ tiêu năm ${content.year + 1}`, text(targetText(content.nextYearTargets))],
    ['Nhận xét', text(p.explanationVi)],
  ];
  if (content.kind === 'PROVINCE') {
    for (const d of content.districts) {
      rows.push([
        `${d.district.name} (${d.district.code}): đã công nhận`,
        text(`${d.progress.recognised}/${d.progress.communes} (${vi(d.progress.sharePct)}%), ${PROGRESS_STATUS_VI[d.progress.status].toLowerCase()}`),
      ]);
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// CSV

/** A text starting with one of these could run as a formula when the CSV is opened in Excel. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: Cell): string {
  let value: string;
  if (cell === null) value = '';
  else if ('number' in cell) value = String(cell.number);
  else if ('date' in cell) value = cell.date;
  else value = FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Vietnamese), CRLF
 * line ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF quoted, quotes doubled), NFC text.
 * One header row ({@link COMMUNE_COLUMNS_VI}), one row per commune (a province report: every
 * district's communes, by district), then an empty row and the summary block — `label,value`
 * rows padded to the same number of fields, so every record has as many fields as the header.
 * Dates are `YYYY-MM-DD`, percentages use a decimal point. A text starting with `=`, `+`, `-`,
 * `@`, a tab or CR is prefixed with `'` so Excel never runs it as a formula. Pure.
 */
export function reportCsv(content: ReportContent): string {
  const width = COMMUNE_COLUMNS_VI.length;
  const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
  const lines: string[][] = [
    COMMUNE_COLUMNS_VI.map((h) => csvField(text(h))),
    ...communeCells(content).map((cells) => cells.map(csvField)),
    pad([]),
    pad([csvField(text('Tổng hợp'))]),
    ...summaryCells(content).map(([label, value]) => pad([csvField(text(label)), csvField(value)])),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Names of the three sheets of {@link reportXlsx}. */
export const SHEET_NAMES = Object.freeze({ summary: 'Tổng hợp', communes: 'Xã', rewards: 'Khen thưởng' });

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if ('number' in cell) return cell.number;
  if ('date' in cell) return new Date(`${cell.date}T00:00:00.000Z`);
  return cell.text;
}

function addTable(sheet: ExcelJS.Worksheet, headers: readonly string[], rows: readonly Cell[][]): void {
  const header = sheet.addRow(headers.map((h) => h.normalize('NFC')));
  header.font = { bold: true };
  for (const cells of rows) {
    const added = sheet.addRow(cells.map(xlsxValue));
    cells.forEach((cell, index) => {
      if (cell !== null && 'date' in cell) added.getCell(index + 1).numFmt = 'dd/mm/yyyy';
    });
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  headers.forEach((h, index) => {
    const longest = Math.max(h.length, ...rows.map((r) => {
      const c = r[index];
      return c === null || c === undefined ? 0 : 'text' in c ? Math.min(c.text.length, 60) : 10;
    }));
    sheet.getColumn(index + 1).width = longest + 2;
  });
}

/**
 * The report as an Excel workbook (exceljs): sheet "Tổng hợp" (the summary block, label and
 * value; for a province, then a table per district), sheet "Xã" (one row per commune, the
 * columns of {@link COMMUNE_COLUMNS_VI}) and sheet "Khen thưởng" (the reward lists, columns of
 * {@link REWARD_COLUMNS_VI}). Vietnamese headers, NFC text; codes are text (leading zeros kept),
 * counts and totals numbers, dates real dates shown dd/mm/yyyy (midnight UTC of the day);
 * percentages text, exactly as in the content. The header row of each table is frozen.
 * Workbook created/modified = `generatedAt`.
 */
export async function reportXlsx(content: ReportContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'child-friendly-commune-hub';
  workbook.created = new Date(content.generatedAt);
  workbook.modified = new Date(content.generatedAt);

  const summary = workbook.addWorksheet(SHEET_NAMES.summary);
  const header = summary.addRow(['Mục', 'Giá trị']);
  header.font = { bold: true };
  for (const [label, value] of summaryCells(content)) {
    const added = summary.addRow([label.normalize('NFC'), xlsxValue(value)]);
    if (value !== null && 'date' in value) added.getCell(2).numFmt = 'dd/mm/yyyy';
  }
  summary.getColumn(1).width = 60;
  summary.getColumn(2).width = 80;
  if (content.kind === 'PROVINCE') {
    summary.addRow([]);
    const tableHeader = summary.addRow([
      'Mã huyện',
      'Huyện',
      'Số xã',
      'Đã công nhận',
      'Tỷ lệ đạt chuẩn (%)',
      'Công nhận mới',
      'Không công nhận',
      'Thu hồi',
      'Đánh giá tiến độ',
    ]);
    tableHeader.font = { bold: true };
    for (const d of content.districts) {
      summary.addRow([
        d.district.code,
        d.district.name.normalize('NFC'),
        d.summary.communes,
        d.progress.recognised,
        d.progress.sharePct,
        d.summary.newlyRecognised,
        d.summary.states.NOT_RECOGNISED,
        d.summary.states.REVOKED,
        PROGRESS_STATUS_VI[d.progress.status],
      ]);
    }
  }

  addTable(workbook.addWorksheet(SHEET_NAMES.communes), COMMUNE_COLUMNS_VI, communeCells(content));
  addTable(workbook.addWorksheet(SHEET_NAMES.rewards), REWARD_COLUMNS_VI, rewardCells(content));

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
