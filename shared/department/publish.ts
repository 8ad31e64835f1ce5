/**
 * Publishing a department's indicator values: every row validated, outcomes computed against the
 * stored values, and — unless it is a dry run or all-or-nothing found a rejected row — written
 * in one transaction with a new revision for every changed value. Stored values are never
 * overwritten without trace and never deleted.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { Department } from '../departments';
import { withActor, type Actor } from '../audit/actor';
import { hubError } from '../errors';
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
}

/** Why a row was refused. `field` names the input field at fault. */
export interface RowRejection {
  index: number;
  commune: string;
  indicator: string;
  code: RowRejectionCode;
  field: string;
  message: string;
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
  department: string;
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

const nfc = (text: string | null | undefined): string | null => (text === null || text === undefined ? null : text.normalize('NFC'));

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
  if (input.rows.length === 0) throw hubError('NO_ROWS', 'rows is empty: a publishing call carries at least one row', { field: 'rows' });
  if (input.rows.length > deps.maxRows) {
    throw hubError('TOO_MANY_ROWS', `rows has ${input.rows.length} rows; at most ${deps.maxRows} are accepted in one call`, {
      field: 'rows',
      limit: deps.maxRows,
    });
  }
  const loaded = await deps.catalogue.latest(input.criteriaSetId);
  if (!loaded) {
    throw hubError('UNKNOWN_CRITERIA_SET', `criteria set ${input.criteriaSetId} is not loaded`, { field: 'criteriaSetId' });
  }
  const { from, to } = loaded.set.years;
  if (input.year < YEAR_MIN || input.year > YEAR_MAX || input.year < from || (to !== null && input.year > to)) {
    throw hubError(
      'YEAR_OUT_OF_RANGE',
      `year ${input.year} is outside the years of criteria set ${loaded.set.id} (${from}–${to ?? 'open'})`,
      { field: 'year', from, to },
    );
  }
  return loaded;
}

/** Validates every row; returns the rejections and the accepted rows normalised. */
async function checkRows(
  deps: PublishDeps,
  input: PublishInput,
  loaded: LoadedCriteriaSet,
): Promise<{ rejected: RowRejection[]; accepted: Map<number, NormalisedValue & { communeCode: string; indicatorCode: string }> }> {
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
      reject('UNKNOWN_INDICATOR', 'indicator', `indicator ${row.indicator} is not in criteria set ${loaded.set.id} version ${loaded.set.version}`);
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
    if (note && note.length > MAX_NOTE) reject('TEXT_TOO_LONG', 'note', `note has ${note.length} characters; at most ${MAX_NOTE}`);
    if (sourceRef && sourceRef.length > MAX_SOURCE_REF) {
      reject('TEXT_TOO_LONG', 'sourceRef', `sourceRef has ${sourceRef.length} characters; at most ${MAX_SOURCE_REF}`);
    }
    for (const field of ['note', 'sourceRef'] as const) {
      const text = row[field];
      if (typeof text !== 'string') continue;
      // Refused rather than stored altered: what is stored must be exactly what was sent, so that
      // re-publishing the same text is always UNCHANGED.
      const reason = invalidTextReason(text);
      if (text.includes('\u0000')) reject('TEXT_INVALID', field, `${field} contains a NUL character (U+0000), which cannot be stored`);
      else if (reason) reject('TEXT_INVALID', field, `${field} contains ${reason}, which cannot be stored as sent`);
    }
    const key = `${row.commune}|${row.indicator}`;
    const first = seen.get(key);
    if (first !== undefined) {
      reject('DUPLICATE_ROW', 'indicator', `commune ${row.commune} and indicator ${row.indicator} already appear at row ${first}`);
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

async function lockStored(m: EntityManager, schema: string, setId: string, year: number, communes: string[]): Promise<Map<string, StoredValue>> {
  const rows: StoredValue[] = await m.query(
    `SELECT id, commune_code AS "communeCode", indicator_code AS "indicatorCode", kind, numerator, denominator, count,
            flag, grade, note, source_ref AS "sourceRef", revision
       FROM "${schema}".indicator_value
      WHERE criteria_set_id = $1 AND year = $2 AND commune_code = ANY($3)
      FOR UPDATE`,
    [setId, year, communes],
  );
  return new Map(rows.map((row) => [`${row.communeCode}|${row.indicatorCode}`, row]));
}

/**
 * Publishes `input` for the department of `deps` as `actor` (recorded as publisher and in the audit trail).
 * @throws NO_ROWS, TOO_MANY_ROWS, UNKNOWN_CRITERIA_SET, YEAR_OUT_OF_RANGE for the call as a whole;
 * CONFLICT when a concurrent call wrote the same values first (nothing of this call is kept).
 */
export async function publishValues(deps: PublishDeps, input: PublishInput, actor: Actor): Promise<PublishResult> {
  const loaded = await checkCall(deps, input);
  const { rejected, accepted } = await checkRows(deps, input, loaded);
  const schema = deps.department.slug;
  const blocked = input.dryRun || (input.allOrNothing && rejected.length > 0);
  const rejectedIndexes = new Set(rejected.map((r) => r.index));

  const run = async (m: EntityManager): Promise<PublishResult> => {
    const communes = [...new Set([...accepted.values()].map((row) => row.communeCode))];
    const stored = communes.length > 0 ? await lockStored(m, schema, loaded.set.id, input.year, communes) : new Map<string, StoredValue>();
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
      rows: input.rows.map((row, index) => ({ index, commune: row.commune, indicator: row.indicator, outcome: outcomes[index] ?? 'REJECTED' })),
    };
    if (blocked) return result;

    const changed = [...accepted.entries()].filter(([index]) => outcomes[index] === 'CREATED' || outcomes[index] === 'UPDATED');
    // Re-publishing identical values changes nothing: no publication, no revision.
    if (changed.length === 0) return { ...result, applied: true };
    const [publication]: { id: string; publishedAt: Date }[] = await m.query(
      `INSERT INTO "${schema}".publication
         (criteria_set_id, criteria_set_version, year, published_by, request_id, published_at, created, updated, unchanged, rejected)
       VALUES ($1, $2, $3, $4, $5, now(), $6, $7, $8, $9) RETURNING id, published_at AS "publishedAt"`,
      [loaded.set.id, loaded.set.version, input.year, actor.name, actor.requestId, result.created, result.updated, result.unchanged, result.rejectedCount],
    );
    if (!publication) throw new Error('publication insert returned no row');
    {
      const column = <K extends keyof NormalisedValue>(key: K) => changed.map(([, value]) => value[key]);
      // One statement upserts every changed value; a second appends their revisions.
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
           published_at = EXCLUDED.published_at`,
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

  if (blocked) {
    // Outcomes of a dry run or a refused call still compare with what is stored, without locks.
    return run(deps.dataSource.manager);
  }
  return withActor(deps.dataSource, actor, run);
}
