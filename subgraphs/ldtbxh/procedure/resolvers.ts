/**
 * The procedure per period in the graph: which level recognises and which receives the reports,
 * and the lineage policy of streaks (procedurePeriods, setProcedurePeriod), and the procedure
 * that applies to one commune-year (CommuneYear.procedure).
 */
import { withActor } from '../../../shared/audit/actor';
import type { Resolvers } from '../generated/schema-types';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import { badInput, hubError } from '../../../shared/errors';
import type { CriteriaSet } from '../../../shared/criteria/types';
import { formatDateVi } from '../../../shared/format';
import { isIsoDate } from '../recognition/action-details';
import { requireYear } from '../recognition/overview';
import { reportDeadline } from '../reports/deadlines';
import {
  CALENDAR_WINDOWS,
  calendarFor,
  defaultCalendar,
  insertCalendar,
  type CalendarWindowName,
  type ProcedureCalendar,
} from './calendar';
import { decisionPolicy, insertDecisionPolicy, provisionalThresholds, type DecisionPolicy } from './policy';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { PROCEDURE_STEPS, type ProcedureStep } from '../recognition/required-steps';
import { procedureForUnit } from './rules';
import { insertProcedurePeriod, LEVELS, LINEAGE_POLICIES, procedureHistory, type ProcedurePeriod } from './store';

function view(p: ProcedurePeriod) {
  return { ...p, setAt: p.setAt.toISOString() };
}

function calendarView(c: ProcedureCalendar) {
  return { ...c, setAt: c.setAt === null ? null : c.setAt.toISOString() };
}

function policyView(p: DecisionPolicy, set: CriteriaSet) {
  return {
    ...p,
    provisionalThresholds: provisionalThresholds(set),
    setAt: p.setAt === null ? null : p.setAt.toISOString(),
  };
}

async function loadSet(ctx: LdtbxhContext, id: string, version: number | null | undefined) {
  const loaded =
    version === null || version === undefined
      ? await ctx.services.catalogue.latest(id)
      : await ctx.services.catalogue.get(id, version);
  if (!loaded)
    throw hubError(
      'UNKNOWN_CRITERIA_SET',
      `no criteria set ${id}${version === null || version === undefined ? '' : ` v${version}`} is loaded`,
      { field: 'criteriaSetId', messageVi: `Trường criteriaSetId: không có bộ tiêu chí ${id}` },
    );
  return loaded;
}

