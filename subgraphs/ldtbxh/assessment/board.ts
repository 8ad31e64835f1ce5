/**
 * Boards: every commune of a scope (district, province, country) assessed, ranked and paged.
 *
 * The current board never recomputes what did not change. Its query plan is
 *   1. LĐTBXH: the board's key — scope, year and `since`, from when the departments must send the
 *      inputs of changed communes (empty when some commune has nothing stored: every input then);
 *   2. each department, once: the stamps of its values for the scope and the inputs of the communes
 *      changed since `since` (`<slug>Changes`);
 *   3. LĐTBXH: `assessments` — each commune whose stamp (its departments' stamps and its local
 *      parts) differs from its stored assessment's is recomputed, from the new inputs of the
 *      departments whose stamps moved and the stored inputs of the others, and stored; the rest is
 *      read from the store; all are ranked; the page's details are read only when selected.
 * The fetches and statements per request stay the same from one district to the whole country.
 * A publication that has returned has moved its stamps before step 2 of any later board, so the
 * board reflects it.
 *
 * Why `since` may be trusted (shared/board-since.ts): a board that found every stored assessment
 * of its scope fresh records each department's watermark as it read that department's stamps —
 * the oldest transaction still running then. A write that read did not see was made by a
 * transaction at or above it, whenever it commits, so the next board's `since` asks each
 * department for exactly the communes it wrote since. A scope whose state holds no watermarks yet
 * asks by moment: the moment every stored assessment of the scope is known fresh, less the
 * operation deadline and {@link SINCE_SLACK_MS} (a publication's values carry the start of its
 * transaction, which commits within the deadline). A commune whose stamp moved without its inputs
 * being sent (a database restored to an older state…) is forgotten, so the next board fetches
 * everything for it, and this one answers ASSESSMENT_UNAVAILABLE rather than a guess.
 */
import { assertNever } from '../../../shared/assert-never';
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { communesOfScope, formatBoardScope, parseBoardScope, type BoardScope } from '../../../shared/board-scope';
import { formatWatermarks, parseBoardSince } from '../../../shared/board-since';
import { boardChanges } from '../../../shared/department/stamps';
import type { DepartmentCode } from '../../../shared/departments';
import { badInput, hubError } from '../../../shared/errors';
import { categoryForYear, type CommuneRow } from '../../../shared/reference/reader';
import {
  EMPTY_STAMP,
  formatStamp,
  parseBoardStamps,
  stampOf,
  type BoardInputs,
  type ScoringInputs,
} from '../../../shared/scoring-inputs';
import type { LdtbxhContext } from '../context';
import { checkYear } from '../places/resolvers';
import { CODE_OF, keyOfPayloads, REQUIRED_DEPARTMENTS, type RequiredDepartment, type RequiredFields } from './inputs';
import { momentKey, setKey } from './loaders';
import {
  computeAssessment,
  fullStamp,
  localStamp,
  viewFor,
  type AssessmentParent,
  type ComputedAssessment,
} from './service';
import { AssessmentStore, type StoredInputs, type StoredSummary } from './store';

/** The board entity as the gateway hands it back: its key plus what `@requires` asked for. */
export interface BoardRef extends Partial<Record<`${RequiredDepartment}Changes`, BoardInputs | null>> {
  scope: string;
  year: number;
  /** See {@link boardKey}; absent on an as-of board. */
  since?: string;
}

/** The as-of board as the gateway hands it back: its key plus each commune-year's inputs at `at` (`@requires`). */
export interface BoardAsOfRef extends BoardRef {
  /** ISO 8601 moment. */
  at: string;
  communeYears?: RequiredFields[];
}

export type BoardSort = 'TOTAL_DESC' | 'TOTAL_ASC' | 'CODE';
export interface BoardArgs {
  sort: BoardSort;
  first?: number | null;
  after?: string | null;
}

/** The most lines one page may hold. */
export const MAX_PAGE = 20000;

// ---------------------------------------------------------------------------------------------
// Scope

/**
 * The scope of `assessmentBoard` / `recognitionOverview` arguments: exactly one of a district, a
 * province or the country; Ninh Thuận (58) when none is given.
 * @throws BAD_USER_INPUT naming the field: an explicit null, country with a province or district,
 * a district with a province, a malformed or unknown code.
 */
