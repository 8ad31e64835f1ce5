/**
 * Publishing a department's indicator values: every row validated, outcomes computed against the
 * stored values, and — unless it is a dry run or all-or-nothing found a rejected row — written
 * in one transaction with a new revision for every changed value. Stored values are never
 * overwritten without trace and never deleted.
 */
import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Department, DepartmentCode } from '../departments';
import { withActor, type Actor } from '../audit/actor';
import { hubError } from '../errors';
import { versionForPublishing } from '../reference/assignments';
import type { CriteriaCatalogue, LoadedCriteriaSet } from '../reference/catalogue';
import { validInYear, type ReferenceReader } from '../reference/reader';
import { validateInput } from '../criteria/scoring';
import { invalidTextReason } from '../text';

/** One row as the client sent it. Numbers are not yet known to be whole. */
export interface PublishRowInput {
  commune: string;
  indicator: string;
  numerator?: number | null;
  denominator?: number | null;
  count?: number | null;
  value?: boolean | null;
  grade?: string | null;
  note?: string | null;
  sourceRef?: string | null;
}

export interface PublishInput {
  criteriaSetId: string;
  year: number;
  rows: PublishRowInput[];
  dryRun: boolean;
  allOrNothing: boolean;
  /**
   * Chosen by the department's system, the same for every retry of one call: a retry with the same
   * key and the same content answers the first result and writes nothing; the same key with other
   * content is IDEMPOTENCY_KEY_REUSED. Keys are kept per department.
   */
  idempotencyKey?: string | null;
}

/** Why a row was refused. `field` names the input field at fault. */
export interface RowRejection {
  index: number;
  commune: string;
  indicator: string;
  code: RowRejectionCode;
  field: string;
  message: string;
  /** A validation rule's own Vietnamese, for a row a rule refused (RULE_VIOLATED); else derived from the code. */
  messageVi?: string;
}

export type RowRejectionCode =
  | 'UNKNOWN_COMMUNE'
  | 'COMMUNE_NOT_IN_YEAR'
  | 'UNKNOWN_INDICATOR'
  | 'INDICATOR_OWNED_BY_OTHER_DEPARTMENT'
  | 'DUPLICATE_ROW'
  | 'NUMERATOR_EXCEEDS_DENOMINATOR'
  | 'NEGATIVE_VALUE'
  | 'NOT_AN_INTEGER'
  | 'VALUE_TOO_LARGE'
  | 'WRONG_VALUE_KIND'
  | 'UNKNOWN_GRADE'
  | 'VALUE_REQUIRED'
  | 'TEXT_TOO_LONG'
  | 'TEXT_INVALID';

export type RowOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED';

export interface PublishResult {
  department: DepartmentCode;
  criteriaSetId: string;
  criteriaSetVersion: number;
  year: number;
  dryRun: boolean;
  /** True when the call took effect (not a dry run, and no rejected row stopped it). */
  applied: boolean;
  /** The publication written; null when nothing changed or nothing was applied. */
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: RowRejection[];
  rows: { index: number; commune: string; indicator: string; outcome: RowOutcome }[];
  /** True when this is the stored answer of an earlier call with the same idempotency key (nothing was written now). */
  replayed: boolean;
}

/** What publishing needs from the service. */
export interface PublishDeps {
  dataSource: DataSource;
  reference: ReferenceReader;
  catalogue: CriteriaCatalogue;
  department: Department;
  maxRows: number;
}

/** Largest whole number accepted in a value field (the columns are 32-bit). */
export const MAX_VALUE = 100_000_000;
const MAX_NOTE = 2000;
const MAX_SOURCE_REF = 500;
const YEAR_MIN = 2000;
const YEAR_MAX = 2100;

interface NormalisedValue {
  kind: string;
  numerator: number | null;
  denominator: number | null;
  count: number | null;
  flag: boolean | null;
  grade: string | null;
  note: string | null;
  sourceRef: string | null;
}

interface StoredValue extends NormalisedValue {
  id: string;
  communeCode: string;
  indicatorCode: string;
  revision: number;
}

const nfc = (text: string | null | undefined): string | null =>
  text === null || text === undefined ? null : text.normalize('NFC');

function sameValue(a: NormalisedValue, b: NormalisedValue): boolean {
  return (
    a.kind === b.kind &&
    a.numerator === b.numerator &&
    a.denominator === b.denominator &&
    a.count === b.count &&
    a.flag === b.flag &&
    a.grade === b.grade &&
    a.note === b.note &&
    a.sourceRef === b.sourceRef
  );
}

