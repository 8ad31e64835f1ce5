/**
 * Resolvers of a department's intake (shared/department/intake.graphql): its template, sheet
 * import, staged publications, the values other departments' rules compare with, rule checks.
 */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { actorFor, authorizePublish, maySeeSensitive } from '../authorization';
import type { Department } from '../departments';
import { badInput, hubError } from '../errors';
import type { IndicatorKind } from '../criteria/types';
import { rejectionMessageVi } from '../intake/messages';
import { runImport } from '../intake/run';
import { parseSheet } from '../intake/sheet';
import { templateFile, templateFileName, type TemplateRow } from '../intake/template';
import { versionForPublishing } from '../reference/assignments';
import { currentPeriod } from '../reference/reader';
import type { DepartmentContext } from './context';
import type { Resolvers } from './generated/schema-types';
import { forDepartment } from './template';
import type { IndicatorValue } from './entities/IndicatorValue';
import { indicatorValueView } from './resolvers';
import { approvalOf, communeYearApproval, takeApprovalStep, type ApprovalAction, type ApprovalScope } from './approval';
import {
  appendStaged,
  checkStored,
  commitStaged,
  discardStaged,
  openStaged,
  publishChecked,
  readStagedView,
  type IntakeDeps,
} from './staging';
import type { RuleSet } from '../rules/rules';

const MAX_VALUE_COMMUNES = 20000;

function deps(context: DepartmentContext, ruleSets: readonly RuleSet[]): IntakeDeps {
  const gatewayUrl = context.services.gatewayUrl;
  return {
    services: context.services,
    ruleSets,
    gatewayUrl: () => {
      if (!gatewayUrl)
        throw new Error(
          `the ${context.services.department.code} service has no gateway URL configured (HUB_GATEWAY_URL)`,
        );
      return gatewayUrl();
    },
  };
}

const caller = (context: DepartmentContext) => ({
  identity: context.identity,
  internalSecret: context.services.internalSecret,
  requestId: context.requestId,
});

/** The version of the set that `year` is published against (as publishing picks it). @throws UNKNOWN_CRITERIA_SET, YEAR_OUT_OF_RANGE */
async function loadedSet(context: DepartmentContext, criteriaSetId: string, year: number) {
  return versionForPublishing(context.services.db.dataSource, context.services.catalogue, criteriaSetId, year);
}

/** The communes of a district or a province in a year, by code. @throws NOT_FOUND for an unknown district or province */
type ApprovalArgs = { districtCode?: string | null; provinceCode?: string | null; year: number; criteriaSetId: string };
/** The scope as sent; checked (one of district or province) after the caller's role. */
const rawScope = (args: ApprovalArgs): ApprovalScope => ({
  districtCode: args.districtCode ?? null,
  provinceCode: args.provinceCode ?? null,
  year: args.year,
  criteriaSetId: args.criteriaSetId,
});

async function scopeCommunes(
  context: DepartmentContext,
  year: number,
  districtCode: string | null | undefined,
  provinceCode: string | null | undefined,
) {
  const reference = context.services.reference;
  if (districtCode) {
    if (!/^\d{3}$/.test(districtCode))
      throw badInput('districtCode', `districtCode ${districtCode} is not a 3-digit district code`, {
        messageVi: `Mã huyện ${districtCode} không hợp lệ`,
      });
    const byDistrict = await reference.communesOfDistricts([districtCode], year);
    const communes = byDistrict.get(districtCode) ?? [];
    if (communes.length === 0)
      throw hubError('NOT_FOUND', `district ${districtCode} has no communes in ${year}`, {
        what: 'district',
        key: districtCode,
        field: 'districtCode',
        messageVi: `Huyện ${districtCode} không có xã nào trong năm ${year}`,
      });
    return communes;
  }
  const province = provinceCode ?? '58';
  const communes = (await reference.communesOfProvinces([province], year)).get(province) ?? [];
  if (communes.length === 0)
    throw hubError('NOT_FOUND', `province ${province} has no communes in ${year}`, {
      what: 'province',
      key: province,
      field: 'provinceCode',
      messageVi: `Tỉnh ${province} không có xã nào trong năm ${year}`,
    });
  return communes;
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw badInput('contentBase64', 'contentBase64 is not base64', { messageVi: 'Nội dung tệp không phải base64' });
  }
  return Buffer.from(compact, 'base64');
}