export async function resolveScope(
  ctx: LdtbxhContext,
  args: { year: number; districtCode?: string | null; provinceCode?: string | null; country?: boolean | null },
): Promise<{ year: number; scope: BoardScope }> {
  const year = checkYear(args.year);
  if (year === null) throw badInput('year', 'year is required');
  for (const field of ['districtCode', 'provinceCode', 'country'] as const) {
    if (args[field] === null) throw badInput(field, `${field} may be omitted but not null`);
  }
  const country = args.country === true;
  if (country && (args.districtCode !== undefined || args.provinceCode !== undefined)) {
    throw badInput('country', 'country: true covers the whole country: give no provinceCode or districtCode with it');
  }
  if (args.districtCode !== undefined && args.provinceCode !== undefined) {
    throw badInput('provinceCode', 'give a districtCode or a provinceCode, not both');
  }
  const scope: BoardScope = country
    ? { kind: 'country' }
    : args.districtCode !== undefined
      ? { kind: 'district', code: args.districtCode ?? '' }
      : { kind: 'province', code: args.provinceCode ?? '58' };
  if (scope.kind === 'district' && !/^\d{3}$/.test(scope.code))
    throw badInput('districtCode', `districtCode "${scope.code}" is not a 3-digit district code`);
  if (scope.kind === 'province' && !/^\d{2}$/.test(scope.code))
    throw badInput('provinceCode', `provinceCode "${scope.code}" is not a 2-digit province code`);
  // One statement whatever the scope: the district or province exists, or the country has units.
  const [found]: { known: boolean }[] = await ctx.services.db.dataSource.query(
    `SELECT CASE $1::text WHEN 'district' THEN EXISTS (SELECT 1 FROM reference.district WHERE code = $2::text)
                          WHEN 'province' THEN EXISTS (SELECT 1 FROM reference.province WHERE code = $2::text)
                          ELSE EXISTS (SELECT 1 FROM reference.province) END AS known`,
    [scope.kind, scope.kind === 'country' ? null : scope.code],
  );
  if (!found?.known) {
    if (scope.kind === 'country') throw hubError('NOT_FOUND', 'no unit of the country is loaded', { field: 'country' });
    const field = scope.kind === 'district' ? 'districtCode' : 'provinceCode';
    throw badInput(field, `no ${scope.kind} has code ${scope.code}`, { reason: 'UNKNOWN_CODE' });
  }
  return { year, scope };
}

function scopeOf(board: { scope: string }): BoardScope {
  const scope = parseBoardScope(board.scope);
  if (!scope) throw badInput('scope', `scope "${board.scope}" is not district:<code>, province:<code> or country`);
  return scope;
}

/** The communes of the board's scope in its year, one line per code, by code. */
async function boardCommunes(ctx: LdtbxhContext, board: { scope: string; year: number }): Promise<CommuneRow[]> {
  const rows = await communesOfScope(ctx.services.reference, scopeOf(board), board.year);
  // Rows come by code, then first day: a code with two periods in the year (a reused code)
  // stands for the later one, as the assessment of the year reads it (periodInYear).
  const byCode = new Map<string, CommuneRow>();
  for (const row of rows) byCode.set(row.code, row);
  return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
}

// ---------------------------------------------------------------------------------------------
// Ranking and paging

interface Line {
  commune: CommuneRow;
  total: number;
}

function compareLines(sort: BoardSort): (a: Line, b: Line) => number {
  switch (sort) {
    case 'TOTAL_DESC':
      return (a, b) => b.total - a.total || a.commune.code.localeCompare(b.commune.code);
    case 'TOTAL_ASC':
      return (a, b) => a.total - b.total || a.commune.code.localeCompare(b.commune.code);
    case 'CODE':
      return (a, b) => a.commune.code.localeCompare(b.commune.code);
    default:
      return assertNever(sort, 'sort');
  }
}

/** Opaque cursor of a line: the sort, its total and its commune code. */
function cursorOf(sort: BoardSort, line: Line): string {
  return Buffer.from(JSON.stringify([sort, line.total, line.commune.code]), 'utf8').toString('base64url');
}

