/**
 * The annual reports of plan 965/KH-UBND §VI and their deadlines: each district reports the
 * year's results and next year's targets to Sở LĐTBXH before 30 November (§VI.1); Sở LĐTBXH
 * reports to the province and the Ministry before 10 December (§VI.2).
 *
 * `districtReportContent` / `provinceReportContent` build a JSON-shaped report from the cycles,
 * assessments and targets the caller loaded; progress is the one computation of
 * recognition/growth.ts, as the overview's. `reportCsv` and `reportXlsx` render the annexes for
 * Excel (Vietnamese dates and numbers; numbers are numbers in the workbook), reports/annual.ts the
 * report itself. Units are named as they are (huyện / thành phố; xã / phường / thị trấn). No I/O:
 * the writers return a string or a Buffer.
 *
 * Deadlines: "trước ngày 30 tháng 11" is read literally — **before** the day, so the day itself
 * is late. A report is on time when submitted before 00:00 of the deadline day in Vietnam time
 * (UTC+7, no daylight saving): for 2020 the last on-time instant is 29/11/2020 23:59:59.999
 * +07:00 (docs/recognition.md §7).
 */
import ExcelJS from 'exceljs';

import type { CycleState, CycleStatus } from '../recognition/cycle';
import { CYCLE_STATE_NAMES_VI, CYCLE_STATUSES, REFUSED_STATUSES } from '../recognition/cycle';
import { rewardsForYear } from '../recognition/streaks';
import type { RewardEntry, RewardLists, YearCycle } from '../recognition/streaks';
import { compareUnitCodes } from '../codes';
import type { Target } from '../recognition/targets';
import { formatDateVi, viDecimal } from '../../../shared/format';
import { REWARD_RULE } from '../recognition/reward-rule';
import {
  communeChange,
  POSITION_VI,
  scopeProgress,
  STATUS_VI,
  targetsFor,
  withShares,
  type CommuneChange,
  type OwnTarget,
  type OwnTargetRecord,
  type ScopeProgress,
} from '../recognition/growth';

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
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year must be a 4-digit integer, got ${String(year)}`);
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
  /** Its unit type as the statistics office names it: `xã`, `phường` or `thị trấn`. */
  type: string;
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
  /** `type`: `huyện`, `thành phố`, `thị xã` as the statistics office names it. */
  district: ReportUnit;
  /** The communes existing in the district in the report year. */
  communes: readonly ReportCommuneInput[];
}

/** A district or province as a report names it. */
export interface ReportUnit {
  code: string;
  name: string;
  type: string;
}

/** A reward decision or proposal recorded for a commune of the report's scope and year. */
export interface RewardRecordEntry {
  kind: 'DISTRICT_REWARD' | 'CHAIRMAN_PROPOSAL' | 'CHAIRMAN_REWARD';
  /** Vietnamese name of the kind. */
  kindVi: string;
  communeCode: string;
  communeName: string;
  streak: number;
  number: string;
  /** `YYYY-MM-DD`. */
  date: string;
  signer: string;
  form: string;
}

/** What every report needs besides its communes: the records of the whole province. */
export interface ReportRecords {
  /** First year of the province's records (recognition/growth.ts); `null` when none. */
  recordsFrom: number | null;
  /** Band targets (any scopes and years, e.g. the stored ones or `DEFAULT_TARGETS`). */
  targets: readonly Target[];
  /** The levels' own targets (any scopes and years). */
  ownTargets: readonly OwnTargetRecord[];
  /** Reward decisions and proposals of the report year (any communes; those of the scope are kept). */
  rewardRecords: readonly RewardRecordEntry[];
}

/** What {@link districtReportContent} needs. */
export interface DistrictReportInput extends DistrictInput, ReportRecords {
  /** The province the district reports in (its Sở LĐTBXH receives the report). */
  province: ReportUnit;
  year: number;
  /** When the report is generated (the caller's clock). */
  generatedAt: Date;
}

/** One commune's line in a report. */
export interface CommuneReportRow {
  code: string;
  name: string;
  /** `xã`, `phường` or `thị trấn`. */
  type: string;
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
  /** How the year changed its recognition (recognition/growth.ts); `null` without data for the year before. */
  change: CommuneChange | null;
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
}

/** A commune recognised in the year and not the year before: for the first time, or back. */
export interface NewlyRecognisedEntry {
  code: string;
  name: string;
  districtCode: string | null;
  change: 'FIRST_EVER' | 'RETURN';
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
  district: ReportUnit;
  province: ReportUnit;
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
  /** The reward decisions and proposals recorded for the scope's communes in the year. */
  rewardRecords: RewardRecordEntry[];
  /** The one computation of recognition/growth.ts, as the overview shows it. */
  progress: ScopeProgress;
  /** The band of next year (the province's plan), `null` when none is recorded. */
  nextYearTargets: Target | null;
  /** The district's own target for next year (a number of communes, and the share it makes); `null` until it sets one. */
  nextYearOwnTarget: NextYearOwnTarget | null;
}

/** A level's own target of next year with the shares it makes. */
export type NextYearOwnTarget = OwnTarget & { newSharePct: string; recognisedSharePct: string | null };

/** What {@link provinceReportContent} needs. */
export interface ProvinceReportInput extends ReportRecords {
  province: ReportUnit;
  year: number;
  generatedAt: Date;
  districts: readonly DistrictInput[];
  /**
   * The communes that report to the province directly, when the reporting line of the year has no
   * district level (the two-tier map from 1 July 2025); `districts` is then empty.
   */
  communes?: readonly ReportCommuneInput[];
}

/** The report of Sở LĐTBXH for one year: every district's report plus the province's totals. */
export interface ProvinceReportContent {
  kind: 'PROVINCE';
  province: ReportUnit;
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
  rewardRecords: RewardRecordEntry[];
  progress: ScopeProgress;
  nextYearTargets: Target | null;
  /** The province's own target for next year; `null` until it sets one. */
  nextYearOwnTarget: NextYearOwnTarget | null;
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
      if (seen.has(input.code))
        throw new RangeError(`district ${district.district.code}: commune ${input.code} is listed twice`);
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

function recognisedYearsOf(cycles: readonly YearCycle[]): Set<number> {
  return new Set(cycles.filter((c) => c.state === 'RECOGNISED').map((c) => c.year));
}

function row(commune: PreparedCommune, year: number, streak: number, recordsFrom: number | null): CommuneReportRow {
  const { input, districtCode, cycles } = commune;
  const cycle = input.cycle;
  const selfAssessment = cycle !== null && cycle.status !== 'REGISTERED' ? cycle.selfAssessment : null;
  const recognition = cycle?.status === 'RECOGNISED' || cycle?.status === 'REVOKED' ? cycle.recognition : null;
  return {
    code: input.code,
    name: input.name,
    type: input.type,
    districtCode,
    state: cycle?.status ?? null,
    assessmentStatus: input.assessment?.status ?? null,
    total: input.assessment?.total ?? null,
    eligible: input.assessment === null ? null : input.assessment.status === 'COMPLETE' && input.assessment.eligible,
    meetingDate: selfAssessment?.meetingDate ?? null,
    decisionNumber: recognition?.decisionNumber ?? null,
    decisionDate: recognition?.decisionDate ?? null,
    signer: recognition?.signer ?? null,
    change: communeChange(recognisedYearsOf(cycles), year, recordsFrom),
    streak,
    refusalReason: cycle !== null && 'refusal' in cycle ? cycle.refusal.reason : null,
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
  };
}

function lists(
  rows: readonly CommuneReportRow[],
): Pick<DistrictReportContent, 'newlyRecognised' | 'notRecognised' | 'revoked'> {
  return {
    newlyRecognised: rows.flatMap((r) =>
      r.change !== 'FIRST_EVER' && r.change !== 'RETURN'
        ? []
        : [
            {
              code: r.code,
              name: r.name,
              districtCode: r.districtCode,
              change: r.change,
              decisionNumber: r.decisionNumber ?? '',
              decisionDate: r.decisionDate ?? '',
            },
          ],
    ),
    notRecognised: rows
      .filter((r) => r.state !== null && REFUSED_STATUSES.includes(r.state))
      .map((r) => ({ code: r.code, name: r.name, districtCode: r.districtCode, reason: r.refusalReason ?? '' })),
    revoked: rows.flatMap((r) =>
      r.revocation === null ? [] : [{ code: r.code, name: r.name, districtCode: r.districtCode, ...r.revocation }],
    ),
  };
}

/** The scope's progress: recognition/growth.ts on the prepared communes, the records' targets. */
function progressOf(
  scope: string,
  year: number,
  communes: readonly PreparedCommune[],
  records: ReportRecords,
): ScopeProgress {
  return scopeProgress({
    scope,
    year,
    communes: communes.map((c) => ({ code: c.input.code, cycles: c.cycles })),
    recordsFrom: records.recordsFrom,
    ...targetsFor(scope, year, records.targets, records.ownTargets),
  });
}

/** The scope's own target of next year, with the shares it makes of the communes of the report year. */
function nextYearOwn(scope: string, year: number, communes: number, records: ReportRecords): NextYearOwnTarget | null {
  const own = targetsFor(scope, year + 1, records.targets, records.ownTargets).ownTarget;
  return own === null ? null : withShares(own, communes);
}

function buildDistrict(
  district: DistrictInput,
  province: ReportUnit,
  year: number,
  generatedAt: string,
  records: ReportRecords,
): {
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
    return row(c, year, streak, records.recordsFrom);
  });
  const scope = `district:${district.district.code}`;
  const codes = new Set(rows.map((r) => r.code));
  return {
    prepared,
    content: {
      kind: 'DISTRICT',
      district: { ...district.district },
      province: { ...province },
      year,
      generatedAt,
      deadline: reportDeadline('DISTRICT', year),
      communes: rows,
      summary: summarise(rows),
      ...lists(rows),
      rewards,
      rewardRecords: records.rewardRecords.filter((r) => codes.has(r.communeCode)),
      progress: progressOf(scope, year, prepared, records),
      nextYearTargets: records.targets.find((t) => t.scope === scope && t.year === year + 1) ?? null,
      nextYearOwnTarget: nextYearOwn(scope, year, rows.length, records),
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
  return buildDistrict(input, input.province, input.year, input.generatedAt.toISOString(), input).content;
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
    .map((d) => buildDistrict(d, input.province, input.year, generatedAt, input));
  const districtCodes = new Set<string>();
  const communeCodes = new Set<string>();
  for (const { content } of built) {
    if (districtCodes.has(content.district.code))
      throw new RangeError(`district ${content.district.code} is listed twice`);
    districtCodes.add(content.district.code);
    for (const r of content.communes) {
      if (communeCodes.has(r.code)) throw new RangeError(`commune ${r.code} is listed in two districts`);
      communeCodes.add(r.code);
    }
  }
  // Communes reporting directly are built as one group of the province, then shown without a district.
  const direct =
    input.communes && input.communes.length > 0
      ? buildDistrict(
          { district: input.province, communes: input.communes },
          input.province,
          input.year,
          generatedAt,
          input,
        )
      : null;
  if (direct && built.length > 0)
    throw new RangeError('a province report has districts or communes reporting directly, not both');
  const directRows = (direct?.content.communes ?? []).map((r) => ({ ...r, districtCode: null }));
  const prepared = direct ? direct.prepared : built.flatMap((b) => b.prepared);
  const rows = direct ? directRows : built.flatMap((b) => b.content.communes);
  const scope = `province:${input.province.code}`;
  const districts = built.map((b) => b.content);
  return {
    kind: 'PROVINCE',
    province: { ...input.province },
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
    rewardRecords: input.rewardRecords.filter((r) => rows.some((row) => row.code === r.communeCode)),
    progress: progressOf(scope, input.year, prepared, input),
    nextYearTargets: input.targets.find((t) => t.scope === scope && t.year === input.year + 1) ?? null,
    nextYearOwnTarget: nextYearOwn(scope, input.year, rows.length, input),
  };
}

// ---------------------------------------------------------------------------------------------
// Rendering: the words and the tables both writers use

/** Vietnamese names of the states, as a report shows them; `NOT_REGISTERED` for no cycle. */
export const STATE_NAMES_VI: Readonly<Record<CycleStatus | 'NOT_REGISTERED', string>> = Object.freeze({
  NOT_REGISTERED: 'Chưa đăng ký',
  ...CYCLE_STATE_NAMES_VI,
});

/** Vietnamese names of how a commune's year changed its recognition; `NO_DATA` for no record of the year before. */
export const CHANGE_NAMES_VI: Readonly<Record<CommuneChange | 'NO_DATA', string>> = Object.freeze({
  FIRST_EVER: 'Công nhận lần đầu',
  RETURN: 'Công nhận lại',
  DROP_OUT: 'Không còn đạt chuẩn',
  STAYED: 'Duy trì đạt chuẩn',
  NOT_RECOGNISED: 'Chưa đạt chuẩn',
  NO_DATA: 'Chưa có số liệu năm trước',
});

/** Headers of the commune table (CSV and sheet "Đơn vị cấp xã"), in column order. */
export const COMMUNE_COLUMNS_VI: readonly string[] = Object.freeze([
  'Mã đơn vị cấp huyện',
  'Đơn vị cấp huyện',
  'Mã đơn vị cấp xã',
  'Tên đơn vị cấp xã',
  'Loại đơn vị',
  'Trạng thái',
  'Số liệu đánh giá',
  'Tổng điểm',
  'Đủ điều kiện công nhận',
  'Ngày họp Hội đồng đánh giá',
  'Số quyết định công nhận',
  'Ngày quyết định công nhận',
  'Người ký',
  'Biến động trong năm',
  'Số năm liên tục đạt chuẩn',
  'Lý do không công nhận / thu hồi',
  'Số quyết định thu hồi',
  'Ngày quyết định thu hồi',
]);

/** Headers of the sheet "Tăng trưởng": one row per district (a province report) and the report's own scope. */
export const GROWTH_COLUMNS_VI: readonly string[] = Object.freeze([
  'Mã đơn vị',
  'Đơn vị',
  'Số đơn vị cấp xã',
  'Đạt chuẩn năm trước',
  'Đạt chuẩn',
  'Tỷ lệ đạt chuẩn (%)',
  'Công nhận lần đầu',
  'Công nhận lại',
  'Không còn đạt chuẩn',
  'Tăng (giảm) thực',
  'Tăng (giảm) thực (%)',
  'Mức tăng tối thiểu (%)',
  'Mức tăng tối đa (%)',
  'So với mức tăng',
  'Đánh giá tiến độ',
  'Chỉ tiêu tự đề ra trong năm (số đơn vị)',
  'Chỉ tiêu năm sau (số đơn vị)',
  'Chỉ tiêu năm sau (%)',
]);

/** Headers of the sheet "Khen thưởng". */
export const REWARD_COLUMNS_VI: readonly string[] = Object.freeze([
  'Hình thức',
  'Mã đơn vị cấp huyện',
  'Đơn vị cấp huyện',
  'Mã đơn vị cấp xã',
  'Tên đơn vị cấp xã',
  'Số năm liên tục',
  'Các năm',
  'Văn bản đã ban hành',
  'Số văn bản',
  'Ngày văn bản',
  'Người ký',
  'Hình thức khen thưởng',
]);

const DISTRICT_REWARD_VI = 'Thuộc diện khen thưởng cấp huyện (3 năm liên tục)';
const CHAIRMAN_PROPOSAL_VI = 'Thuộc diện đề nghị Chủ tịch UBND tỉnh khen thưởng (5 năm liên tục)';

/**
 * A cell before rendering: text, a count (an integer, grouped in Vietnamese in the CSV), a
 * decimal (a percentage, `"7.7"`: a number in the workbook, `7,7` in the CSV), a date
 * `YYYY-MM-DD`, or empty.
 */
type Cell = { text: string } | { number: number } | { decimal: string } | { date: string } | null;

const text = (value: string | null): Cell => (value === null ? null : { text: value.normalize('NFC') });
const num = (value: number | null): Cell => (value === null ? null : { number: value });
const dec = (value: string | null): Cell => (value === null ? null : { decimal: value });
const date = (value: string | null): Cell => (value === null || value === '' ? null : { date: value });
const yesNo = (value: boolean | null): Cell => (value === null ? null : text(value ? 'Có' : 'Không'));

/** "Huyện Bác Ái", "Thành phố Phan Rang-Tháp Chàm": the unit as it is named, capitalised at the start of a cell. */
export function unitLabel(unit: { name: string; type: string }): string {
  const named = `${unit.type} ${unit.name}`.normalize('NFC');
  return named.charAt(0).toLocaleUpperCase('vi-VN') + named.slice(1);
}

function districtsOf(content: ReportContent): DistrictReportContent[] {
  return content.kind === 'DISTRICT' ? [content] : content.districts;
}

function communeCells(content: ReportContent): Cell[][] {
  const groups: { district: ReportUnit | null; communes: CommuneReportRow[] }[] = [...districtsOf(content)];
  if (content.kind === 'PROVINCE' && content.communes.length > 0)
    groups.push({ district: null, communes: content.communes });
  return groups.flatMap((d) =>
    d.communes.map((r) => [
      text(d.district?.code ?? null),
      text(d.district === null ? null : unitLabel(d.district)),
      text(r.code),
      text(r.name),
      text(r.type),
      text(STATE_NAMES_VI[r.state ?? 'NOT_REGISTERED']),
      text(r.assessmentStatus === null ? null : r.assessmentStatus === 'COMPLETE' ? 'Đầy đủ' : 'Chưa đầy đủ'),
      num(r.total),
      yesNo(r.eligible),
      date(r.meetingDate),
      text(r.decisionNumber),
      date(r.decisionDate),
      text(r.signer),
      text(CHANGE_NAMES_VI[r.change ?? 'NO_DATA']),
      num(r.streak),
      text(r.refusalReason ?? r.revocation?.reason ?? null),
      text(r.revocation?.decisionNumber ?? null),
      date(r.revocation?.decisionDate ?? null),
    ]),
  );
}

function growthLine(unit: { code: string; label: string }, p: ScopeProgress, next: NextYearOwnTarget | null): Cell[] {
  return [
    text(unit.code),
    text(unit.label),
    num(p.communes),
    num(p.previousRecognised),
    num(p.recognised),
    dec(p.sharePct),
    num(p.firstEver.count),
    num(p.returns.count),
    num(p.dropOuts.count),
    num(p.netChange.count),
    dec(p.netChange.pct),
    dec(p.band?.minPct ?? null),
    dec(p.band?.maxPct ?? null),
    text(POSITION_VI[p.netChange.position]),
    text(STATUS_VI[p.status]),
    num(p.ownTarget?.newCount ?? null),
    num(next?.newCount ?? null),
    dec(next?.newSharePct ?? null),
  ];
}

function growthCells(content: ReportContent): Cell[][] {
  const own = content.kind === 'DISTRICT' ? content.district : content.province;
  return [
    ...(content.kind === 'PROVINCE'
      ? content.districts.map((d) =>
          growthLine({ code: d.district.code, label: unitLabel(d.district) }, d.progress, d.nextYearOwnTarget),
        )
      : []),
    growthLine({ code: own.code, label: unitLabel(own) }, content.progress, content.nextYearOwnTarget),
  ];
}

function districtLabels(content: ReportContent): Map<string, string> {
  return new Map(districtsOf(content).map((d) => [d.district.code, unitLabel(d.district)]));
}

function rewardCells(content: ReportContent): Cell[][] {
  const labels = districtLabels(content);
  const records = new Map(content.rewardRecords.map((r) => [`${r.kind}|${r.communeCode}`, r]));
  const used = new Set<string>();
  const recordCells = (r: RewardRecordEntry | undefined): Cell[] => [
    text(r?.kindVi ?? null),
    text(r?.number ?? null),
    date(r?.date ?? null),
    text(r?.signer ?? null),
    text(r?.form ?? null),
  ];
  const line = (label: string, e: RewardEntry, kinds: readonly RewardRecordEntry['kind'][]): Cell[][] => {
    const found = kinds
      .map((k) => records.get(`${k}|${e.code}`))
      .filter((r): r is RewardRecordEntry => r !== undefined);
    for (const r of found) used.add(`${r.kind}|${r.communeCode}`);
    const due = [
      text(label),
      text(e.districtCode === '' ? null : e.districtCode),
      text(labels.get(e.districtCode) ?? null),
      text(e.code),
      text(e.name),
      num(e.streak),
      text(`${e.years[0] ?? ''}–${e.years[e.years.length - 1] ?? ''}`),
    ];
    return found.length === 0 ? [[...due, ...recordCells(undefined)]] : found.map((r) => [...due, ...recordCells(r)]);
  };
  const rows = [
    ...content.rewards.districtReward.flatMap((e) => line(DISTRICT_REWARD_VI, e, ['DISTRICT_REWARD'])),
    ...content.rewards.chairmanProposal.flatMap((e) =>
      line(CHAIRMAN_PROPOSAL_VI, e, ['CHAIRMAN_PROPOSAL', 'CHAIRMAN_REWARD']),
    ),
  ];
  // Decisions recorded for communes the hub's reading does not list as due this year are shown too.
  for (const r of content.rewardRecords) {
    if (used.has(`${r.kind}|${r.communeCode}`)) continue;
    rows.push([
      text('Đã có văn bản (ngoài danh sách của hệ thống)'),
      null,
      null,
      text(r.communeCode),
      text(r.communeName),
      num(r.streak),
      null,
      ...recordCells(r),
    ]);
  }
  return rows;
}

function bandText(target: Target | null): string | null {
  if (target === null) return null;
  return (
    `tăng ${viDecimal(target.newMinPct)}–${viDecimal(target.newMaxPct)}% số đơn vị` +
    (target.recognisedSharePct === null ? '' : `; tỷ lệ đạt chuẩn ${viDecimal(target.recognisedSharePct)}%`) +
    (target.provisional === true ? ' (tạm thời)' : '')
  );
}

function ownText(target: NextYearOwnTarget | null): string {
  if (target === null) return 'Chưa đề ra';
  return `thêm ${target.newCount} đơn vị (${viDecimal(target.newSharePct)}%)${target.recognisedCount === null ? '' : `, đạt ${target.recognisedCount} đơn vị (${viDecimal(target.recognisedSharePct ?? '0')}%)`}`;
}

function rewardNames(entries: readonly RewardEntry[]): string {
  return entries.length === 0 ? 'Không có' : entries.map((e) => `${e.name} (${e.code}, ${e.streak} năm)`).join('; ');
}

/** An instant as a report states when it was produced: `15:57 ngày 01/12/2026` (Vietnam time). */
export function producedAt(iso: string): string {
  const local = new Date(new Date(iso).getTime() + VIETNAM_OFFSET_MS).toISOString();
  return `${local.slice(11, 16)} ngày ${formatDateVi(local.slice(0, 10))}`;
}

/** The summary block (label, value), shared by the CSV and the sheet "Tổng hợp". */
function summaryCells(content: ReportContent): [string, Cell][] {
  const unit = content.kind === 'DISTRICT' ? content.district : content.province;
  const p = content.progress;
  const s = content.summary;
  const measure = (m: ScopeProgress['netChange']): Cell => num(m.count);
  const rows: [string, Cell][] = [
    [
      'Báo cáo',
      text(
        content.kind === 'DISTRICT'
          ? `Kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của UBND ${unitLabel(content.district).charAt(0).toLocaleLowerCase('vi-VN')}${unitLabel(content.district).slice(1)} gửi Sở Lao động - Thương binh và Xã hội`
          : 'Tổng hợp kết quả xây dựng xã, phường, thị trấn phù hợp với trẻ em của tỉnh gửi UBND tỉnh và Bộ Lao động - Thương binh và Xã hội',
      ),
    ],
    ['Đơn vị', text(`${unitLabel(unit)} (${unit.code})`)],
    ['Năm', text(String(content.year))],
    ['Thời điểm lập', text(producedAt(content.generatedAt))],
    ['Hạn gửi báo cáo (trước ngày)', date(content.deadline)],
    ['Số đơn vị cấp xã (xã, phường, thị trấn)', num(s.communes)],
    ['Đã đăng ký', num(s.registered)],
    ['Chưa đăng ký', num(s.notRegistered)],
    ...CYCLE_STATUSES.map((state): [string, Cell] => [
      `Trạng thái: ${state === 'REGISTERED' ? 'Đã đăng ký, chưa tự đánh giá' : STATE_NAMES_VI[state]}`,
      num(s.states[state]),
    ]),
    ['Đủ điều kiện công nhận (theo kết quả đánh giá)', num(s.eligible)],
    ['Đạt chuẩn năm trước', num(p.previousRecognised)],
    ['Đạt chuẩn', num(p.recognised)],
    ['Tỷ lệ đạt chuẩn (%)', dec(p.sharePct)],
    ['Công nhận lần đầu', measure(p.firstEver)],
    ['Công nhận lại', measure(p.returns)],
    ['Không còn đạt chuẩn', measure(p.dropOuts)],
    ['Tăng (giảm) thực', measure(p.netChange)],
    ['Tăng (giảm) thực (%)', dec(p.netChange.pct)],
    [
      'Mức tăng theo kế hoạch (%)',
      text(
        p.band === null
          ? null
          : `${viDecimal(p.band.minPct)}–${viDecimal(p.band.maxPct)}${p.band.provisional ? ' (tạm thời)' : ''}`,
      ),
    ],
    ['So với mức tăng', text(POSITION_VI[p.netChange.position])],
    [
      'Chỉ tiêu tỷ lệ đạt chuẩn',
      text(p.targetSharePct === null ? null : `${viDecimal(p.targetSharePct)}% đến năm ${p.targetYear ?? ''}`),
    ],
    ['Đánh giá tiến độ', text(STATUS_VI[p.status])],
    ['Năm dự kiến đạt chỉ tiêu', text(p.projectedYear === null ? null : String(p.projectedYear))],
    [
      `Chỉ tiêu tự đề ra năm ${content.year}`,
      text(
        p.ownTarget === null
          ? 'Chưa đề ra'
          : ownText(withShares(p.ownTarget, p.communes)) +
              (p.ownTarget.met === null ? '' : p.ownTarget.met ? ': đạt' : ': không đạt'),
      ),
    ],
    [DISTRICT_REWARD_VI, text(rewardNames(content.rewards.districtReward))],
    [CHAIRMAN_PROPOSAL_VI, text(rewardNames(content.rewards.chairmanProposal))],
    ['Quy tắc khen thưởng', text(REWARD_RULE.text)],
    [`Mức tăng năm ${content.year + 1} theo kế hoạch`, text(bandText(content.nextYearTargets))],
    [`Chỉ tiêu năm ${content.year + 1} tự đề ra`, text(ownText(content.nextYearOwnTarget))],
    ['Nhận xét', text(p.explanationVi)],
  ];
  if (content.kind === 'PROVINCE') {
    for (const d of content.districts) {
      rows.push([
        `${unitLabel(d.district)} (${d.district.code})`,
        text(
          `${d.progress.recognised}/${d.progress.communes} đạt chuẩn (${viDecimal(d.progress.sharePct)}%), ${STATUS_VI[d.progress.status].toLocaleLowerCase('vi-VN')}; chỉ tiêu năm ${content.year + 1}: ${ownText(d.nextYearOwnTarget).toLocaleLowerCase('vi-VN')}`,
        ),
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
  else if ('number' in cell) value = viDecimal(String(cell.number));
  else if ('decimal' in cell) value = viDecimal(cell.decimal);
  else if ('date' in cell) value = formatDateVi(cell.date);
  else value = FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report's annex as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Vietnamese),
 * CRLF line ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF quoted, quotes doubled), NFC
 * text. One header row ({@link COMMUNE_COLUMNS_VI}), one row per commune (a province report: every
 * district's communes, by district), then an empty row and the summary block — `label,value` rows
 * padded to the same number of fields, so every record has as many fields as the header. Written
 * the Vietnamese way throughout: dates `30/11/2020`, numbers `1.000` and `7,7` (a comma for
 * decimals in every field, so a decimal is always quoted), codes and years as text. A text
 * starting with `=`, `+`, `-`, `@`, a tab or CR is prefixed with `'` so Excel never runs it as a
 * formula. Pure.
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

