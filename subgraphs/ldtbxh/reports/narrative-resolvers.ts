/**
 * Resolvers of the officer's own sections of an annual report and of the report as a document:
 * saving a version of the sections, reading the latest and every earlier one, and the DOCX.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeDistrictReport, authorizeProvinceReport } from '../../../shared/authorization';
import { badInput, hubError } from '../../../shared/errors';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { reportingProcedure } from '../procedure/place';
import { requireYear } from '../recognition/overview';
import { annualReportDocx } from './annual';
import { checkNarrative, EMPTY_NARRATIVE, missingFields, type NarrativeFields } from './narrative';
import { insertNarrative, narrativesOf, type NarrativeRow } from './narrative-store';
import type { ReportContent } from './content';
import type { ReportKind } from './deadlines';
import type { Resolvers } from '../generated/schema-types';

export function narrativeView(row: NarrativeRow | null, kind: ReportKind, scope: string, year: number) {
  const fields = row?.fields ?? EMPTY_NARRATIVE;
  return {
    kind,
    scope,
    year,
    version: row?.version ?? 0,
    ...fields,
    missingFields: missingFields(fields),
    savedBy: row?.savedBy ?? null,
    savedAt: row?.savedAt.toISOString() ?? null,
  };
}

/** The latest sections of a report (the empty ones when none was saved). */
export async function latestNarrative(
  ctx: LdtbxhContext,
  kind: ReportKind,
  scope: string,
  year: number,
): Promise<NarrativeFields> {
  const rows = await narrativesOf(ctx.services.db.dataSource, kind, scope, year);
  return rows[rows.length - 1]?.fields ?? EMPTY_NARRATIVE;
}

export const narrativeResolvers: Resolvers = {
  Mutation: {
    saveReportText: async (_, args, ctx) => {
      const { year: rawYear, districtCode, provinceCode, ...rest } = args.input;
      const year = requireYear(rawYear);
      if (districtCode) authorizeDistrictReport(ctx.identity, districtCode);
      else authorizeProvinceReport(ctx.identity, provinceCode);
      if (districtCode) {
        const [district, reporting] = await Promise.all([
          ctx.places.districtAt.load(inYearKey(districtCode, { kind: 'date', date: `${year}-12-31` })),
          reportingProcedure(ctx, year),
        ]);
        if (!district || district.provinceCode !== provinceCode || reporting.reportingLevel === 'PROVINCE') {
          throw badInput(
            'districtCode',
            `district ${districtCode} of province ${provinceCode} has no report for ${year}`,
            { messageVi: `năm ${year} không có báo cáo cấp huyện của huyện ${districtCode}` },
          );
        }
      }
      const checked = checkNarrative(rest);
      if ('problems' in checked) {
        throw hubError(
          'REPORT_TEXT_INVALID',
          `the report's sections have ${checked.problems.length} problem(s): ${checked.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`,
          { problems: checked.problems },
        );
      }
      const kind: ReportKind = districtCode ? 'DISTRICT' : 'PROVINCE';
      const scope = districtCode ? `district:${districtCode}` : `province:${provinceCode}`;
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertNarrative(m, { kind, scope, year, fields: checked.fields, savedBy: actor.name }),
      );
      return narrativeView(row, kind, scope, year);
    },
  },
  Report: {
    text: async (report, _, ctx) => {
      const rows = await narrativesOf(ctx.services.db.dataSource, report.kind, report.scope, report.year);
      return narrativeView(rows[rows.length - 1] ?? null, report.kind, report.scope, report.year);
    },
    textHistory: async (report, _, ctx) =>
      (await narrativesOf(ctx.services.db.dataSource, report.kind, report.scope, report.year)).map((row) =>
        narrativeView(row, report.kind, report.scope, report.year),
      ),
    docxBase64: async (report, _, ctx) =>
      annualReportDocx(report.content, await latestNarrative(ctx, report.kind, report.scope, report.year)).toString(
        'base64',
      ),
  },
};