function parseCursor(sort: BoardSort, cursor: string): Line {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[1] !== 'number' || typeof parsed[2] !== 'string') {
    throw badInput('after', 'after is not a cursor of this board');
  }
  if (parsed[0] !== sort) throw badInput('after', `after is a cursor of sort ${String(parsed[0])}, not ${sort}`);
  return { total: parsed[1], commune: { code: parsed[2] } as CommuneRow };
}

/** Ranks every line by total (equal totals share a rank), sorts and cuts the page. */
export function rankSortPage<T extends Line>(
  lines: readonly T[],
  args: BoardArgs,
): { rank: number; cursor: string; line: T }[] {
  const byTotal = [...lines].sort(compareLines('TOTAL_DESC'));
  const ranks = new Map<string, number>();
  byTotal.forEach((line, index) => {
    const previous = byTotal[index - 1];
    ranks.set(
      line.commune.code,
      previous && previous.total === line.total ? (ranks.get(previous.commune.code) ?? index + 1) : index + 1,
    );
  });
  const compare = compareLines(args.sort);
  const ordered = args.sort === 'TOTAL_DESC' ? byTotal : [...lines].sort(compare);
  if (
    args.first !== undefined &&
    args.first !== null &&
    (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_PAGE)
  ) {
    throw badInput('first', `first must be a whole number from 0 to ${MAX_PAGE}`);
  }
  let start = 0;
  if (args.after !== undefined && args.after !== null) {
    const after = parseCursor(args.sort, args.after);
    start = ordered.findIndex((line) => compare(line, after) > 0);
    if (start < 0) start = ordered.length;
  }
  const end = args.first === undefined || args.first === null ? ordered.length : start + args.first;
  return ordered
    .slice(start, end)
    .map((line) => ({ rank: ranks.get(line.commune.code) ?? 0, cursor: cursorOf(args.sort, line), line }));
}

// ---------------------------------------------------------------------------------------------
// Selection

const SUMMARY_FIELDS = new Set([
  '__typename',
  'communeCode',
  'year',
  'asOf',
  'total',
  'totalProvisional',
  'maxTotal',
  'status',
  'eligible',
]);

function subfields(
  selectionSet: SelectionSetNode | undefined,
  info: GraphQLResolveInfo,
  name: string,
  out: FieldNode[],
): void {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === name) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) subfields(selection.selectionSet, info, name, out);
    else if (selection.kind === Kind.FRAGMENT_SPREAD)
      subfields(info.fragments[selection.name.value]?.selectionSet, info, name, out);
  }
}

/** Whether the board's lines select more of `assessment` than the summary the store keeps in columns. */
function selectsDetail(info: GraphQLResolveInfo): boolean {
  const assessments: FieldNode[] = [];
  for (const node of info.fieldNodes) subfields(node.selectionSet, info, 'assessment', assessments);
  const names = new Set<string>();
  for (const node of assessments) {
    const collect = (set: SelectionSetNode | undefined): void => {
      for (const selection of set?.selections ?? []) {
        if (selection.kind === Kind.FIELD) names.add(selection.name.value);
        else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
        else collect(info.fragments[selection.name.value]?.selectionSet);
      }
    };
    collect(node.selectionSet);
  }
  return [...names].some((name) => !SUMMARY_FIELDS.has(name));
}

// ---------------------------------------------------------------------------------------------
// The current board

/**
 * How far before the moment its assessments were known fresh a board asks for changes: the
 * operation deadline (no publication's transaction outlives it, so none commits later than that
 * after its publication time) and {@link SINCE_SLACK_MS} more for clocks and the board's own steps.
 */
const SINCE_SLACK_MS = 30_000;
const sinceMargin = (ctx: LdtbxhContext) => ctx.services.operationTimeoutMs + SINCE_SLACK_MS;

/**
 * `since` is rounded down to a whole step. An earlier `since` only asks for more (every change
 * after a later moment is after it too), and a step keeps the board's key — and so every fetch of
 * its plan — the same from one read to the next while nothing is published, which lets the
 * gateway replay repeated reads (gateway/replay.ts). The price: a publication's inputs travel for up
 * to one step longer after the margin.
 */
