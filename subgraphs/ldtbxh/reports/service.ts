/**
 * The annual reports of a district or of the province: their content built from the stored cycles,
 * their frozen assessments and the targets; a report with its deadline and submissions; the
 * deadlines of a province's reports of a year (no district report where communes report to the
 * province directly); submitting a report; and the submissions as the graph shows them.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeDistrictReport, authorizeProvinceReport } from '../../../shared/authorization';
import { badInput } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { reportingProcedure } from '../procedure/place';
import { scopeData, yearCycles } from '../recognition/overview';
import { rewardRecords } from '../recognition/records-store';
import { REWARD_KIND_VI } from '../recognition/reward-rule';
import { replay } from '../recognition/service';
import { firstSubmissions, insertSubmission, submissionsOf, type SubmissionRow } from '../recognition/store';
import {
  districtReportContent,
  provinceReportContent,
  type ReportCommuneInput,
  type ReportContent,
  type ReportRecords,
} from './content';
import { deadlineStatus, reportDeadline, type ReportKind } from './deadlines';
import type { AssessmentStatus } from '../assessment/model';

/** Builds a report's content from the stored cycles, their frozen assessments and the targets. */
export async function buildReport(
  ctx: LdtbxhContext,
  year: number,
  provinceCode: string,
  districtCode: string | null,
): Promise<{ kind: ReportKind; scope: string; content: ReportContent }> {
  const data = await scopeData(ctx, provinceCode, year);
  const keys = data.communes.map((c) => `${c.code}|${year}`);
  const events = await ctx.recognition.events.loadMany(keys);
  const inputs = new Map<string, ReportCommuneInput>();
  data.communes.forEach((commune, index) => {
    const list = events[index];
    if (list instanceof Error || list === undefined) throw list ?? new Error('events not loaded');
    const snapshot = [...list].reverse().find((e) => e.snapshot !== null)?.snapshot as
      { status: AssessmentStatus; eligible: boolean; total: number } | undefined;
    inputs.set(commune.code, {
      code: commune.code,
      name: commune.name,
      type: commune.type,
      cycle: replay(list),
      cycles: yearCycles((data.cycles.get(commune.code) ?? []).filter((r) => r.year !== year)),
      assessment: snapshot ? { status: snapshot.status, eligible: snapshot.eligible, total: snapshot.total } : null,
    });
  });
  if (data.direct && districtCode) {
    throw badInput(
      'districtCode',
      `in ${year} communes report to the province directly (procedure from ${data.reporting.validFrom}${data.reporting.levelsProvisional ? ', provisional' : ''}): there is no district report`,
      {
        messageVi: `năm ${year} xã báo cáo trực tiếp cấp tỉnh: không có báo cáo cấp huyện`,
      },
    );
  }
  const districtInput = (code: string) => {
    const district = data.districts.find((d) => d.code === code);
    if (!district) throw badInput('districtCode', `district ${code} is not a district of province ${provinceCode}`);
    return {
      district: { code: district.code, name: district.name, type: district.type },
      communes: data.communes
        .filter((c) => c.districtCode === code)
        .map((c) => inputs.get(c.code) as ReportCommuneInput),
    };
  };
  const generatedAt = new Date();
  const names = new Map(data.communes.map((c) => [c.code, c.name]));
  const records: ReportRecords = {
    ...data.records,
    rewardRecords: (
      await rewardRecords(
        ctx.services.db.dataSource,
        data.communes.map((c) => c.code),
        year,
      )
    ).map((r) => ({
      kind: r.kind,
      kindVi: REWARD_KIND_VI[r.kind],
      communeCode: r.communeCode,
      communeName: names.get(r.communeCode) ?? r.communeCode,
      streak: r.streak,
      number: r.number,
      date: r.date,
      signer: r.signer,
      form: r.form,
    })),
  };
  const province = { code: data.province.code, name: data.province.name, type: data.province.type };
  if (data.direct) {
    return {
      kind: 'PROVINCE',
      scope: `province:${provinceCode}`,
      content: provinceReportContent({
        ...records,
        province,
        year,
        generatedAt,
        districts: [],
        communes: data.communes.map((c) => inputs.get(c.code) as ReportCommuneInput),
      }),
    };
  }
  if (districtCode) {
    return {
      kind: 'DISTRICT',
      scope: `district:${districtCode}`,
      content: districtReportContent({ ...records, ...districtInput(districtCode), province, year, generatedAt }),
    };
  }
  return {
    kind: 'PROVINCE',
    scope: `province:${provinceCode}`,
    content: provinceReportContent({
      ...records,
      province,
      year,
      generatedAt,
      districts: data.districts.map((d) => districtInput(d.code)),
    }),
  };
}

