/**
 * Reading and writing the recognition tables of LĐTBXH (schema `ldtbxh`). Reads are batched by key;
 * writes run inside withActor (audited) and lock the cycle they change.
 */
import DataLoader from 'dataloader';
import type { DataSource, EntityManager } from 'typeorm';
import type { StepFlag } from '../procedure/calendar';
import type { ReportKind } from '../reports/deadlines';
import type { CycleActionType, CycleStatus } from './cycle';

export interface CycleRow {
  communeCode: string;
  year: number;
  state: CycleStatus;
  updatedAt: Date;
}

export interface EventRow {
  id: string;
  communeCode: string;
  year: number;
  action: CycleActionType;
  fromState: CycleStatus | null;
  toState: CycleStatus;
  at: Date;
  actor: string;
  details: Record<string, unknown>;
  snapshot: Record<string, unknown> | null;
  /** What the step's answer said about it (dated outside its window, …). */
  flags: StepFlag[];
  /** A decision that differed from the computation, with its reason. */
  disagreement: Record<string, unknown> | null;
}

export interface TargetRow {
  scope: string;
  year: number;
  recognisedSharePct: string | null;
  newMinPct: string;
  newMaxPct: string;
  note: string;
  provisional: boolean;
  setBy: string;
  setAt: Date;
}

export interface SubmissionRow {
  kind: ReportKind;
  scope: string;
  year: number;
  submittedAt: Date;
  submittedBy: string;
  content: unknown;
}

const key = (communeCode: string, year: number) => `${communeCode}|${year}`;

// Selected from `ldtbxh.recognition_event e`, ordered by the numeric e.id: a bare `id` would sort
// the text alias ("10" before "9").
const EVENT_COLUMNS = `e.id::text AS id, e.commune_code AS "communeCode", e.year, e.action, e.from_state AS "fromState", e.to_state AS "toState", e.at, e.actor, e.details, e.snapshot, e.flags, e.disagreement`;

/** The steps of one cycle, oldest first, read in the caller's transaction. */
export async function eventsOfCycle(m: EntityManager, communeCode: string, year: number): Promise<EventRow[]> {
  return m.query(
    `SELECT ${EVENT_COLUMNS} FROM ldtbxh.recognition_event e WHERE e.commune_code = $1 AND e.year = $2 ORDER BY e.id`,
    [communeCode, year],
  );
}

/** Per-request loaders of cycles and their events, keyed `${communeCode}|${year}`. */
export function createRecognitionLoaders(dataSource: DataSource) {
  const split = (keys: readonly string[]) => ({
    codes: keys.map((k) => k.split('|')[0] ?? ''),
    years: keys.map((k) => Number(k.split('|')[1])),
  });
  return {
    cycle: new DataLoader<string, CycleRow | null>(async (keys) => {
      const { codes, years } = split(keys);
      const rows: CycleRow[] = await dataSource.query(
        `SELECT commune_code AS "communeCode", year, state, updated_at AS "updatedAt" FROM ldtbxh.recognition_cycle
          WHERE (commune_code, year) IN (SELECT * FROM unnest($1::varchar[], $2::int[]))`,
        [codes, years],
      );
      const found = new Map(rows.map((row) => [key(row.communeCode, row.year), row]));
      return keys.map((k) => found.get(k) ?? null);
    }),
    events: new DataLoader<string, EventRow[]>(async (keys) => {
      const { codes, years } = split(keys);
      const rows: EventRow[] = await dataSource.query(
        `SELECT ${EVENT_COLUMNS} FROM ldtbxh.recognition_event e WHERE (e.commune_code, e.year) IN (SELECT * FROM unnest($1::varchar[], $2::int[])) ORDER BY e.id`,
        [codes, years],
      );
      const found = new Map<string, EventRow[]>(keys.map((k) => [k, []]));
      for (const row of rows) found.get(key(row.communeCode, row.year))?.push(row);
      return keys.map((k) => found.get(k) ?? []);
    }),
    /** Every cycle of a commune, all years, keyed by commune code. */
    cyclesOfCommune: new DataLoader<string, CycleRow[]>(async (codes) => {
      const rows: CycleRow[] = await dataSource.query(
        `SELECT commune_code AS "communeCode", year, state, updated_at AS "updatedAt" FROM ldtbxh.recognition_cycle WHERE commune_code = ANY($1) ORDER BY year`,
        [codes],
      );
      const found = new Map<string, CycleRow[]>(codes.map((c) => [c, []]));
      for (const row of rows) found.get(row.communeCode)?.push(row);
      return codes.map((c) => found.get(c) ?? []);
    }),
  };
}