const SINCE_STEP_MS = 60_000;

/** `since` for assessments known fresh at `fresh` (epoch ms), `margin` before it, rounded down to a step. */
function sinceOf(fresh: number, marginMs: number): string {
  return new Date(Math.floor((fresh - marginMs) / SINCE_STEP_MS) * SINCE_STEP_MS).toISOString();
}

/** Step 1: the board's key. */
export async function boardKey(ctx: LdtbxhContext, scope: BoardScope, year: number): Promise<BoardRef> {
  const written = formatBoardScope(scope);
  const communes = await boardCommunes(ctx, { scope: written, year });
  const coverage = await new AssessmentStore(ctx.services.db.dataSource).coverage(
    written,
    communes.map((c) => c.code),
    year,
  );
  if (coverage.stored < communes.length || coverage.oldest === null) return { scope: written, year, since: '' };
  if (coverage.watermarks) return { scope: written, year, since: formatWatermarks(coverage.watermarks) };
  const fresh = Math.max(coverage.oldest.getTime(), coverage.verified?.getTime() ?? 0);
  return { scope: written, year, since: sinceOf(fresh, sinceMargin(ctx)) };
}

/**
 * Records that a board found every stored assessment of its scope fresh, with each department's
 * watermark of this read — when the next board must ask from them: the board asked by moment or
 * from nothing, or some department sent inputs (they are now stored, and would be sent again).
 * Otherwise nothing is written: the key stays the same, and so does every fetch of the next read.
 * Only when every department answered.
 */
export async function recordFresh(ctx: LdtbxhContext, board: BoardRef, state: BoardState): Promise<void> {
  if (!state.allAnswered) return;
  const since = parseBoardSince(state.since);
  const watermarks: Partial<Record<DepartmentCode, string>> = {};
  let moved = since?.kind !== 'watermarks';
  for (const [code, part] of state.parts) {
    if (!part) return;
    watermarks[code] = part.watermark;
    if (Object.keys(part.inputs).length > 0) moved = true;
    if (since?.kind === 'watermarks' && since.watermarks[code] === undefined) moved = true;
  }
  if (!moved) return;
  await new AssessmentStore(ctx.services.db.dataSource).verified(board.scope, board.year, state.started, watermarks);
}

/**
 * The local parts of each commune's stamp: commune period, assignment, set version, category.
 * A few statements for the whole board.
 * @throws NO_CRITERIA_SET_FOR_YEAR when no set is assigned to the year or none is loaded.
 */
async function localStamps(
  ctx: LdtbxhContext,
  board: BoardRef,
  communes: readonly CommuneRow[],
): Promise<{ stamps: Map<string, string>; assignmentNote: string }> {
  const assignment = await ctx.assessment.assignment.load(`${board.year}|${momentKey(null)}`);
  if (!assignment)
    throw hubError('NO_CRITERIA_SET_FOR_YEAR', `no criteria set is assigned to ${board.year}`, {
      field: 'year',
      year: board.year,
    });
  const loaded = await ctx.assessment.setInForce.load(setKey(assignment, board.year, momentKey(null)));
  if (!loaded)
    throw hubError(
      'NO_CRITERIA_SET_FOR_YEAR',
      `criteria set ${assignment.setId} has no version for ${board.year} loaded`,
      { field: 'year', year: board.year },
    );
  const categories = await ctx.places.categoriesByCommuneId.loadMany(communes.map((c) => c.id));
  const locals = new Map<string, string>();
  communes.forEach((commune, index) => {
    const rows = categories[index];
    if (rows instanceof Error || rows === undefined) throw rows ?? new Error('categories not loaded');
    const category = categoryForYear(rows, board.year) ?? null;
    locals.set(
      commune.code,
      localStamp({
        commune,
        setId: assignment.setId,
        assignedAt: assignment.assignedAt,
        version: loaded.set.version,
        contentHash: loaded.contentHash,
        category,
      }),
    );
  });
  return { stamps: locals, assignmentNote: assignment.note };
}

