/**
 * Resolvers of the departments' follow-up: the completeness table (follow-up/completeness.ts, the
 * departments' publications asked of the graph), the province's deadlines and the reminders.
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeProvinceWork } from '../../../shared/authorization';
import { DEPARTMENTS, type DepartmentCode } from '../../../shared/departments';
import { badInput, hubError, notFound } from '../../../shared/errors';
import { invalidTextReason } from '../../../shared/text';
import { momentKey, setKey } from '../assessment/loaders';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { reportingProcedure } from '../procedure/place';
import { requireYear } from '../recognition/overview';
import { completeness, type CompletenessLine, type FollowUpGroup } from './completeness';
import { fetchPublications } from './graph';
import { deadlinesOf, insertDeadline, insertReminder, remindersOf, type DeadlineRow, type ReminderRow } from './store';
import type { Resolvers } from '../generated/schema-types';

const PLAN_ORDER: readonly DepartmentCode[] = DEPARTMENTS.map((d) => d.code);

function deadlineView(row: DeadlineRow) {
  return {
    department: row.department,
    year: row.year,
    deadline: row.deadline,
    note: row.note,
    setBy: row.setBy,
    setAt: row.setAt.toISOString(),
  };
}

/** A reminder as `DepartmentReminder` resolves it. */
export type ReminderView = ReturnType<typeof reminderView>;

function reminderView(row: ReminderRow) {
  return {
    id: row.id,
    department: row.department,
    districtCode: row.districtCode,
    year: row.year,
    sentTo: row.sentTo,
    sentOn: row.sentOn,
    about: row.about,
    reference: row.reference,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
  };
}

/** A checked text argument: NFC, trimmed, 1..max characters. @throws BAD_USER_INPUT naming the field. */
function text(
  value: string | null | undefined,
  field: string,
  max: number,
  required: boolean,
  vi: string,
): string | null {
  const normal = (value ?? '').normalize('NFC').trim();
  if (normal === '') {
    if (required) throw badInput(field, `${field} is required`, { messageVi: `chưa nhập ${vi}` });
    return null;
  }
  const invalid = invalidTextReason(normal);
  if (invalid !== null)
    throw badInput(field, `${field} holds ${invalid}`, { messageVi: `${vi} có ký tự không hợp lệ` });
  if ([...normal].length > max)
    throw badInput(field, `${field} is longer than ${max} characters`, { messageVi: `${vi} dài quá ${max} ký tự` });
  return normal;
}

