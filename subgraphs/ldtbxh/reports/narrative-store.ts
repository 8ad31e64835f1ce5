/**
 * The officer's own parts of an annual report — the document's number, recipients, signer and
 * the sections the hub cannot generate (situation, results, difficulties, proposals, next year) —
 * stored as versions (schema `ldtbxh.report_narrative`, append-only: the latest applies, every
 * earlier one stays on record). Writes run inside withActor (audited).
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { NarrativeFields } from './narrative';

export interface NarrativeRow {
  kind: 'DISTRICT' | 'PROVINCE';
  scope: string;
  year: number;
  version: number;
  fields: NarrativeFields;
  savedBy: string;
  savedAt: Date;
}

/** Every version of a report's narrative, oldest first (version 1 first). One statement. */
export async function narrativesOf(
  dataSource: DataSource,
  kind: string,
  scope: string,
  year: number,
): Promise<NarrativeRow[]> {
  return dataSource.query(
    `SELECT kind, scope, year, (row_number() OVER (ORDER BY id))::int AS version, fields, saved_by AS "savedBy", saved_at AS "savedAt"
       FROM ldtbxh.report_narrative WHERE kind = $1 AND scope = $2 AND year = $3 ORDER BY id`,
    [kind, scope, year],
  );
}

/** Saves a new version (inside withActor); returns it with its version number. */
export async function insertNarrative(
  m: EntityManager,
  row: Omit<NarrativeRow, 'version' | 'savedAt'>,
): Promise<NarrativeRow> {
  const [stored]: Omit<NarrativeRow, 'version'>[] = await m.query(
    `INSERT INTO ldtbxh.report_narrative (kind, scope, year, fields, saved_by) VALUES ($1, $2, $3, $4, $5) RETURNING kind, scope, year, fields, saved_by AS "savedBy", saved_at AS "savedAt"`,
    [row.kind, row.scope, row.year, JSON.stringify(row.fields), row.savedBy],
  );
  if (!stored) throw new Error('narrative insert returned no row');
  const [{ n } = { n: 1 }]: { n: number }[] = await m.query(
    `SELECT count(*)::int AS n FROM ldtbxh.report_narrative WHERE kind = $1 AND scope = $2 AND year = $3`,
    [row.kind, row.scope, row.year],
  );
  return { ...stored, version: n };
}
