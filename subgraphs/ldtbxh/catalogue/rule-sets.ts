/**
 * Validation rule sets as immutable versions (`ldtbxh.validation_rule_set_version`), like criteria
 * sets: loaded from a file (`npm run rules:load`) or the graph (`loadValidationRules`, province
 * administrator), validated first — the structure, and every operand against the criteria set it
 * names; the same id and version with other content is refused, the same content again changes
 * nothing. The version that applies to a year is the highest whose `fromYear` is not after it.
 * The departments read it through the graph (`validationRuleSetForYear`), not from this table.
 */
import { createHash } from 'node:crypto';
import type { Resolvers } from '../generated/schema-types';
import type { DataSource, EntityManager } from 'typeorm';
import { systemActor, withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import { hubError } from '../../../shared/errors';
import type { Logger } from '../../../shared/logger';
import {
  canonicalRuleSet,
  parseRuleSet,
  readRuleSets,
  ruleSetForYear,
  RuleSetValidationError,
  type RuleSet,
} from '../../../shared/rules/rules';
import { projectPath } from '../../../shared/paths';
import type { LdtbxhContext } from '../context';

interface StoredRow {
  id: string;
  version: number;
  criteriaSetId: string;
  fromYear: number | null;
  contentHash: string;
  document: RuleSet;
  loadedAt: Date;
  loadedBy: string;
}

const COLUMNS = `rule_set_id AS id, version, criteria_set_id AS "criteriaSetId", from_year AS "fromYear", content_hash AS "contentHash", document, loaded_at AS "loadedAt", loaded_by AS "loadedBy"`;

const hashOf = (set: RuleSet) => createHash('sha256').update(canonicalRuleSet(set)).digest('hex');

/**
 * Stores a version. @throws VALIDATION_RULES_VERSION_EXISTS when that id and version hold other content
 */
export async function storeRuleSet(m: EntityManager, set: RuleSet, loadedBy: string): Promise<'CREATED' | 'UNCHANGED'> {
  const hash = hashOf(set);
  const inserted: unknown[] = await m.query(
    `INSERT INTO ldtbxh.validation_rule_set_version (rule_set_id, version, criteria_set_id, from_year, content_hash, document, loaded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (rule_set_id, version) DO NOTHING RETURNING rule_set_id`,
    [set.id, set.version, set.criteriaSetId, set.fromYear, hash, canonicalRuleSet(set), loadedBy],
  );
  if (inserted.length === 1) return 'CREATED';
  const [stored]: { contentHash: string }[] = await m.query(
    `SELECT content_hash AS "contentHash" FROM ldtbxh.validation_rule_set_version WHERE rule_set_id = $1 AND version = $2`,
    [set.id, set.version],
  );
  if (stored?.contentHash === hash) return 'UNCHANGED';
  throw hubError(
    'VALIDATION_RULES_VERSION_EXISTS',
    `validation rules ${set.id} version ${set.version} are already loaded with other content; a change must be loaded as a new version`,
    {
      field: 'version',
      ruleSetId: set.id,
      version: set.version,
      messageVi: `Bộ quy tắc kiểm tra ${set.id} phiên bản ${set.version} đã được nạp với nội dung khác; thay đổi phải được nạp thành phiên bản mới`,
    },
  );
}

/** Loads the shipped files (validation-rules/) where missing, at start. @throws when a file contradicts a stored version */
export async function seedRuleSets(dataSource: DataSource, actor: string, logger: Logger): Promise<void> {
  const sets = readRuleSets(projectPath('validation-rules'));
  await withActor(dataSource, systemActor(actor), async (m) => {
    for (const set of sets)
      if ((await storeRuleSet(m, set, actor)) === 'CREATED')
        logger.info('validation rules loaded', { id: set.id, version: set.version });
  });
}

/** Every stored version (of one criteria set's rules, when given), by id and version. */
export async function listRuleSets(dataSource: DataSource, criteriaSetId: string | null): Promise<StoredRow[]> {
  return dataSource.query(
    `SELECT ${COLUMNS} FROM ldtbxh.validation_rule_set_version WHERE $1::text IS NULL OR criteria_set_id = $1 ORDER BY rule_set_id, version`,
    [criteriaSetId],
  );
}

const view = (row: StoredRow) => ({
  id: row.id,
  version: row.version,
  criteriaSetId: row.criteriaSetId,
  fromYear: row.fromYear,
  provisional: row.document.provisional,
  description: row.document.description,
  ruleCount: row.document.rules.length,
  contentHash: row.contentHash,
  loadedAt: row.loadedAt.toISOString(),
  loadedBy: row.loadedBy,
  document: JSON.stringify(row.document),
});

/** The refusal of an invalid document, naming the field (the path of its first problem) and every problem. */
function invalid(issues: { path: string; code: string; message: string }[]) {
  const first = issues[0];
  return hubError(
    'VALIDATION_RULES_INVALID',
    `the validation rules have ${issues.length} problem(s): ${issues
      .slice(0, 3)
      .map((i) => `${i.path || '(document)'}: ${i.message}`)
      .join('; ')}`,
    {
      field: first?.path || 'document',
      issues,
      messageVi: `Tệp quy tắc kiểm tra có ${issues.length} lỗi: ${issues
        .slice(0, 3)
        .map((i) => `${i.path || '(văn bản)'} [${i.code}]`)
        .join('; ')}`,
    },
  );
}

/** A document as text, validated in structure and against the criteria set it names. @throws VALIDATION_RULES_INVALID */
async function validated(ctx: LdtbxhContext, document: string): Promise<RuleSet> {
  let raw: unknown;
  try {
    raw = JSON.parse(document);
  } catch (error) {
    throw invalid([{ path: '', code: 'JSON_INVALID', message: (error as Error).message }]);
  }
  try {
    const structure = parseRuleSet(raw);
    const set = await ctx.services.catalogue.latest(structure.criteriaSetId);
    if (!set)
      throw invalid([
        {
          path: 'criteriaSetId',
          code: 'CRITERIA_SET_MISMATCH',
          message: `criteria set ${structure.criteriaSetId} is not loaded`,
        },
      ]);
    return parseRuleSet(raw, set.set);
  } catch (error) {
    if (error instanceof RuleSetValidationError) throw invalid(error.issues);
    throw error;
  }
}

export const ruleSetResolvers: Resolvers = {
  Query: {
    validationRuleSets: async (_, args, ctx) =>
      (await listRuleSets(ctx.services.db.dataSource, args.criteriaSetId ?? null)).map(view),
    validationRuleSetForYear: async (_, args, ctx) => {
      const found = ruleSetForYear(
        await listRuleSets(ctx.services.db.dataSource, args.criteriaSetId),
        args.criteriaSetId,
        args.year,
      );
      return found ? view(found) : null;
    },
  },
  Mutation: {
    loadValidationRules: async (_, args, ctx) => {
      authorizeAdministration(ctx.identity, 'load validation rules');
      const set = await validated(ctx, args.document);
      const actor = actorFor(ctx.identity, ctx.requestId);
      const outcome = await withActor(ctx.services.db.dataSource, actor, (m) => storeRuleSet(m, set, actor.name));
      const stored = (await listRuleSets(ctx.services.db.dataSource, set.criteriaSetId)).find(
        (r) => r.id === set.id && r.version === set.version,
      );
      if (!stored) throw new Error(`validation rules ${set.id} v${set.version} not found after storing`);
      return { outcome, ruleSet: view(stored) };
    },
  },
};