export const procedureResolvers: Resolvers = {
  Query: {
    procedurePeriods: async (_, __, ctx) => (await ctx.procedure.load('now')).map(view),
    procedureHistory: async (_, __, ctx) => (await procedureHistory(ctx.services.db.dataSource)).map(view),
    procedureCalendar: async (_, args, ctx) =>
      calendarView(await calendarFor(ctx.services.db.dataSource, requireYear(args.year))),
    decisionPolicy: async (_, args, ctx) => {
      const loaded = await loadSet(ctx, args.criteriaSetId, args.version);
      return policyView(
        await decisionPolicy(ctx.services.db.dataSource, loaded.set.id, loaded.set.version),
        loaded.set,
      );
    },
  },
  Mutation: {
    setProcedurePeriod: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'set the procedure of a period');
      const { input } = args;
      if (
        !/^\d{4}-\d\d-\d\d$/.test(input.validFrom) ||
        new Date(`${input.validFrom}T00:00:00Z`).toISOString().slice(0, 10) !== input.validFrom
      ) {
        throw badInput('validFrom', `validFrom "${input.validFrom}" is not an ISO calendar date (YYYY-MM-DD)`, {
          messageVi: 'ngày bắt đầu không hợp lệ (YYYY-MM-DD)',
        });
      }
      if (input.validFrom < '2000-01-01')
        throw badInput('validFrom', 'validFrom is before 2000-01-01, the first day the hub covers', {
          messageVi: 'ngày bắt đầu trước 01/01/2000',
        });
      if (!LEVELS.includes(input.recognisingLevel))
        throw badInput('recognisingLevel', `unknown level ${input.recognisingLevel}`);
      if (!LEVELS.includes(input.reportingLevel))
        throw badInput('reportingLevel', `unknown level ${input.reportingLevel}`);
      if (!LINEAGE_POLICIES.includes(input.lineagePolicy))
        throw badInput('lineagePolicy', `unknown policy ${input.lineagePolicy}`);
      const note = input.note.normalize('NFC').trim();
      if (note === '' || note.length > 500 || note.includes('\u0000'))
        throw badInput('note', 'note must name the decision or document, 1–500 characters, without NUL', {
          messageVi: 'ghi chú phải nêu văn bản căn cứ, 1–500 ký tự',
        });
      const actor = actorFor(ctx.identity, ctx.requestId);
      const requiredSteps = input.requiredSteps ?? [...PROCEDURE_STEPS];
      const unknown = requiredSteps.filter((step) => !PROCEDURE_STEPS.includes(step));
      if (unknown.length > 0)
        throw badInput(
          'requiredSteps',
          `unknown steps ${unknown.join(', ')}; the steps are ${PROCEDURE_STEPS.join(', ')}`,
          { messageVi: `Trường requiredSteps: bước không có: ${unknown.join(', ')}` },
        );
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertProcedurePeriod(m, {
          ...input,
          requiredSteps,
          stepsProvisional:
            input.stepsProvisional ?? (input.requiredSteps === undefined || input.requiredSteps === null),
          note,
          setBy: actor.name,
        }),
      );
      ctx.procedure.clearAll();
      return view(row);
    },
    setProcedureCalendar: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'set the calendar of a year');
      const { input } = args;
      const year = requireYear(input.year);
      const windows = defaultCalendar(year).windows;
      const seen = new Set<string>();
      input.windows.forEach((w, i) => {
        const at = `windows[${i}]`;
        if (!CALENDAR_WINDOWS.includes(w.window) || seen.has(w.window)) {
          throw badInput(
            `${at}.window`,
            `${w.window} is ${seen.has(w.window) ? 'given twice' : `not a window (${CALENDAR_WINDOWS.join(', ')})`}`,
            { messageVi: `Trường ${at}.window: ${seen.has(w.window) ? 'bị lặp lại' : 'không có giai đoạn này'}` },
          );
        }
        seen.add(w.window);
        for (const field of ['from', 'to'] as const) {
          const value = w[field];
          if (!isIsoDate(value) || value < `${year}-01-01` || value > `${year + 1}-12-31`) {
            throw badInput(`${at}.${field}`, `${field} "${value}" is not an ISO date in ${year} or ${year + 1}`, {
              messageVi: `Trường ${at}.${field}: ngày không hợp lệ hoặc ngoài năm ${year}–${year + 1}`,
            });
          }
        }
        if (w.to < w.from)
          throw badInput(`${at}.to`, `to ${w.to} is before from ${w.from}`, {
            messageVi: `Trường ${at}.to: ngày kết thúc trước ngày bắt đầu`,
          });
        const deadline = reportDeadline('DISTRICT', year);
        if ((w.window === 'DECISION' || w.window === 'REPORTS') && w.to >= deadline) {
          throw badInput(
            `${at}.to`,
            `the ${w.window} window must end before the districts' report deadline ${deadline} (plan 965 §VI.1)`,
            {
              messageVi: `Trường ${at}.to: phải kết thúc trước hạn báo cáo ${formatDateVi(deadline)} (Kế hoạch 965 mục VI.1)`,
            },
          );
        }
        const index = windows.findIndex((d) => d.window === w.window);
        windows[index] = { window: w.window, from: w.from, to: w.to, provisional: false };
      });
      const note = input.note.normalize('NFC').trim();
      if (note === '' || note.length > 500 || note.includes('\u0000'))
        throw badInput('note', 'note must name the decision or document, 1–500 characters, without NUL', {
          messageVi: 'Trường note: phải nêu văn bản căn cứ, 1–500 ký tự',
        });
      const actor = actorFor(ctx.identity, ctx.requestId);
      return calendarView(
        await withActor(ctx.services.db.dataSource, actor, (m) => insertCalendar(m, year, windows, note, actor.name)),
      );
    },
    setDecisionPolicy: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'set the decision policy of a criteria set');
      const loaded = await loadSet(ctx, args.criteriaSetId, args.version);
      const provisional = provisionalThresholds(loaded.set);
      if (args.blockOnDisagreement && provisional.length > 0) {
        throw hubError(
          'CRITERIA_SET_PROVISIONAL',
          `${loaded.set.id} v${loaded.set.version} has provisional recognition thresholds (${provisional.join(', ')}): a disagreement with its computation cannot block a decision`,
          {
            field: 'criteriaSetId',
            provisionalThresholds: provisional,
            messageVi: `Trường criteriaSetId: bộ tiêu chí ${loaded.set.id} phiên bản ${loaded.set.version} có ngưỡng công nhận tạm thời (${provisional.join(', ')}); không thể dùng để chặn quyết định công nhận`,
          },
        );
      }
      const note = args.note.normalize('NFC').trim();
      if (note === '' || note.length > 500 || note.includes('\u0000'))
        throw badInput('note', 'note must name the decision or document, 1–500 characters, without NUL', {
          messageVi: 'Trường note: phải nêu văn bản căn cứ, 1–500 ký tự',
        });
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        insertDecisionPolicy(m, {
          criteriaSetId: loaded.set.id,
          criteriaSetVersion: loaded.set.version,
          blockOnDisagreement: args.blockOnDisagreement,
          note,
          setBy: actor.name,
        }),
      );
      return policyView(row, loaded.set);
    },
  },
  CommuneYear: {
    procedure: async (parent, _, ctx) => {
      const unit = await ctx.places.communeAt.load(inYearKey(parent.communeCode, parent.year));
      if (!unit) return null;
      return view(procedureForUnit(await ctx.procedure.load('now'), unit, parent.year));
    },
  },
};
