/**
 * The criteria-set catalogue: validated, immutable versions stored in `reference`. Parsed
 * versions are cached forever (a stored version never changes); "latest version" is read each
 * time, so a newly loaded version is seen at once by every service.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { contentHash } from '../criteria/canonical';
import { parseCriteriaSet } from '../criteria/validate';
import type { CriteriaSet, Criterion, Indicator } from '../criteria/types';
import { hubError } from '../errors';

/** A stored version with its indexes. */
export interface LoadedCriteriaSet {
  set: CriteriaSet;
  contentHash: string;
  loadedAt: Date;
  loadedBy: string;
  /** Every indicator by code, with the criterion it belongs to. */
  indicators: ReadonlyMap<string, { indicator: Indicator; criterion: Criterion }>;
}

interface StoredRow {
  setId: string;
  version: number;
  contentHash: string;
  document: unknown;
  loadedAt: Date;
  loadedBy: string;
}

const COLUMNS = `set_id AS "setId", version, content_hash AS "contentHash", document, loaded_at AS "loadedAt", loaded_by AS "loadedBy"`;

/** Indexes a validated set. */
export function indexCriteriaSet(
  set: CriteriaSet,
  meta: { contentHash: string; loadedAt: Date; loadedBy: string },
): LoadedCriteriaSet {
  const indicators = new Map<string, { indicator: Indicator; criterion: Criterion }>();
  for (const criterion of set.criteria) {
    for (const indicator of criterion.indicators) indicators.set(indicator.code, { indicator, criterion });
  }
  return { set, ...meta, indicators };
}

/** Outcome of {@link storeCriteriaSet}. */
export type StoreOutcome = 'CREATED' | 'UNCHANGED';

/**
 * Stores a validated set as a new version (inside withActor). Storing the same content again is `UNCHANGED`.
 * @throws CRITERIA_SET_VERSION_EXISTS when that id and version hold other content (versions are
 * never edited in place: publish the change as a higher version).
 */
export async function storeCriteriaSet(
  dataSource: EntityManager,
  set: CriteriaSet,
  loadedBy: string,
): Promise<StoreOutcome> {
  const hash = contentHash(set);
  const inserted: unknown[] = await dataSource.query(
    `INSERT INTO reference.criteria_set_version (set_id, version, content_hash, document, loaded_by)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (set_id, version) DO NOTHING RETURNING set_id`,
    [set.id, set.version, hash, JSON.stringify(set), loadedBy],
  );
  if (inserted.length === 1) return 'CREATED';
  const [stored]: { contentHash: string }[] = await dataSource.query(
    `SELECT content_hash AS "contentHash" FROM reference.criteria_set_version WHERE set_id = $1 AND version = $2`,
    [set.id, set.version],
  );
  if (stored?.contentHash === hash) return 'UNCHANGED';
  throw hubError(
    'CRITERIA_SET_VERSION_EXISTS',
    `criteria set ${set.id} version ${set.version} is already loaded with other content; a change must be loaded as a new version`,
    { field: 'version', setId: set.id, version: set.version },
  );
}

/** Reads the catalogue. One instance per service; safe to share across requests. */
export class CriteriaCatalogue {
  private readonly parsed = new Map<string, LoadedCriteriaSet>();

  constructor(private readonly dataSource: DataSource) {}

  private hydrate(row: StoredRow): LoadedCriteriaSet {
    const key = `${row.setId}@${row.version}`;
    const cached = this.parsed.get(key);
    if (cached) return cached;
    const loaded = indexCriteriaSet(parseCriteriaSet(row.document), {
      contentHash: row.contentHash,
      loadedAt: row.loadedAt,
      loadedBy: row.loadedBy,
    });
    this.parsed.set(key, loaded);
    return loaded;
  }