/** Validates the call as a whole. @throws a coded error naming the field. */
async function checkCall(deps: PublishDeps, input: PublishInput): Promise<LoadedCriteriaSet> {
  if (input.rows.length === 0)
    throw hubError('NO_ROWS', 'rows is empty: a publishing call carries at least one row', { field: 'rows' });
  if (input.rows.length > deps.maxRows) {
    throw hubError(
      'TOO_MANY_ROWS',
      `rows has ${input.rows.length} rows; at most ${deps.maxRows} are accepted in one call`,
      {
        field: 'rows',
        limit: deps.maxRows,
      },
    );
  }
  if (input.year < YEAR_MIN || input.year > YEAR_MAX) {
    throw hubError('YEAR_OUT_OF_RANGE', `year ${input.year} is outside ${YEAR_MIN}–${YEAR_MAX}`, {
      field: 'year',
      from: YEAR_MIN,
      to: YEAR_MAX,
    });
  }
  // The version the year's assessment uses: a version loaded for later years does not take over.
  return versionForPublishing(deps.dataSource, deps.catalogue, input.criteriaSetId, input.year);
}

/** Validates every row; returns the rejections and the accepted rows normalised. */
async function checkRows(
  deps: PublishDeps,
  input: PublishInput,
  loaded: LoadedCriteriaSet,
): Promise<{
  rejected: RowRejection[];
  accepted: Map<number, NormalisedValue & { communeCode: string; indicatorCode: string }>;
}> {
  // PostgreSQL text cannot hold NUL (the query would fail); no official code contains one anyway.
  const codes = [...new Set(input.rows.map((row) => row.commune))].filter((code) => !code.includes('\u0000'));
  const communes = await deps.reference.communesByCodes(codes);
  const rejected: RowRejection[] = [];
  const accepted = new Map<number, NormalisedValue & { communeCode: string; indicatorCode: string }>();
  const seen = new Map<string, number>();
  input.rows.forEach((row, index) => {
    const reject = (code: RowRejectionCode, field: string, message: string) =>
      rejected.push({ index, commune: row.commune, indicator: row.indicator, code, field, message });
    const before = rejected.length;
    const periods = communes.get(row.commune);
    if (!periods) {
      reject('UNKNOWN_COMMUNE', 'commune', `commune ${row.commune} is not a known official commune code`);
    } else if (!periods.some((period) => validInYear(period, input.year))) {
      reject('COMMUNE_NOT_IN_YEAR', 'commune', `commune ${row.commune} did not exist in ${input.year}`);
    }
    const found = loaded.indicators.get(row.indicator);
    if (!found) {
      reject(
        'UNKNOWN_INDICATOR',
        'indicator',
        `indicator ${row.indicator} is not in criteria set ${loaded.set.id} version ${loaded.set.version}`,
      );
    } else if (found.indicator.department !== deps.department.code) {
      reject(
        'INDICATOR_OWNED_BY_OTHER_DEPARTMENT',
        'indicator',
        `indicator ${row.indicator} is published by ${found.indicator.department}, not ${deps.department.code}`,
      );
    } else {
      for (const problem of validateInput(found.indicator, row)) {
        reject(problem.code, problem.field, problem.message);
      }
      for (const field of ['numerator', 'denominator', 'count'] as const) {
        const value = row[field];
        if (typeof value === 'number' && value > MAX_VALUE) {
          reject('VALUE_TOO_LARGE', field, `${field} ${value} is larger than ${MAX_VALUE}`);
        }
      }
    }
    // Measured as stored (NFC), so the same text is accepted whichever normalisation form it came in.
    const note = nfc(row.note);
    const sourceRef = nfc(row.sourceRef);
    if (note && note.length > MAX_NOTE)
      reject('TEXT_TOO_LONG', 'note', `note has ${note.length} characters; at most ${MAX_NOTE}`);
    if (sourceRef && sourceRef.length > MAX_SOURCE_REF) {
      reject('TEXT_TOO_LONG', 'sourceRef', `sourceRef has ${sourceRef.length} characters; at most ${MAX_SOURCE_REF}`);
    }
    for (const field of ['note', 'sourceRef'] as const) {
      const text = row[field];
      if (typeof text !== 'string') continue;
      // Refused rather than stored altered: what is stored must be exactly what was sent, so that
      // re-publishing the same text is always UNCHANGED.
      const reason = invalidTextReason(text);
      if (text.includes('\u0000'))
        reject('TEXT_INVALID', field, `${field} contains a NUL character (U+0000), which cannot be stored`);
      else if (reason) reject('TEXT_INVALID', field, `${field} contains ${reason}, which cannot be stored as sent`);
    }
    const key = `${row.commune}|${row.indicator}`;
    const first = seen.get(key);
    if (first !== undefined) {
      reject(
        'DUPLICATE_ROW',
        'indicator',
        `commune ${row.commune} and indicator ${row.indicator} already appear at row ${first}`,
      );
    } else {
      seen.set(key, index);
    }
    if (rejected.length === before && found) {
      accepted.set(index, {
        communeCode: row.commune,
        indicatorCode: row.indicator,
        kind: found.indicator.kind,
        numerator: row.numerator ?? null,
        denominator: row.denominator ?? null,
        count: row.count ?? null,
        flag: row.value ?? null,
        grade: nfc(row.grade),
        note: nfc(row.note),
        sourceRef: nfc(row.sourceRef),
      });
    }
  });
  return { rejected, accepted };
}