/** A report as the `Report` type resolves it: the generated content, its deadline and submissions. */
export interface ReportParent {
  kind: ReportKind;
  scope: string;
  year: number;
  deadline: string;
  status: ReturnType<typeof deadlineStatus>;
  content: ReportContent;
  fileName: string;
  submissions: ReturnType<typeof submissionView>[];
}

/** A stored submission as the graph shows it, with its timeliness against the deadline. */
export function submissionView(row: SubmissionRow) {
  const status = deadlineStatus({
    kind: row.kind,
    year: row.year,
    submittedAt: row.submittedAt,
    now: new Date(),
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  return {
    ...row,
    submittedAt: row.submittedAt.toISOString(),
    timeliness: status,
  };
}

/**
 * The report of the district (`districtCode`) or of the province for `year`, as the graph shows
 * it: its content, its deadline and whether it came in time (judged on its first submission), its
 * file name and its submissions.
 */
export async function reportOf(
  ctx: LdtbxhContext,
  year: number,
  provinceCode: string,
  districtCode: string | null,
): Promise<ReportParent> {
  const built = await buildReport(ctx, year, provinceCode, districtCode);
  const submissions = await submissionsOf(ctx.services.db.dataSource, built.kind, built.scope, year);
  const first = submissions[0]?.submittedAt ?? null;
  return {
    kind: built.kind,
    scope: built.scope,
    year,
    deadline: reportDeadline(built.kind, year),
    status: deadlineStatus({
      kind: built.kind,
      year,
      submittedAt: first,
      now: new Date(),
      timeZone: 'Asia/Ho_Chi_Minh',
    }),
    content: built.content,
    fileName: `bao-cao-${built.kind === 'DISTRICT' ? `huyen-${districtCode}` : `tinh-${provinceCode}`}-${year}`,
    submissions: submissions.map(submissionView),
  };
}

/**
 * The reports due from a province for `year`, each with its deadline, its status and when it was
 * first submitted: every district's (none where communes report to the province directly), then
 * the province's.
 */
export async function reportDeadlines(ctx: LdtbxhContext, year: number, provinceCode: string) {
  const reporting = await reportingProcedure(ctx, year);
  const districtsOfYear = await ctx.places.districtsOfProvince.load(
    inYearKey(provinceCode, { kind: 'date', date: `${year}-12-31` }),
  );
  // No district reports are due where communes report to the province directly.
  const districts = reporting.reportingLevel === 'PROVINCE' ? [] : districtsOfYear;
  const first = await firstSubmissions(ctx.services.db.dataSource, year);
  const now = new Date();
  const line = (kind: ReportKind, scope: string) => {
    const submittedAt = first.get(`${kind}|${scope}`) ?? null;
    return {
      kind,
      scope,
      year,
      deadline: reportDeadline(kind, year),
      status: deadlineStatus({ kind, year, submittedAt, now, timeZone: 'Asia/Ho_Chi_Minh' }),
      submittedAt: submittedAt?.toISOString() ?? null,
    };
  };
  return [
    ...districts.map((d) => line('DISTRICT', `district:${d.code}`)),
    line('PROVINCE', `province:${provinceCode}`),
  ];
}

/**
 * Submits the report of the district (`districtCode`) or of the province for `year`: the content
 * as generated now is stored with who submitted it, in an audited transaction.
 *
 * @throws UNAUTHENTICATED, FORBIDDEN (not the district's or the province's reporter), and as
 *   {@link buildReport}.
 */
export async function submitReport(
  ctx: LdtbxhContext,
  year: number,
  provinceCode: string,
  districtCode: string | null,
): Promise<ReturnType<typeof submissionView>> {
  if (districtCode) authorizeDistrictReport(ctx.identity, districtCode);
  else authorizeProvinceReport(ctx.identity, provinceCode);
  const built = await buildReport(ctx, year, provinceCode, districtCode);
  const actor = actorFor(ctx.identity, ctx.requestId);
  const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
    insertSubmission(m, {
      kind: built.kind,
      scope: built.scope,
      year,
      submittedBy: actor.name,
      content: built.content,
    }),
  );
  return submissionView(row);
}