export type RecognitionLoaders = ReturnType<typeof createRecognitionLoaders>;

/** Every cycle of the given communes up to `year`, by commune. One statement. */
export async function cyclesUpTo(
  dataSource: DataSource,
  communeCodes: readonly string[],
  year: number,
): Promise<Map<string, CycleRow[]>> {
  const rows: CycleRow[] = await dataSource.query(
    `SELECT commune_code AS "communeCode", year, state, updated_at AS "updatedAt" FROM ldtbxh.recognition_cycle
      WHERE commune_code = ANY($1) AND year <= $2 ORDER BY commune_code, year`,
    [communeCodes, year],
  );
  const found = new Map<string, CycleRow[]>(communeCodes.map((c) => [c, []]));
  for (const row of rows) found.get(row.communeCode)?.push(row);
  return found;
}

/** The cycle of a commune-year, locked for the transaction; null when there is none. */
export async function lockCycle(m: EntityManager, communeCode: string, year: number): Promise<CycleRow | null> {
  const [row]: CycleRow[] = await m.query(
    `SELECT commune_code AS "communeCode", year, state, updated_at AS "updatedAt" FROM ldtbxh.recognition_cycle WHERE commune_code = $1 AND year = $2 FOR UPDATE`,
    [communeCode, year],
  );
  return row ?? null;
}

/** Records a step: the cycle's new state and the event. Inside withActor. */
export async function recordStep(
  m: EntityManager,
  step: {
    communeCode: string;
    year: number;
    action: CycleActionType;
    from: string | null;
    to: string;
    actor: string;
    details: unknown;
    snapshot: unknown;
    flags?: unknown[];
    disagreement?: unknown;
  },
): Promise<void> {
  await m.query(
    `INSERT INTO ldtbxh.recognition_cycle (commune_code, year, state, updated_at) VALUES ($1, $2, $3, clock_timestamp())
     ON CONFLICT (commune_code, year) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [step.communeCode, step.year, step.to],
  );
  await m.query(
    `INSERT INTO ldtbxh.recognition_event (commune_code, year, action, from_state, to_state, actor, details, snapshot, flags, disagreement) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      step.communeCode,
      step.year,
      step.action,
      step.from,
      step.to,
      step.actor,
      JSON.stringify(step.details),
      step.snapshot === null ? null : JSON.stringify(step.snapshot),
      JSON.stringify(step.flags ?? []),
      step.disagreement === undefined || step.disagreement === null ? null : JSON.stringify(step.disagreement),
    ],
  );
}

const TARGET_COLUMNS = `scope, year, recognised_share_pct::text AS "recognisedSharePct", new_min_pct::text AS "newMinPct", new_max_pct::text AS "newMaxPct", note, provisional, set_by AS "setBy", set_at AS "setAt"`;

/** The latest target of each scope for a year. */
export async function targetsFor(
  dataSource: DataSource,
  scopes: readonly string[],
  year: number,
): Promise<Map<string, TargetRow>> {
  const rows: TargetRow[] = await dataSource.query(
    `SELECT DISTINCT ON (scope) ${TARGET_COLUMNS} FROM ldtbxh.target WHERE scope = ANY($1) AND year = $2 ORDER BY scope, id DESC`,
    [scopes, year],
  );
  return new Map(rows.map((row) => [row.scope, row]));
}

/** The latest target of every scope and year of a province and its districts, as the pure modules take them. */
export async function allTargets(dataSource: DataSource, scopes: readonly string[]): Promise<TargetRow[]> {
  return dataSource.query(
    `SELECT DISTINCT ON (scope, year) ${TARGET_COLUMNS} FROM ldtbxh.target WHERE scope = ANY($1) ORDER BY scope, year, id DESC`,
    [scopes],
  );
}

