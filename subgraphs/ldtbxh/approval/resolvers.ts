/**
 * Approval seen from LĐTBXH: whether every department's inputs of a commune-year are approved
 * (`CommuneYear.inputsApproval`, from each department's own approval field through @requires, and
 * LĐTBXH's own), and the province's per-year decision whether recognition requires it.
 */
import { communeYearApproval } from '../../../shared/department/approval';
import type { Resolvers } from '../generated/schema-types';
import { DEPARTMENTS } from '../../../shared/departments';
import type { RequiredApproval } from '../representations';
import { requirementHistory, requirementsOf, setRequirement } from './requirement';

type Approval = RequiredApproval;

export const approvalResolvers: Resolvers = {
  CommuneYear: {
    inputsApproval: async (parent, _args, ctx) => {
      const own = await communeYearApproval(ctx, parent.communeCode, parent.year);
      const requirement = (await requirementsOf(ctx.services.db.dataSource, [parent.year])).get(parent.year);
      const byDepartment = (d: (typeof DEPARTMENTS)[number]): { value: Approval; unavailable: boolean } => {
        if (d.lead) return { value: own, unavailable: false };
        // A department whose service did not answer leaves its field null in the representation.
        const value = parent[`${d.slug}Approval`];
        return { value: value ?? null, unavailable: value === undefined };
      };
      const departments = DEPARTMENTS.map((d) => {
        const { value, unavailable } = byDepartment(d);
        return {
          department: d.code,
          state: value?.state ?? null,
          approved: value?.approved ?? false,
          unavailable: unavailable && value === null,
        };
      });
      const allApproved = departments.every((d) => d.approved);
      const pending = departments.filter((d) => !d.approved).map((d) => d.department);
      return {
        criteriaSetId: own?.criteriaSetId ?? null,
        allApproved,
        required: requirement?.required ?? false,
        departments,
        message: allApproved ? "every department's inputs are approved" : `not approved: ${pending.join(', ')}`,
        messageVi: allApproved
          ? 'Số liệu của tất cả các sở, ngành đã được phê duyệt'
          : `Chưa phê duyệt: ${pending.join(', ')}`,
      };
    },
  },
  Query: {
    approvalRequirement: async (_root, args, ctx) => {
      const found = (await requirementsOf(ctx.services.db.dataSource, [args.year])).get(args.year);
      return (
        found ?? {
          year: args.year,
          required: false,
          note: 'default: not required (no decision recorded)',
          decidedBy: 'default',
          decidedAt: null,
        }
      );
    },
    approvalRequirementHistory: (_root, args, ctx) => requirementHistory(ctx.services.db.dataSource, args.year),
  },
  Mutation: {
    setApprovalRequirement: (_root, args, ctx) => setRequirement(ctx, args.input),
  },
};
