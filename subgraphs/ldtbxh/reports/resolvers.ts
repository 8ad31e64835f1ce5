/**
 * Resolvers of the annual reports: generated content, downloads, deadlines and submissions. They
 * read the arguments and shape the answer; building, judging and submitting a report is service.ts.
 */
import type { LdtbxhContext } from '../context';
import { requireYear } from '../recognition/overview';
import { reportCsv } from './annex-csv';
import { reportXlsx } from './annex-xlsx';
import { reportDeadlines, reportOf, submitReport } from './service';
import type { Resolvers } from '../generated/schema-types';

export const reportResolvers: Resolvers = {
  Query: {
    report: (_, args, ctx) => reportOf(ctx, requireYear(args.year), args.provinceCode, args.districtCode ?? null),
    reportDeadlines: (_: unknown, args: { year: number; provinceCode: string }, ctx: LdtbxhContext) =>
      reportDeadlines(ctx, requireYear(args.year), args.provinceCode),
  },
  Report: {
    content: (report) => JSON.stringify(report.content),
    csv: (report) => reportCsv(report.content),
    xlsxBase64: async (report) => (await reportXlsx(report.content)).toString('base64'),
  },
  Mutation: {
    submitReport: (
      _: unknown,
      args: { year: number; districtCode?: string | null; provinceCode: string },
      ctx: LdtbxhContext,
    ) => submitReport(ctx, requireYear(args.year), args.provinceCode, args.districtCode ?? null),
  },
};