/** Resolvers of the intake of `department`; `ruleSets` are the validation rules read at start. */
/** One step of the approval of the scope `input` names, by the caller. */
function approvalStep(context: DepartmentContext, action: ApprovalAction, input: ApprovalArgs, reason: string | null) {
  return takeApprovalStep(
    context.services,
    context.identity,
    actorFor(context.identity, context.requestId),
    action,
    rawScope(input),
    reason,
  );
}

export function intakeResolvers<TContext extends DepartmentContext = DepartmentContext>(
  department: Department,
  ruleSets: readonly RuleSet[],
): GraphQLResolverMap<TContext> {
  const slug = department.slug;
  const resolvers: Resolvers = {
    CommuneYear: {
      deptApproval: (parent, _args, context) => communeYearApproval(context, parent.communeCode, parent.year),
    },
    RowRejection: {
      messageVi: (r) => r.messageVi ?? rejectionMessageVi(r),
    },
    Query: {
      deptTemplate: async (_root, args, context) => {
        const { input } = args;
        const loaded = await loadedSet(context, input.criteriaSetId, input.year);
        const communes = await scopeCommunes(context, input.year, input.districtCode, input.provinceCode);
        const districts = await context.services.reference.districtsByCodes([
          ...new Set(communes.flatMap((c) => (c.districtCode === null ? [] : [c.districtCode]))),
        ]);
        const indicators = loaded.set.criteria
          .flatMap((c) => c.indicators)
          .filter((i) => i.department === department.code);
        const codes = communes.map((c) => c.code).sort();
        const stored: IndicatorValue[] = await context.services.db.dataSource.query(
          `SELECT commune_code AS "communeCode", indicator_code AS "indicatorCode", numerator, denominator, count, flag, grade, note, source_ref AS "sourceRef"
             FROM "${slug}".indicator_value WHERE criteria_set_id = $1 AND year = $2 AND commune_code = ANY($3)`,
          [loaded.set.id, input.year, codes],
        );
        const prefill = maySeeSensitive(context.identity, department.code, null);
        const byKey = new Map(stored.map((v) => [`${v.communeCode}|${v.indicatorCode}`, v]));
        const byCode = new Map(communes.map((c) => [c.code, c]));
        const rows: TemplateRow[] = [];
        for (const code of [...new Set(codes)]) {
          const commune = byCode.get(code);
          if (!commune) continue;
          // No district on the two-tier map (from 1 July 2025): the column is left empty.
          const district =
            commune.districtCode === null ? undefined : currentPeriod(districts.get(commune.districtCode) ?? []);
          for (const indicator of indicators) {
            const value = prefill ? byKey.get(`${code}|${indicator.code}`) : undefined;
            rows.push({
              communeCode: code,
              communeName: commune.name,
              district: district?.name ?? commune.districtCode ?? '',
              indicator: indicator.code,
              indicatorTitle: indicator.title,
              kind: indicator.kind as IndicatorKind,
              grades: indicator.kind === 'GRADED' ? indicator.grades.map((g) => g.grade) : [],
              current: value
                ? {
                    numerator: value.numerator,
                    denominator: value.denominator,
                    count: value.count,
                    value: value.flag,
                    grade: value.grade,
                    note: value.note,
                    sourceRef: value.sourceRef,
                  }
                : null,
            });
          }
        }
        const meta = {
          department: department.code,
          departmentVi: department.nameVi,
          criteriaSetId: loaded.set.id,
          criteriaSetVersion: loaded.set.version,
          year: input.year,
        };
        const file = await templateFile(rows, input.format, meta);
        return {
          fileName: templateFileName(meta, input.format),
          format: input.format,
          contentBase64: file.toString('base64'),
          rows: rows.length,
          criteriaSetId: loaded.set.id,
          criteriaSetVersion: loaded.set.version,
          year: input.year,
        };
      },
      deptValues: async (_root, args, context) => {
        if (args.communes.length > MAX_VALUE_COMMUNES)
          throw badInput('communes', `at most ${MAX_VALUE_COMMUNES} communes in one call`, {
            messageVi: `Tối đa ${MAX_VALUE_COMMUNES} xã mỗi lần`,
          });
        const rows: IndicatorValue[] = await context.services.db.dataSource.query(
          `SELECT id, commune_code AS "communeCode", year, criteria_set_id AS "criteriaSetId", indicator_code AS "indicatorCode", kind, numerator, denominator, count,
                  flag, grade, note, source_ref AS "sourceRef", revision, publication_id AS "publicationId", published_by AS "publishedBy",
                  published_at AS "publishedAt", first_published_at AS "firstPublishedAt"
             FROM "${slug}".indicator_value
            WHERE criteria_set_id = $1 AND year = $2 AND indicator_code = ANY($3) AND commune_code = ANY($4)
            ORDER BY commune_code, indicator_code`,
          [args.criteriaSetId, args.year, args.indicators, args.communes],
        );
        const withheld = !maySeeSensitive(context.identity, department.code, null);
        return rows.map((row) => indicatorValueView(row, department, withheld));
      },
      deptStagedPublication: (_root, args, context) =>
        readStagedView(
          deps(context, ruleSets),
          context.identity,
          actorFor(context.identity, context.requestId),
          args.id,
        ),
      deptApproval: (_root, args, context) => approvalOf(context.services, context.identity, rawScope(args)),
      deptRuleCheck: async (_root, args, context) => {
        await loadedSet(context, args.criteriaSetId, args.year);
        const communes = await scopeCommunes(context, args.year, args.districtCode, args.provinceCode);
        return checkStored(deps(context, ruleSets), caller(context), args.criteriaSetId, args.year, [
          ...new Set(communes.map((c) => c.code)),
        ]);
      },
    },
    Mutation: {
      submitDeptValues: (_root, args, context) => approvalStep(context, 'SUBMIT', args.input, null),
      approveDeptValues: (_root, args, context) => approvalStep(context, 'APPROVE', args.input, null),
      returnDeptValues: (_root, args, context) => approvalStep(context, 'RETURN', args.input, args.input.reason),
      importDeptSheet: async (_root, args, context) => {
        authorizePublish(context.identity, department);
        const { input } = args;
        const buffer = decodeBase64(input.contentBase64);
        const loaded = await loadedSet(context, input.criteriaSetId, input.year);
        const kinds = new Map(
          loaded.set.criteria.flatMap((c) => c.indicators).map((i) => [i.code, i.kind as IndicatorKind]),
        );
        const parsed = await parseSheet(buffer, input.format, { kinds });
        // The gateway's deadline holds: nothing is written after it has told the caller the call failed.
        const actor = actorFor(context.identity, context.requestId, {
          deadline: context.deadline,
          abandoned: context.abandoned,
        });
        return runImport(
          parsed,
          (rows, dryRun) =>
            publishChecked(
              deps(context, ruleSets),
              caller(context),
              actor,
              input.criteriaSetId,
              input.year,
              rows,
              dryRun,
            ),
          input.dryRun,
        );
      },
      openDeptStagedPublication: (_root, args, context) =>
        openStaged(
          deps(context, ruleSets),
          context.identity,
          actorFor(context.identity, context.requestId),
          args.input.criteriaSetId,
          args.input.year,
        ),
      appendDeptStagedRows: (_root, args, context) =>
        appendStaged(
          deps(context, ruleSets),
          context.identity,
          actorFor(context.identity, context.requestId),
          args.id,
          args.rows,
        ),
      commitDeptStagedPublication: async (_root, args, context) => {
        const actor = actorFor(context.identity, context.requestId, {
          deadline: context.deadline,
          abandoned: context.abandoned,
        });
        const { staged, outcome } = await commitStaged(
          deps(context, ruleSets),
          caller(context),
          actor,
          args.id,
          args.dryRun,
        );
        // Waited for (commitStaged's `wait`): the outcome is there.
        if (outcome === null) throw new Error(`staged publication ${args.id}: the commit returned no outcome`);
        return { ...outcome, staged };
      },
      beginDeptStagedCommit: async (_root, args, context) =>
        (
          await commitStaged(
            deps(context, ruleSets),
            caller(context),
            actorFor(context.identity, context.requestId),
            args.id,
            args.dryRun,
            false,
          )
        ).staged,
      discardDeptStagedPublication: (_root, args, context) =>
        discardStaged(
          deps(context, ruleSets),
          context.identity,
          actorFor(context.identity, context.requestId),
          args.id,
        ),
    },
  };
  return forDepartment<TContext>(department, resolvers);
}