/**
 * One department's part of a board: the stamps of the scope, the inputs of the communes changed
 * since `since`, and the department's watermark as it read the stamps.
 */
interface Part {
  stamps: Map<string, string>;
  inputs: Record<string, ScoringInputs>;
  watermark: string;
}

/** Each department's part as the gateway handed it back (null for one that could not answer), and LĐTBXH's own. */
async function departmentParts(
  ctx: LdtbxhContext,
  board: BoardRef & { since: string },
): Promise<Map<DepartmentCode, Part | null>> {
  const parts = new Map<DepartmentCode, Part | null>();
  const since = parseBoardSince(board.since);
  if (!since) throw badInput('since', `"${board.since}" is not a board's since (shared/board-since.ts)`);
  const own = await boardChanges(ctx.services.db.dataSource, 'ldtbxh', 'LDTBXH', scopeOf(board), board.year, since);
  const ownInputs: Record<string, ScoringInputs> = {};
  for (const [code, values] of own.values)
    ownInputs[code] = { communeCode: code, year: board.year, at: '', stamp: stampOf(values), values };
  parts.set('LDTBXH', {
    stamps: new Map([...own.stamps].map(([code, stamp]) => [code, formatStamp(stamp)])),
    inputs: ownInputs,
    watermark: own.watermark,
  });
  for (const slug of REQUIRED_DEPARTMENTS) {
    const changes = board[`${slug}Changes`];
    if (changes === null || changes === undefined) {
      parts.set(CODE_OF[slug], null);
      continue;
    }
    if (changes.scope !== board.scope || changes.year !== board.year || changes.since !== board.since)
      throw new Error(
        `${slug}'s part of board ${changes.scope}/${changes.year} was given for ${board.scope}/${board.year}`,
      );
    parts.set(CODE_OF[slug], {
      stamps: parseBoardStamps(changes.stamps),
      inputs: changes.inputs,
      watermark: changes.watermark,
    });
  }
  return parts;
}

const emptyInputs = (communeCode: string, year: number): ScoringInputs => ({
  communeCode,
  year,
  at: '',
  stamp: EMPTY_STAMP,
  values: [],
});

/** The department parts of a stored stamp (`YTE=…`). */
function stampParts(stamp: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const part of stamp.split('|')) {
    const at = part.indexOf('=');
    if (at > 0) parts.set(part.slice(0, at), part.slice(at + 1));
  }
  return parts;
}

const fieldOf = (department: DepartmentCode): `${RequiredDepartment}Inputs` | null => {
  const slug = REQUIRED_DEPARTMENTS.find((s) => CODE_OF[s] === department);
  return slug ? `${slug}Inputs` : null;
};

/** Computes a commune from its inputs by department (LĐTBXH's own among them). */
function computeFrom(ctx: LdtbxhContext, communeCode: string, year: number, inputs: StoredInputs, details: boolean) {
  const fields: RequiredFields = {};
  for (const [department, payload] of Object.entries(inputs) as [DepartmentCode, ScoringInputs][]) {
    const field = fieldOf(department);
    if (field) fields[field] = payload;
  }
  const own = inputs.LDTBXH;
  const ownValues =
    own && 'values' in own ? { stamp: own.stamp, values: own.values } : { stamp: EMPTY_STAMP, values: [] };
  return computeAssessment(ctx, { ...fields, communeCode, year, at: '' }, null, ownValues, details);
}

/**
 * What a board finds before computing anything: its communes, each department's part, the local
 * stamps, the stored summaries, each commune's stamp now and which communes it must recompute.
 */
export interface BoardState {
  /** When the board began looking (the moment `verified` records). */
  started: Date;
  since: string;
  communes: CommuneRow[];
  parts: Map<DepartmentCode, Part | null>;
  summaries: Map<string, StoredSummary>;
  /** Every commune's full stamp now, by code (null when a department did not answer). */
  stamps: Map<string, string | null>;
  /** Communes whose stamp differs from their stored one's. */
  stale: CommuneRow[];
  allAnswered: boolean;
  /** The note of the assignment in force (shown on every assessment, not part of the stamps). */
  assignmentNote: string;
}

