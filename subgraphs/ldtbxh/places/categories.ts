/** Recording a commune's category from an assessment year on (the province administrator's decision). */
import { withActor } from '../../../shared/audit/actor';
import { actorFor, authorizeAdministration } from '../../../shared/authorization';
import { badInput, hubError, notFound } from '../../../shared/errors';
import type { CategoryRow } from '../../../shared/reference/reader';
import type { LdtbxhContext } from '../context';
import { inYearKey } from './loaders';
import { checkYear } from './years';

const CATEGORIES = new Set(['URBAN_WARD', 'MOUNTAIN_ISLAND_DISADVANTAGED', 'OTHER']);

export interface CommuneCategoryInput {
  commune: string;
  category: string;
  fromYear: number;
  source: string;
  provisional: boolean;
}

/**
 * Records the category of a commune from `fromYear` on; earlier years keep theirs. The category
 * belongs to the unit the code designates in that year.
 * @throws FORBIDDEN, BAD_USER_INPUT (fromYear, category, source), NOT_FOUND (commune), INVALID_CATEGORY_CHANGE (a category is already recorded from that year).
 */
export async function recordCommuneCategory(ctx: LdtbxhContext, input: CommuneCategoryInput): Promise<CategoryRow> {
  authorizeAdministration(ctx.identity, 'set a commune category');
  const actor = actorFor(ctx.identity, ctx.requestId);
  checkYear(input.fromYear, 'fromYear');
  if (!CATEGORIES.has(input.category)) throw badInput('category', `unknown category ${input.category}`);
  const source = input.source.normalize('NFC').trim();
  if (source === '' || source.length > 500 || source.includes('\u0000'))
    throw badInput('source', 'source must name the decision or document, 1–500 characters, without NUL');
  // The category belongs to the unit the code designates in its first year (a reused code's new unit from then on).
  const commune =
    (await ctx.places.communeAt.load(inYearKey(input.commune, input.fromYear))) ??
    (await ctx.places.communeByCode.load(input.commune));
  if (!commune) throw notFound('commune', input.commune);
  const rows: { id: number }[] = await withActor(ctx.services.db.dataSource, actor, (m) =>
    m.query(
      `INSERT INTO reference.commune_category (commune_id, category, from_year, provisional, source, set_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (commune_id, from_year) DO NOTHING RETURNING id`,
      [commune.id, input.category, input.fromYear, input.provisional, source, actor.name],
    ),
  );
  if (rows.length === 0) {
    throw hubError(
      'INVALID_CATEGORY_CHANGE',
      `commune ${input.commune} already has a category recorded from ${input.fromYear}; record the change from another year`,
      { field: 'fromYear' },
    );
  }
  ctx.places.categoriesByCommuneId.clear(commune.id);
  const history = await ctx.places.categoriesByCommuneId.load(commune.id);
  const created = history.find((row) => row.fromYear === input.fromYear);
  if (!created) throw new Error('category row not found after insert');
  return created;
}
