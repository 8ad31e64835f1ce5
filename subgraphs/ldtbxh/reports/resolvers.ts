/**
 * Resolvers of the annual reports: generated content, downloads, deadlines and submissions. They
 * read the arguments and shape the answer; building, judging and submitting a report is service.ts.
 */
import { requireYear } from '../recognition/overview';
import { reportCsv } from './annex-csv';
import { reportXlsx } from './annex-xlsx';
import { reportDeadlines, reportOf, submitReport } from './service';
import type { Resolvers } from '../generated/schema-types';

export const reportResolvers: Resolvers = {
  Query: {
    report: (_, args, ctx) => reportOf(ctx, requireYear(args.year), args.provinceCode, args.districtCode ?? null),
    reportDeadlines: (_, args, ctx) => reportDeadlines(ctx, requireYear(args.year), args.provinceCode),
  },
  Report: {
    csv: (report) => reportCsv(report.content),
    xlsxBase64: async (report) => (await reportXlsx(report.content)).toString('base64'),
  },
  Mutation: {
    submitReport: (_, args, ctx) =>
      submitReport(ctx, requireYear(args.year), args.provinceCode, args.districtCode ?? null),
  },
};