/** A real ISO date. @throws BAD_USER_INPUT naming the field. */
function isoDate(value: string, field: string, vi: string): string {
  const day = new Date(`${value}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) {
    throw badInput(field, `${field} "${value}" is not a real YYYY-MM-DD date`, {
      messageVi: `${vi} "${value}" không phải ngày hợp lệ (năm-tháng-ngày)`,
    });
  }
  return value;
}

/** The groups of the year: the districts of 31 December, or the province's communes directly (two-tier map). */
async function groupsOf(ctx: LdtbxhContext, provinceCode: string, year: number): Promise<FollowUpGroup[]> {
  const [province, districts, communes, reporting] = await Promise.all([
    ctx.places.provinceAt.load(inYearKey(provinceCode, year)),
    ctx.places.districtsOfProvince.load(inYearKey(provinceCode, { kind: 'date', date: `${year}-12-31` })),
    ctx.places.communesOfProvince.load(inYearKey(provinceCode, year)),
    reportingProcedure(ctx, year),
  ]);
  if (!province) throw badInput('provinceCode', `province ${provinceCode} is not known or did not exist in ${year}`);
  const unique = [...new Map(communes.map((c) => [c.code, c])).values()];
  if (reporting.reportingLevel === 'PROVINCE' || districts.length === 0) {
    return [{ districtCode: null, name: province.name, communes: unique.map((c) => ({ code: c.code, name: c.name })) }];
  }
  return districts.map((d) => ({
    districtCode: d.code,
    name: d.name,
    communes: unique.filter((c) => c.districtCode === d.code).map((c) => ({ code: c.code, name: c.name })),
  }));
}

/** A line of the completeness table as `PublicationCompleteness` resolves it. */
export type LineView = ReturnType<typeof lineView>;
/** A commune and its indicators as `CommuneIndicators` resolves it. */
export type CommuneIndicatorsView = LineView['missingPublications'][number];

function lineView(line: CompletenessLine, reminders: readonly ReminderRow[]) {
  const commune = (list: CompletenessLine['missingList']) =>
    list.map((c) => ({ communeCode: c.communeCode, year: line.year, indicators: c.indicators }));
  return {
    department: line.department,
    districtCode: line.districtCode,
    groupName: line.groupName,
    year: line.year,
    expected: line.expected,
    published: line.published,
    missing: line.missing,
    late: line.late,
    deadline: line.deadline,
    overdue: line.overdue,
    missingPublications: commune(line.missingList),
    latePublications: commune(line.lateList),
    reminders: reminders
      .filter(
        (r) => r.department === line.department && (r.districtCode === null || r.districtCode === line.districtCode),
      )
      .map(reminderView),
  };
}

export const followUpResolvers: Resolvers = {
  Query: {
    publicationFollowUp: async (_, args, ctx) => {
      authorizeProvinceWork(ctx.identity, args.provinceCode, 'follow up the departments');
      const year = requireYear(args.year);
      const assignment = await ctx.assessment.assignment.load(`${year}|${momentKey(null)}`);
      if (!assignment)
        throw hubError('NO_CRITERIA_SET_FOR_YEAR', `no criteria set is assigned to ${year}`, { field: 'year', year });
      const loaded = await ctx.assessment.setInForce.load(setKey(assignment, year, momentKey(null)));
      if (!loaded)
        throw hubError('NO_CRITERIA_SET_FOR_YEAR', `criteria set ${assignment.setId} has no version loaded`, {
          field: 'year',
          year,
        });
      const ds = ctx.services.db.dataSource;
      const [groups, published, deadlines, reminders] = await Promise.all([
        groupsOf(ctx, args.provinceCode, year),
        fetchPublications(
          ctx.gatewayUrl(),
          { identity: ctx.identity, internalSecret: ctx.services.internalSecret, requestId: ctx.requestId },
          args.provinceCode,
          year,
        ),
        deadlinesOf(ds, args.provinceCode, year),
        remindersOf(ds, args.provinceCode, year),
      ]);
      const lines = completeness({
        year,
        criteriaSetId: assignment.setId,
        indicators: loaded.set.criteria.flatMap((c) =>
          c.indicators.map((i) => ({ code: i.code, department: i.department })),
        ),
        departments: PLAN_ORDER,
        groups,
        published,
        deadlines: new Map(deadlines.map((d) => [d.department, d.deadline])),
        now: new Date(),
      });
      return {
        year,
        provinceCode: args.provinceCode,
        criteriaSetId: assignment.setId,
        lines: lines.map((line) => lineView(line, reminders)),
        deadlines: deadlines.map(deadlineView),
        reminders: reminders.map(reminderView),
      };
    },
  },
  Mutation: {
    setPublicationDeadline: async (_, args, ctx) => {
      const { input } = args;
      authorizeProvinceWork(ctx.identity, input.provinceCode, `set ${input.department}'s publication deadline`);
      const year = requireYear(input.year);
      const deadline = isoDate(input.deadline, 'deadline', 'hạn công bố');
      const note = text(input.note, 'note', 500, true, 'căn cứ') ?? '';
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertDeadline(m, {
          provinceCode: input.provinceCode,
          department: input.department,
          year,
          deadline,
          note,
          setBy: actor.name,
        }),
      );
      return deadlineView(row);
    },
    recordDepartmentReminder: async (_, args, ctx) => {
      const { input } = args;
      authorizeProvinceWork(ctx.identity, input.provinceCode, `record a reminder to ${input.department}`);
      const year = requireYear(input.year);
      const sentOn = isoDate(input.sentOn, 'sentOn', 'ngày gửi');
      if (new Date(`${sentOn}T00:00:00+07:00`).getTime() > Date.now())
        throw badInput('sentOn', `sentOn ${sentOn} is in the future`, { messageVi: `ngày gửi ${sentOn} chưa đến` });
      const sentTo = text(input.sentTo, 'sentTo', 200, true, 'nơi nhận') ?? '';
      const about = text(input.about, 'about', 2000, true, 'nội dung nhắc') ?? '';
      const reference = text(input.reference, 'reference', 200, false, 'số văn bản');
      const districtCode = input.districtCode ?? null;
      if (districtCode !== null) {
        const districts = await ctx.places.districtsOfProvince.load(
          inYearKey(input.provinceCode, { kind: 'date', date: `${year}-12-31` }),
        );
        if (!districts.some((d) => d.code === districtCode)) {
          throw badInput(
            'districtCode',
            `district ${districtCode} is not a district of province ${input.provinceCode} at the end of ${year}`,
            { messageVi: `huyện ${districtCode} không thuộc tỉnh năm ${year}` },
          );
        }
      }
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertReminder(m, {
          provinceCode: input.provinceCode,
          department: input.department,
          districtCode,
          year,
          sentTo,
          sentOn,
          about,
          reference,
          recordedBy: actor.name,
        }),
      );
      return reminderView(row);
    },
  },
  // The district and commune as they were in the year (the rows the places module serves).
  PublicationCompleteness: {
    district: (line, _, ctx) =>
      line.districtCode === null ? null : ctx.places.districtAt.load(inYearKey(line.districtCode, line.year)),
  },
  DepartmentReminder: {
    district: (reminder, _, ctx) =>
      reminder.districtCode === null
        ? null
        : ctx.places.districtAt.load(inYearKey(reminder.districtCode, reminder.year)),
  },
  CommuneIndicators: {
    commune: async (item, _, ctx) => {
      const commune =
        (await ctx.places.communeAt.load(inYearKey(item.communeCode, item.year))) ??
        (await ctx.places.communeByCode.load(item.communeCode));
      if (!commune) throw notFound('commune', item.communeCode);
      return commune;
    },
  },
};