/**
 * Serialising overlapping publications. Before it reads what is stored, a publishing transaction
 * takes one transaction-scoped advisory lock per bucket of the (criteria set, year, commune) keys it
 * touches, in ascending bucket order. Every publisher takes them in that one order, so two calls
 * can wait for each other but never in a cycle (no deadlock, first publications included, where
 * there is no row yet to lock), and a call reads the stored values only once no other call can
 * change them before it commits: the created / updated / unchanged it answers are what it stores.
 * Calls on disjoint buckets run side by side. The number of buckets bounds the locks one
 * transaction holds (PostgreSQL's lock table is shared and finite).
 */
export const LOCK_BUCKETS = 64;

/** FNV-1a, 32 bits: a stable hash of a text (the same in every process and release). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** The advisory-lock class of a department's values and of its idempotency keys (first int of the pair). */
const lockClass = (schema: string, what: 'values' | 'idempotency') => fnv1a(`cfc-hub:${schema}:${what}`);

/** The buckets of the keys `communes` of one set and year, ascending. */
export function lockBuckets(setId: string, year: number, communes: string[]): number[] {
  const buckets = new Set(communes.map((commune) => (fnv1a(`${setId}|${year}|${commune}`) >>> 0) % LOCK_BUCKETS));
  return [...buckets].sort((a, b) => a - b);
}

