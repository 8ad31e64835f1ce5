/**
 * The procedure per period in the graph: which level recognises and which receives the reports,
 * and the lineage policy of streaks (procedurePeriods, setProcedurePeriod), and the procedure
 * that applies to one commune-year (CommuneYear.procedure).
 */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import { badInput } from '../../../shared/errors';
import type { CommuneYearRef } from '../../../shared/department/resolvers';
import type { LdtbxhContext } from '../context';
import { inYearKey } from '../places/loaders';
import { procedureForUnit } from './rules';
import { insertProcedurePeriod, LEVELS, LINEAGE_POLICIES, procedureHistory, type Level, type LineagePolicy, type ProcedurePeriod } from './store';

function view(p: ProcedurePeriod) {
  return { ...p, setAt: p.setAt.toISOString() };
}

interface ProcedureInput {
  validFrom: string;
  recognisingLevel: Level;
  reportingLevel: Level;
  levelsProvisional: boolean;
  lineagePolicy: LineagePolicy;
  lineagePolicyProvisional: boolean;
  note: string;
}

export const procedureResolvers = {
  Query: {
    procedurePeriods: async (_: unknown, __: unknown, ctx: LdtbxhContext) => (await ctx.procedure.load('now')).map(view),
    procedureHistory: async (_: unknown, __: unknown, ctx: LdtbxhContext) => (await procedureHistory(ctx.services.db.dataSource)).map(view),
  },
  Mutation: {
    setProcedurePeriod: async (_: unknown, args: { input: ProcedureInput }, ctx: LdtbxhContext) => {
      authorizeAdministration(ctx.identity, 'set the procedure of a period');
      const { input } = args;
      if (!/^\d{4}-\d\d-\d\d$/.test(input.validFrom) || new Date(`${input.validFrom}T00:00:00Z`).toISOString().slice(0, 10) !== input.validFrom) {
        throw badInput('validFrom', `validFrom "${input.validFrom}" is not an ISO calendar date (YYYY-MM-DD)`, { messageVi: 'ngày bắt đầu không hợp lệ (YYYY-MM-DD)' });
      }
      if (input.validFrom < '2000-01-01') throw badInput('validFrom', 'validFrom is before 2000-01-01, the first day the hub covers', { messageVi: 'ngày bắt đầu trước 01/01/2000' });
      if (!LEVELS.includes(input.recognisingLevel)) throw badInput('recognisingLevel', `unknown level ${input.recognisingLevel}`);
      if (!LEVELS.includes(input.reportingLevel)) throw badInput('reportingLevel', `unknown level ${input.reportingLevel}`);
      if (!LINEAGE_POLICIES.includes(input.lineagePolicy)) throw badInput('lineagePolicy', `unknown policy ${input.lineagePolicy}`);
      const note = input.note.normalize('NFC').trim();
      if (note === '' || note.length > 500 || note.includes('\u0000')) throw badInput('note', 'note must name the decision or document, 1–500 characters, without NUL', { messageVi: 'ghi chú phải nêu văn bản căn cứ, 1–500 ký tự' });
      const actor = actorFor(ctx.identity, ctx.requestId);
      const row = await withActor(ctx.services.db.dataSource, actor, (m) => insertProcedurePeriod(m, { ...input, note, setBy: actor.name }));
      ctx.procedure.clearAll();
      return view(row);
    },
  },
  CommuneYear: {
    procedure: async (parent: CommuneYearRef, _: unknown, ctx: LdtbxhContext) => {
      const unit = await ctx.places.communeAt.load(inYearKey(parent.communeCode, parent.year));
      if (!unit) return null;
      return view(procedureForUnit(await ctx.procedure.load('now'), unit, parent.year));
    },
  },
};