  /** The highest version of `setId`, or null when no version is loaded. */
  async latest(setId: string): Promise<LoadedCriteriaSet | null> {
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reference.criteria_set_version WHERE set_id = $1 ORDER BY version DESC LIMIT 1`,
      [setId],
    );
    return rows[0] ? this.hydrate(rows[0]) : null;
  }

  /** One version, or null. */
  async get(setId: string, version: number): Promise<LoadedCriteriaSet | null> {
    const cached = this.parsed.get(`${setId}@${version}`);
    if (cached) return cached;
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reference.criteria_set_version WHERE set_id = $1 AND version = $2`,
      [setId, version],
    );
    return rows[0] ? this.hydrate(rows[0]) : null;
  }

  /**
   * The highest version of `setId` loaded at or before `asOf` (the version then in force), or
   * null when none was loaded by then.
   */
  async inForce(setId: string, asOf: Date | null): Promise<LoadedCriteriaSet | null> {
    if (asOf === null) return this.latest(setId);
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reference.criteria_set_version WHERE set_id = $1 AND loaded_at <= $2 ORDER BY version DESC LIMIT 1`,
      [setId, asOf],
    );
    return rows[0] ? this.hydrate(rows[0]) : null;
  }

  /**
   * The version of `setId` that applies to assessment year `year`: the highest version loaded at
   * or before `asOf` (now when null) whose own `years` include `year`, or null when none does.
   * A version loaded for later years (`"years": { "from": 2021 }`) therefore leaves 2020 on the
   * version before it.
   */
  async forYear(setId: string, year: number, asOf: Date | null): Promise<LoadedCriteriaSet | null> {
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reference.criteria_set_version
        WHERE set_id = $1 AND loaded_at <= COALESCE($3::timestamptz, clock_timestamp())
          AND (document #>> '{years,from}')::int <= $2
          AND (jsonb_typeof(document #> '{years,to}') = 'null' OR (document #>> '{years,to}')::int >= $2)
        ORDER BY version DESC LIMIT 1`,
      [setId, year, asOf],
    );
    return rows[0] ? this.hydrate(rows[0]) : null;
  }

  /**
   * {@link forYear} for several years at once, in one statement: year → the version it uses (years
   * no version covers are absent).
   */
  async forYears(setId: string, years: readonly number[], asOf: Date | null): Promise<Map<number, LoadedCriteriaSet>> {
    const rows: (StoredRow & { year: number })[] = await this.dataSource.query(
      `SELECT DISTINCT ON (y.year) y.year, ${COLUMNS}
         FROM unnest($2::int[]) AS y(year)
         JOIN reference.criteria_set_version v
           ON v.set_id = $1 AND v.loaded_at <= COALESCE($3::timestamptz, clock_timestamp())
          AND (v.document #>> '{years,from}')::int <= y.year
          AND (jsonb_typeof(v.document #> '{years,to}') = 'null' OR (v.document #>> '{years,to}')::int >= y.year)
        ORDER BY y.year, v.version DESC`,
      [setId, years, asOf],
    );
    return new Map(rows.map((row) => [row.year, this.hydrate(row)]));
  }

  /** Every version of `setId` (oldest first), for messages that list what each covers. */
  async versions(setId: string): Promise<LoadedCriteriaSet[]> {
    const rows: StoredRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM reference.criteria_set_version WHERE set_id = $1 ORDER BY version`,
      [setId],
    );
    return rows.map((row) => this.hydrate(row));
  }

  /** The latest version of every set, or every version when `allVersions`. Ordered by id, version. */
  async list(allVersions: boolean): Promise<LoadedCriteriaSet[]> {
    const rows: StoredRow[] = await this.dataSource.query(
      allVersions
        ? `SELECT ${COLUMNS} FROM reference.criteria_set_version ORDER BY set_id, version`
        : `SELECT DISTINCT ON (set_id) ${COLUMNS} FROM reference.criteria_set_version ORDER BY set_id, version DESC`,
    );
    return rows.map((row) => this.hydrate(row));
  }
}
