/**
 * Administration of the criteria catalogue: loading a new version of a set and deciding which set
 * applies to a year. Both append; nothing stored is ever edited.
 */
import { CriteriaSetValidationError } from '../../../shared/criteria/issues';
import { parseCriteriaSet } from '../../../shared/criteria/validate';
import { badInput, hubError, parseIsoDateArgument } from '../../../shared/errors';
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import {
  assignCriteriaSet,
  assignmentsInForce,
  listAssignments,
  versionForYear,
  type AssignmentRow,
} from '../../../shared/reference/assignments';
import { storeCriteriaSet } from '../../../shared/reference/catalogue';
import { setView } from './resolvers';
import { checkYear } from '../places/resolvers';
import type { Resolvers } from '../generated/schema-types';

/** The `asOf` argument as a moment. @throws BAD_USER_INPUT naming it. */
export const parseAsOf = (value: string | null | undefined): Date | null => parseIsoDateArgument(value, 'asOf');

/** An assignment as `CriteriaSetAssignment` resolves it. */
export type AssignmentView = ReturnType<typeof assignmentView>;

function assignmentView(row: AssignmentRow, asOf: Date | null) {
  return { ...row, criteriaSetId: row.setId, assignedAt: row.assignedAt.toISOString(), asOf };
}

export const catalogueAdminResolvers: Resolvers = {
  Query: {
    criteriaSetAssignments: async (_, args, ctx) => {
      const asOf = parseAsOf(args.asOf);
      const years = [...new Set((await listAssignments(ctx.services.db.dataSource)).map((row) => row.year))];
      const inForce = await assignmentsInForce(ctx.services.db.dataSource, years, asOf);
      return [...inForce.values()].map((row) => assignmentView(row, asOf));
    },
    criteriaSetAssignmentHistory: async (_, __, ctx) =>
      (await listAssignments(ctx.services.db.dataSource)).map((row) => assignmentView(row, null)),
  },
  CriteriaSetAssignment: {
    criteriaSet: async (row, _, ctx) => {
      const loaded = await versionForYear(ctx.services.catalogue, row.setId, row.year, row, row.asOf);
      return loaded ? setView(loaded) : null;
    },
  },
  Mutation: {
    loadCriteriaSet: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'load a criteria set');
      const actor = actorFor(ctx.identity, ctx.requestId);
      let raw: unknown;
      try {
        raw = JSON.parse(args.document);
      } catch (error) {
        throw hubError('CRITERIA_SET_INVALID', `document is not valid JSON: ${(error as Error).message}`, {
          field: 'document',
          issues: [{ path: '', code: 'JSON_INVALID', message: (error as Error).message }],
        });
      }
      let set;
      try {
        set = parseCriteriaSet(raw);
      } catch (error) {
        if (!(error instanceof CriteriaSetValidationError)) throw error;
        throw hubError(
          'CRITERIA_SET_INVALID',
          `the criteria set has ${error.issues.length} problem(s): ${error.issues
            .slice(0, 3)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')}`,
          {
            field: 'document',
            issues: error.issues.map(({ path, code, message }) => ({ path, code, message })),
          },
        );
      }
      const parsed = set;
      const outcome = await withActor(ctx.services.db.dataSource, actor, (m) =>
        storeCriteriaSet(m, parsed, actor.name),
      );
      const loaded = await ctx.services.catalogue.get(set.id, set.version);
      if (!loaded) throw new Error(`criteria set ${set.id} v${set.version} not found after storing`);
      return { outcome, criteriaSet: setView(loaded) };
    },
    assignCriteriaSet: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'assign a criteria set to a year');
      const actor = actorFor(ctx.identity, ctx.requestId);
      const year = checkYear(args.input.year);
      if (year === null) throw badInput('year', 'year is required');
      const note = args.input.note.normalize('NFC').trim();
      if (note === '' || note.length > 1000) throw badInput('note', 'note must say why, 1–1000 characters');
      const row = await withActor(ctx.services.db.dataSource, actor, (m) =>
        assignCriteriaSet(
          m,
          ctx.services.catalogue,
          { year, setId: args.input.criteriaSetId, version: args.input.version ?? null, note },
          actor.name,
        ),
      );
      return assignmentView(row, null);
    },
  },
};