/** Seeds the default targets for scope-years that have none (inside withActor). Returns how many were added. */
export async function seedTargets(
  m: EntityManager,
  targets: readonly {
    scope: string;
    year: number;
    recognisedSharePct: string | null;
    newMinPct: string;
    newMaxPct: string;
    note?: string;
    provisional?: boolean;
  }[],
  setBy: string,
): Promise<number> {
  const rows: unknown[] = await m.query(
    `INSERT INTO ldtbxh.target (scope, year, recognised_share_pct, new_min_pct, new_max_pct, note, provisional, set_by)
     SELECT x.scope, x.year, x.share::numeric, x.min::numeric, x.max::numeric, x.note, x.provisional, $8
       FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[]) AS x(scope, year, share, min, max, note, provisional)
      WHERE NOT EXISTS (SELECT 1 FROM ldtbxh.target t WHERE t.scope = x.scope AND t.year = x.year)
     RETURNING id`,
    [
      targets.map((t) => t.scope),
      targets.map((t) => t.year),
      targets.map((t) => t.recognisedSharePct),
      targets.map((t) => t.newMinPct),
      targets.map((t) => t.newMaxPct),
      targets.map((t) => t.note ?? ''),
      targets.map((t) => t.provisional ?? false),
      setBy,
    ],
  );
  return rows.length;
}

/** The latest share target of a scope at or after `year` (the year and the share). */
export async function shareTargetFrom(
  dataSource: DataSource,
  scope: string,
  year: number,
): Promise<{ year: number; share: string } | null> {
  const [row]: { year: number; share: string }[] = await dataSource.query(
    `SELECT year, share FROM (
       SELECT DISTINCT ON (year) year, recognised_share_pct::text AS share FROM ldtbxh.target WHERE scope = $1 AND year >= $2 ORDER BY year, id DESC
     ) latest WHERE share IS NOT NULL ORDER BY year LIMIT 1`,
    [scope, year],
  );
  return row ?? null;
}

/** Inserts a target (inside withActor). */
export async function insertTarget(m: EntityManager, target: Omit<TargetRow, 'setAt'>): Promise<TargetRow> {
  const [row]: TargetRow[] = await m.query(
    `INSERT INTO ldtbxh.target (scope, year, recognised_share_pct, new_min_pct, new_max_pct, note, provisional, set_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${TARGET_COLUMNS}`,
    [
      target.scope,
      target.year,
      target.recognisedSharePct,
      target.newMinPct,
      target.newMaxPct,
      target.note,
      target.provisional,
      target.setBy,
    ],
  );
  if (!row) throw new Error('target insert returned no row');
  return row;
}

/** Recognised communes of a set of communes per year (RECOGNISED at the end of the year's cycle). */
export async function recognisedByYear(
  dataSource: DataSource,
  communeCodes: readonly string[],
): Promise<Map<number, number>> {
  const rows: { year: number; n: number }[] = await dataSource.query(
    `SELECT year, count(*)::int AS n FROM ldtbxh.recognition_cycle WHERE commune_code = ANY($1) AND state = 'RECOGNISED' GROUP BY year ORDER BY year`,
    [communeCodes],
  );
  return new Map(rows.map((row) => [row.year, row.n]));
}

/** Submissions of a report, oldest first. */
export async function submissionsOf(
  dataSource: DataSource,
  kind: ReportKind,
  scope: string,
  year: number,
): Promise<SubmissionRow[]> {
  return dataSource.query(
    `SELECT kind, scope, year, submitted_at AS "submittedAt", submitted_by AS "submittedBy", content FROM ldtbxh.report_submission
      WHERE kind = $1 AND scope = $2 AND year = $3 ORDER BY id`,
    [kind, scope, year],
  );
}

/** The first submission of every report of a year, by `${kind}|${scope}`. */
export async function firstSubmissions(dataSource: DataSource, year: number): Promise<Map<string, Date>> {
  const rows: { kind: string; scope: string; first: Date }[] = await dataSource.query(
    `SELECT kind, scope, min(submitted_at) AS first FROM ldtbxh.report_submission WHERE year = $1 GROUP BY kind, scope`,
    [year],
  );
  return new Map(rows.map((row) => [`${row.kind}|${row.scope}`, row.first]));
}

/** Stores a submission (inside withActor). */
export async function insertSubmission(
  m: EntityManager,
  submission: Omit<SubmissionRow, 'submittedAt'>,
): Promise<SubmissionRow> {
  const [row]: SubmissionRow[] = await m.query(
    `INSERT INTO ldtbxh.report_submission (kind, scope, year, submitted_by, content) VALUES ($1, $2, $3, $4, $5)
     RETURNING kind, scope, year, submitted_at AS "submittedAt", submitted_by AS "submittedBy", content`,
    [submission.kind, submission.scope, submission.year, submission.submittedBy, JSON.stringify(submission.content)],
  );
  if (!row) throw new Error('submission insert returned no row');
  return row;
}