/** Names of the sheets of {@link reportXlsx}. */
export const SHEET_NAMES = Object.freeze({
  summary: 'Tổng hợp',
  growth: 'Tăng trưởng',
  communes: 'Đơn vị cấp xã',
  rewards: 'Khen thưởng',
});

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if ('number' in cell) return cell.number;
  if ('decimal' in cell) return Number(cell.decimal);
  if ('date' in cell) return new Date(`${cell.date}T00:00:00.000Z`);
  return cell.text;
}

/** Number formats: dates dd/mm/yyyy, decimals with one place (Excel shows them in the reader's locale). */
function formatCell(target: ExcelJS.Cell, cell: Cell): void {
  if (cell === null) return;
  if ('date' in cell) target.numFmt = 'dd/mm/yyyy';
  else if ('decimal' in cell) target.numFmt = '0.0';
  else if ('number' in cell) target.numFmt = '#,##0';
}

function addTable(sheet: ExcelJS.Worksheet, headers: readonly string[], rows: readonly Cell[][]): void {
  const header = sheet.addRow(headers.map((h) => h.normalize('NFC')));
  header.font = { bold: true };
  for (const cells of rows) {
    const added = sheet.addRow(cells.map(xlsxValue));
    cells.forEach((cell, index) => formatCell(added.getCell(index + 1), cell));
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  headers.forEach((h, index) => {
    const longest = Math.max(
      h.length,
      ...rows.map((r) => {
        const c = r[index];
        return c === null || c === undefined ? 0 : 'text' in c ? Math.min(c.text.length, 60) : 10;
      }),
    );
    sheet.getColumn(index + 1).width = Math.min(longest, 60) + 2;
  });
}

/**
 * The report's annexes as an Excel workbook (exceljs): sheet "Tổng hợp" (the summary block, label
 * and value), "Tăng trưởng" (each district's growth and next year's target, then the report's
 * scope: {@link GROWTH_COLUMNS_VI}), "Đơn vị cấp xã" (one row per commune, {@link
 * COMMUNE_COLUMNS_VI}) and "Khen thưởng" (the communes due under the hub's reading of the rule
 * with the decisions recorded, {@link REWARD_COLUMNS_VI}, and the rule's text). Vietnamese
 * headers, NFC text; codes and years are text (leading zeros kept), counts, totals and percentages
 * numbers (percentages with one decimal), dates real dates shown dd/mm/yyyy (midnight UTC of the
 * day). The header row of each table is frozen. Workbook created/modified = `generatedAt`.
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
    formatCell(added.getCell(2), value);
  }
  summary.getColumn(1).width = 60;
  summary.getColumn(2).width = 80;

  addTable(workbook.addWorksheet(SHEET_NAMES.growth), GROWTH_COLUMNS_VI, growthCells(content));
  addTable(workbook.addWorksheet(SHEET_NAMES.communes), COMMUNE_COLUMNS_VI, communeCells(content));
  const rewards = workbook.addWorksheet(SHEET_NAMES.rewards);
  addTable(rewards, REWARD_COLUMNS_VI, rewardCells(content));
  rewards.addRow([]);
  rewards.addRow(['Ghi chú', REWARD_RULE.text]);

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
