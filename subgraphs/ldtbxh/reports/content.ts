/**
 * The content of the annual reports of plan 965/KH-UBND §VI, JSON-shaped: `districtReportContent`
 * (a district's report to Sở LĐTBXH, §VI.1) and `provinceReportContent` (Sở LĐTBXH's to the
 * province and the Ministry, §VI.2) built from the cycles, assessments and targets the caller
 * loaded — every commune's line, the counts, the newly recognised, refused and revoked, the reward
 * lists and decisions, progress and next year's targets. Progress is the one computation of
 * recognition/growth.ts, as the overview's. Units are named as they are (huyện / thành phố; xã /
 * phường / thị trấn). The annexes render this content (annex-csv.ts, annex-xlsx.ts), the document
 * is annual.ts. Pure.
 */
import type { CycleState, CycleStatus } from '../recognition/cycle';
import { CYCLE_STATUSES, REFUSED_STATUSES } from '../recognition/cycle';
import { rewardsForYear } from '../recognition/streaks';
import type { RewardLists, YearCycle } from '../recognition/streaks';
import { compareUnitCodes } from '../codes';
import type { Target } from '../recognition/targets';
import {
  communeChange,
  scopeProgress,
  targetsFor,
  withShares,
  type CommuneChange,
  type OwnTarget,
  type OwnTargetRecord,
  type ScopeProgress,
} from '../recognition/growth';
import { assertYear, reportDeadline } from './deadlines';
import type { AssessmentStatus } from '../assessment/model';

/** The assessment figures a report shows for a commune (from `shared/criteria` `Assessment`). */
export interface ReportAssessment {
  status: AssessmentStatus;
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
  assessmentStatus: AssessmentStatus | null;
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

/** What every report says of its scope's communes, computed alike for a district and the province ({@link scopeFigures}). */
export interface ScopeFigures {
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
  /** The scope's own target for next year (a number of communes, and the share it makes); `null` until it sets one. */
  nextYearOwnTarget: NextYearOwnTarget | null;
}

/** The report of one district for one year. JSON-shaped. */
export interface DistrictReportContent extends ScopeFigures {
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
export interface ProvinceReportContent extends ScopeFigures {
  kind: 'PROVINCE';
  province: ReportUnit;
  year: number;
  generatedAt: string;
  deadline: string;
  /** Sorted by district code; each with its own deadline, progress and targets. Empty on the two-tier map. */
  districts: DistrictReportContent[];
  /** Communes reporting to the province directly (two-tier map), sorted by code; empty when they report through districts. */
  communes: CommuneReportRow[];
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

function lists(rows: readonly CommuneReportRow[]): Pick<ScopeFigures, 'newlyRecognised' | 'notRecognised' | 'revoked'> {
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

/**
 * What a report says of the communes of `scope` (`district:<code>` or `province:<code>`) in
 * `year`: `rows` are their lines, `prepared` the same communes with their cycles, `rewards` their
 * reward lists. The keys come in the order the report shows them.
 */
function scopeFigures(
  scope: string,
  year: number,
  rows: readonly CommuneReportRow[],
  prepared: readonly PreparedCommune[],
  rewards: RewardLists,
  records: ReportRecords,
): ScopeFigures {
  const codes = new Set(rows.map((r) => r.code));
  return {
    summary: summarise(rows),
    ...lists(rows),
    rewards,
    rewardRecords: records.rewardRecords.filter((r) => codes.has(r.communeCode)),
    progress: progressOf(scope, year, prepared, records),
    nextYearTargets: records.targets.find((t) => t.scope === scope && t.year === year + 1) ?? null,
    nextYearOwnTarget: nextYearOwn(scope, year, rows.length, records),
  };
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
      ...scopeFigures(`district:${district.district.code}`, year, rows, prepared, rewards, records),
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
  const districts = built.map((b) => b.content);
  const rewards: RewardLists = direct
    ? {
        districtReward: direct.content.rewards.districtReward.map((e) => ({ ...e, districtCode: '' })),
        chairmanProposal: direct.content.rewards.chairmanProposal.map((e) => ({ ...e, districtCode: '' })),
      }
    : {
        districtReward: districts.flatMap((d) => d.rewards.districtReward),
        chairmanProposal: districts.flatMap((d) => d.rewards.chairmanProposal),
      };
  return {
    kind: 'PROVINCE',
    province: { ...input.province },
    year: input.year,
    generatedAt,
    deadline: reportDeadline('PROVINCE', input.year),
    districts,
    communes: directRows,
    ...scopeFigures(`province:${input.province.code}`, input.year, rows, prepared, rewards, input),
  };
}