// One state per board and request: the response cache (board-cache.ts) and the resolver share it.
const states = new WeakMap<LdtbxhContext, Map<string, Promise<BoardState>>>();

/** The board's state for this request, read once (a few statements, whatever the scope). */
export function boardState(ctx: LdtbxhContext, board: BoardRef): Promise<BoardState> {
  let byBoard = states.get(ctx);
  if (!byBoard) {
    byBoard = new Map();
    states.set(ctx, byBoard);
  }
  const key = `${board.scope}|${board.year}|${board.since ?? ''}`;
  let state = byBoard.get(key);
  if (!state) {
    state = readBoardState(ctx, board);
    byBoard.set(key, state);
  }
  return state;
}

async function readBoardState(ctx: LdtbxhContext, board: BoardRef): Promise<BoardState> {
  const started = new Date();
  const since = board.since ?? '';
  const communes = await boardCommunes(ctx, board);
  const codes = communes.map((c) => c.code);
  const store = new AssessmentStore(ctx.services.db.dataSource);
  const [parts, local, summaries] = await Promise.all([
    departmentParts(ctx, { ...board, since }),
    localStamps(ctx, board, communes),
    store.summaries(codes, board.year),
  ]);
  const allAnswered = [...parts.values()].every((part) => part !== null);

  // Which communes must be recomputed: their stamp now differs from their stored one.
  const stale: CommuneRow[] = [];
  const stamps = new Map<string, string | null>();
  for (const commune of communes) {
    const departments: Partial<Record<DepartmentCode, string>> = {};
    for (const [department, part] of parts)
      if (part) departments[department] = part.stamps.get(commune.code) ?? EMPTY_STAMP;
    const stamp = fullStamp(local.stamps.get(commune.code) ?? '', departments);
    stamps.set(commune.code, stamp);
    if (stamp === null || summaries.get(commune.code)?.stamp !== stamp) stale.push(commune);
  }
  return {
    started,
    since,
    communes,
    parts,
    summaries,
    stamps,
    stale,
    allAnswered,
    assignmentNote: local.assignmentNote,
  };
}