async function lockValues(
  m: EntityManager,
  schema: string,
  setId: string,
  year: number,
  communes: string[],
): Promise<void> {
  // unnest yields the array in order, and each lock is taken as its row is produced: ascending.
  await m.query(`SELECT count(pg_advisory_xact_lock($1, bucket)) FROM unnest($2::int[]) AS bucket`, [
    lockClass(schema, 'values'),
    lockBuckets(setId, year, communes),
  ]);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The content of a call that a retry must repeat exactly: everything but the key and dryRun. */
function requestHash(input: PublishInput): string {
  const rows = input.rows.map((row) => [
    row.commune,
    row.indicator,
    row.numerator ?? null,
    row.denominator ?? null,
    row.count ?? null,
    row.value ?? null,
    row.grade ?? null,
    row.note ?? null,
    row.sourceRef ?? null,
  ]);
  return createHash('sha256')
    .update(JSON.stringify([input.criteriaSetId, input.year, input.allOrNothing, rows]), 'utf8')
    .digest('hex');
}

/**
 * Takes the key's lock, then answers an earlier call's result (same content) or refuses (other
 * content); null when the key is new.
 * @throws IDEMPOTENCY_KEY_REUSED
 */
async function earlierResult(
  m: EntityManager,
  schema: string,
  key: string,
  hash: string,
): Promise<PublishResult | null> {
  await m.query(`SELECT pg_advisory_xact_lock($1, $2)`, [lockClass(schema, 'idempotency'), fnv1a(key)]);
  const [stored]: { requestHash: string; result: PublishResult; requestId: string; createdAt: Date }[] = await m.query(
    `SELECT request_hash AS "requestHash", result, request_id AS "requestId", created_at AS "createdAt" FROM "${schema}".publish_idempotency WHERE key = $1`,
    [key],
  );
  if (!stored) return null;
  if (stored.requestHash !== hash) {
    throw hubError(
      'IDEMPOTENCY_KEY_REUSED',
      `idempotencyKey ${key} was used on ${stored.createdAt.toISOString()} for a call with other content; a retry must send the same criteria set, year, allOrNothing and rows, and a new call needs a new key`,
      { field: 'idempotencyKey', firstRequestId: stored.requestId },
    );
  }
  return { ...stored.result, replayed: true };
}

async function lockStored(
  m: EntityManager,
  schema: string,
  setId: string,
  year: number,
  communes: string[],
): Promise<Map<string, StoredValue>> {
  const rows: StoredValue[] = await m.query(
    `SELECT id, commune_code AS "communeCode", indicator_code AS "indicatorCode", kind, numerator, denominator, count,
            flag, grade, note, source_ref AS "sourceRef", revision
       FROM "${schema}".indicator_value
      WHERE criteria_set_id = $1 AND year = $2 AND commune_code = ANY($3)
      ORDER BY commune_code, indicator_code
      FOR UPDATE`,
    [setId, year, communes],
  );
  return new Map(rows.map((row) => [`${row.communeCode}|${row.indicatorCode}`, row]));
}

/**
 * Publishes `input` for the department of `deps` as `actor` (recorded as publisher and in the audit trail).
 * Overlapping calls serialise on the bucket locks (see {@link LOCK_BUCKETS}); with an idempotency
 * key, a retry answers the stored first result.
 * @throws NO_ROWS, TOO_MANY_ROWS, UNKNOWN_CRITERIA_SET, YEAR_OUT_OF_RANGE for the call as a whole;
 * BAD_USER_INPUT for a malformed idempotency key, IDEMPOTENCY_KEY_REUSED for a key sent before with
 * other content; DEADLINE_EXCEEDED when the caller's time ran out (rolled back); CONFLICT when a
 * transient collision persisted through every attempt (nothing of this call is kept).
 */
export async function publishValues(deps: PublishDeps, input: PublishInput, actor: Actor): Promise<PublishResult> {
  const key = input.idempotencyKey ?? null;
  if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
    throw hubError(
      'BAD_USER_INPUT',
      'idempotencyKey must be 1–200 printable ASCII characters without spaces (a UUID, for example)',
      { field: 'idempotencyKey' },
    );
  }
  const loaded = await checkCall(deps, input);
  const { rejected, accepted } = await checkRows(deps, input, loaded);
  const schema = deps.department.slug;
  const blocked = input.dryRun || (input.allOrNothing && rejected.length > 0);
  const rejectedIndexes = new Set(rejected.map((r) => r.index));

  const run = async (m: EntityManager): Promise<PublishResult> => {
    const communes = [...new Set([...accepted.values()].map((row) => row.communeCode))].sort();
    if (!blocked && communes.length > 0) await lockValues(m, schema, loaded.set.id, input.year, communes);
    const stored =
      communes.length > 0
        ? await lockStored(m, schema, loaded.set.id, input.year, communes)
        : new Map<string, StoredValue>();
    const outcomes = input.rows.map((row, index) => {
      if (rejectedIndexes.has(index)) return 'REJECTED' as const;
      const value = accepted.get(index);
      const existing = value && stored.get(`${value.communeCode}|${value.indicatorCode}`);
      if (!existing) return 'CREATED' as const;
      return sameValue(existing, value) ? ('UNCHANGED' as const) : ('UPDATED' as const);
    });
    const count = (outcome: RowOutcome) => outcomes.filter((o) => o === outcome).length;
    const result: PublishResult = {
      department: deps.department.code,
      criteriaSetId: loaded.set.id,
      criteriaSetVersion: loaded.set.version,
      year: input.year,
      dryRun: input.dryRun,
      applied: false,
      publicationId: null,
      created: count('CREATED'),
      updated: count('UPDATED'),
      unchanged: count('UNCHANGED'),
      rejectedCount: rejected.length === 0 ? 0 : rejectedIndexes.size,
      rejected,
      rows: input.rows.map((row, index) => ({
        index,
        commune: row.commune,
        indicator: row.indicator,
        outcome: outcomes[index] ?? 'REJECTED',
      })),
      replayed: false,
    };
    if (blocked) return result;

    // In key order, so that concurrent upserts meet the unique index in one order too.
    const changed = [...accepted.entries()]
      .filter(([index]) => outcomes[index] === 'CREATED' || outcomes[index] === 'UPDATED')
      .sort(([, a], [, b]) =>
        a.communeCode === b.communeCode
          ? a.indicatorCode < b.indicatorCode
            ? -1
            : 1
          : a.communeCode < b.communeCode
            ? -1
            : 1,
      );
    // Re-publishing identical values changes nothing: no publication, no revision.
    if (changed.length === 0) return { ...result, applied: true };
    const [publication]: { id: string; publishedAt: Date }[] = await m.query(
      `INSERT INTO "${schema}".publication
         (criteria_set_id, criteria_set_version, year, published_by, request_id, published_at, created, updated, unchanged, rejected)
       VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9) RETURNING id, published_at AS "publishedAt"`,
      [
        loaded.set.id,
        loaded.set.version,
        input.year,
        actor.name,
        actor.requestId,
        result.created,
        result.updated,
        result.unchanged,
        result.rejectedCount,
      ],
    );
    if (!publication) throw new Error('publication insert returned no row');
    {
      const column = <K extends keyof NormalisedValue>(key: K) => changed.map(([, value]) => value[key]);
      // One statement upserts every changed value; a second appends their revisions. A value
      // records the transaction that wrote it (`written_xid`: its default on insert, set on update),
      // which boards ask by (shared/board-since.ts).
      await m.query(
        `INSERT INTO "${schema}".indicator_value AS v
           (commune_code, year, criteria_set_id, indicator_code, kind, numerator, denominator, count, flag, grade, note, source_ref,
            revision, publication_id, published_by, published_at, first_published_at)
         SELECT x.commune_code, $1, $2, x.indicator_code, x.kind, x.numerator, x.denominator, x.count, x.flag, x.grade, x.note, x.source_ref,
                1, $3, $4, $5, $5
           FROM unnest($6::text[], $7::text[], $8::text[], $9::int[], $10::int[], $11::int[], $12::bool[], $13::text[], $14::text[], $15::text[])
             AS x(commune_code, indicator_code, kind, numerator, denominator, count, flag, grade, note, source_ref)
         ON CONFLICT (commune_code, year, criteria_set_id, indicator_code) DO UPDATE SET
           kind = EXCLUDED.kind, numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, count = EXCLUDED.count,
           flag = EXCLUDED.flag, grade = EXCLUDED.grade, note = EXCLUDED.note, source_ref = EXCLUDED.source_ref,
           revision = v.revision + 1, publication_id = EXCLUDED.publication_id, published_by = EXCLUDED.published_by,
           published_at = EXCLUDED.published_at, written_xid = pg_current_xact_id()`,
        [
          input.year,
          loaded.set.id,
          publication.id,
          actor.name,
          publication.publishedAt,
          changed.map(([, value]) => value.communeCode),
          changed.map(([, value]) => value.indicatorCode),
          column('kind'),
          column('numerator'),
          column('denominator'),
          column('count'),
          column('flag'),
          column('grade'),
          column('note'),
          column('sourceRef'),
        ],
      );
      await m.query(
        `INSERT INTO "${schema}".indicator_value_revision
           (value_id, revision, publication_id, numerator, denominator, count, flag, grade, note, source_ref, published_by, published_at)
         SELECT id, revision, publication_id, numerator, denominator, count, flag, grade, note, source_ref, published_by, published_at
           FROM "${schema}".indicator_value WHERE publication_id = $1`,
        [publication.id],
      );
    }
    return { ...result, applied: true, publicationId: String(publication.id) };
  };

  if (input.dryRun || (blocked && key === null)) {
    // Outcomes of a dry run or a refused call still compare with what is stored, without locks.
    // A dry run neither reads nor records an idempotency key.
    return run(deps.dataSource.manager);
  }
  return withActor(deps.dataSource, actor, async (m) => {
    if (key === null) return run(m);
    const hash = requestHash(input);
    const earlier = await earlierResult(m, schema, key, hash);
    if (earlier) return earlier;
    const result = await run(m);
    // Recorded only when the call took effect: a call stopped by a rejected row wrote nothing, and
    // may be corrected and sent again with the same key.
    if (result.applied) {
      await m.query(
        `INSERT INTO "${schema}".publish_idempotency (key, request_hash, result, publication_id, requested_by, request_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())`,
        [key, hash, JSON.stringify(result), result.publicationId, actor.name, actor.requestId],
      );
    }
    return result;
  });
}
