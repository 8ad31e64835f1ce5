/** Resolvers of the annual reports: generated content, downloads, deadlines and submissions. */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeDistrictReport, authorizeProvinceReport } from '../../../shared/authorization';
import { inYearKey } from '../places/loaders';
import { reportingProcedure } from '../procedure/place';
import { requireYear } from '../recognition/overview';
import { firstSubmissions, insertSubmission, submissionsOf } from '../recognition/store';
import { deadlineStatus, reportCsv, reportDeadline, reportXlsx, type ReportKind } from './reports';
import { buildReport, submissionView } from './service';
import type { Resolvers } from '../generated/schema-types';

export const reportResolvers: Resolvers = {
  Query: {
    report: async (_, args, ctx) => {
      const year = requireYear(args.year);
      const built = await buildReport(ctx, year, args.provinceCode, args.districtCode ?? null);
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
        fileName: `bao-cao-${built.kind === 'DISTRICT' ? `huyen-${args.districtCode}` : `tinh-${args.provinceCode}`}-${year}`,
        submissions: submissions.map(submissionView),
      };
    },
    reportDeadlines: async (_, args, ctx) => {
      const year = requireYear(args.year);
      const reporting = await reportingProcedure(ctx, year);
      const districtsOfYear = await ctx.places.districtsOfProvince.load(
        inYearKey(args.provinceCode, { kind: 'date', date: `${year}-12-31` }),
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
        line('PROVINCE', `province:${args.provinceCode}`),
      ];
    },
  },
  Report: {
    content: (report) => JSON.stringify(report.content),
    csv: (report) => reportCsv(report.content),
    xlsxBase64: async (report) => (await reportXlsx(report.content)).toString('base64'),
  },
  Mutation: {
    submitReport: async (_, args, ctx) => {
      const year = requireYear(args.year);
      if (args.districtCode) authorizeDistrictReport(ctx.identity, args.districtCode);
      else authorizeProvinceReport(ctx.identity, args.provinceCode);
      const built = await buildReport(ctx, year, args.provinceCode, args.districtCode ?? null);
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
    },
  },
};