async function assessmentsOfBoard(ctx: LdtbxhContext, board: BoardRef, args: BoardArgs, info: GraphQLResolveInfo) {
  const state = await boardState(ctx, board);
  const { since, communes, parts, summaries, stale } = state;
  const store = new AssessmentStore(ctx.services.db.dataSource);

  // Their inputs: sent by the departments whose stamps moved, stored for the others.
  const stored = await store.inputs(
    stale.map((c) => c.code),
    board.year,
  );
  const unrecoverable: string[] = [];
  const work = stale.map((commune) => {
    const before = summaries.get(commune.code);
    const beforeParts = before ? stampParts(before.stamp) : new Map<string, string>();
    const inputs: StoredInputs = {};
    for (const [department, part] of parts) {
      if (part === null) continue; // unavailable: the assessment says so
      const now = part.stamps.get(commune.code) ?? EMPTY_STAMP;
      const sent = part.inputs[commune.code];
      const kept = stored.get(commune.code)?.[department];
      if (sent) inputs[department] = sent;
      else if (now === EMPTY_STAMP) inputs[department] = emptyInputs(commune.code, board.year);
      else if (kept && beforeParts.get(department) === now && kept.stamp === now) inputs[department] = kept;
      else unrecoverable.push(`${commune.code}/${department}`);
    }
    return { commune, inputs };
  });
  if (unrecoverable.length > 0) {
    // Never guess: forget what is stored for them so that the next board asks for every input.
    await store.forget([...new Set(unrecoverable.map((key) => key.split('/')[0] ?? ''))], board.year);
    ctx.services.logger.warn('board inputs missing for changed communes; their stored assessments are forgotten', {
      scope: board.scope,
      year: board.year,
      since,
      missing: unrecoverable.slice(0, 20),
    });
    throw hubError(
      'ASSESSMENT_UNAVAILABLE',
      `the inputs of ${unrecoverable.length} changed commune-years were not sent with the board; ask again`,
      { retry: true, scope: board.scope },
    );
  }
  const fresh = new Map<string, ComputedAssessment>();
  const toStore: Parameters<AssessmentStore['save']>[0][number][] = [];
  // Concurrently, so that every commune's reads share one batch per loader.
  await Promise.all(
    work.map(async ({ commune, inputs }) => {
      const { computed, stamp } = await computeFrom(ctx, commune.code, board.year, inputs, false);
      fresh.set(commune.code, computed);
      const { total, maxTotal, status, eligible } = computed.result;
      if (stamp !== null)
        toStore.push({
          communeCode: commune.code,
          year: board.year,
          stamp,
          summary: { total, maxTotal, status, eligible },
          inputs,
        });
    }),
  );
  await store.save(toStore);
  await recordFresh(ctx, board, state);

  const lines = communes.map((commune) => {
    const computed = fresh.get(commune.code);
    const summary = computed ? null : (summaries.get(commune.code) ?? null);
    if (!computed && !summary) throw new Error(`board ${board.scope}/${board.year}: no assessment of ${commune.code}`);
    return { commune, total: computed ? computed.result.total : (summary?.total ?? 0), computed, summary };
  });
  const page = rankSortPage(lines, args);
  // Details beyond the summary, when selected: the page recomputed in full from the inputs just
  // used or stored (one statement), exactly what the live computation gives.
  const detail = selectsDetail(info);
  const recomputed = new Map<string, ComputedAssessment>();
  if (detail) {
    const used = new Map(work.map(({ commune, inputs }) => [commune.code, inputs]));
    const again = await store.inputs(
      page.filter((p) => !used.has(p.line.commune.code)).map((p) => p.line.commune.code),
      board.year,
    );
    await Promise.all(
      page.map(async ({ line }) => {
        const inputs = used.get(line.commune.code) ?? again.get(line.commune.code);
        if (!inputs) throw new Error(`board ${board.scope}/${board.year}: no stored inputs of ${line.commune.code}`);
        recomputed.set(
          line.commune.code,
          (await computeFrom(ctx, line.commune.code, board.year, inputs, true)).computed,
        );
      }),
    );
  }
  return page.map(({ rank, cursor, line }) => {
    const computed = recomputed.get(line.commune.code);
    const summary = line.computed?.result ?? line.summary;
    let assessment: AssessmentParent;
    if (computed) assessment = viewFor(ctx, computed, line.commune);
    else if (summary)
      assessment = {
        communeCode: line.commune.code,
        year: board.year,
        asOf: null,
        total: summary.total,
        totalProvisional: summary.status === 'INCOMPLETE',
        maxTotal: summary.maxTotal,
        status: summary.status,
        eligible: summary.eligible,
      };
    else throw new Error(`board ${board.scope}/${board.year}: no assessment of ${line.commune.code}`);
    return { rank, cursor, commune: line.commune, assessment };
  });
}

export const currentBoard = {
  communes: boardCommunes,
  assessments: assessmentsOfBoard,
};

// ---------------------------------------------------------------------------------------------
// The board as it stood at a moment (computed, never stored)

export async function asOfBoard(ctx: LdtbxhContext, board: BoardAsOfRef, args: BoardArgs) {
  const communes = await boardCommunes(ctx, board);
  const required = board.communeYears ?? [];
  if (required.length !== communes.length)
    throw new Error(
      `board ${board.scope}/${board.year}@${board.at}: ${required.length} commune-years received, ${communes.length} expected`,
    );
  const byCode = new Map<string, RequiredFields>();
  for (const fields of required) {
    const key = keyOfPayloads(fields);
    if (key) byCode.set(key.communeCode, fields);
  }
  const lines = await Promise.all(
    communes.map(async (commune) => {
      // A commune for which no department answered is assessed with every department unavailable.
      const { computed } = await computeAssessment(ctx, {
        ...(byCode.get(commune.code) ?? {}),
        communeCode: commune.code,
        year: board.year,
        at: board.at,
      });
      return { commune, total: computed.result.total, computed };
    }),
  );
  return rankSortPage(lines, args).map(({ rank, cursor, line }) => ({
    rank,
    cursor,
    commune: line.commune,
    assessment: viewFor(ctx, line.computed, line.commune),
  }));
}
