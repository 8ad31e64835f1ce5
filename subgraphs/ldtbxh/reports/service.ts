/**
 * The annual reports of a district or of the province: their content built from the stored cycles,
 * their frozen assessments and the targets, and the submissions as the graph shows them.
 */
import { badInput } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';
import { scopeData, yearCycles } from '../recognition/overview';
import { rewardRecords } from '../recognition/records-store';
import { REWARD_KIND_VI } from '../recognition/reward-rule';
import { replay } from '../recognition/service';
import type { SubmissionRow } from '../recognition/store';
import {
  deadlineStatus,
  districtReportContent,
  provinceReportContent,
  type ReportCommuneInput,
  type ReportContent,
  type ReportKind,
  type ReportRecords,
} from './reports';

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
      { status: 'COMPLETE' | 'INCOMPLETE'; eligible: boolean; total: number } | undefined;
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

/** A stored submission as the graph shows it, with its timeliness against the deadline. */
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
    content: JSON.stringify(row.content),
  };
}
