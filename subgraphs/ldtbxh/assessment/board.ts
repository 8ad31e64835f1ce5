/**
 * Boards: every commune of a scope (district, province, country) assessed, ranked and paged.
 *
 * The current board never recomputes what did not change. Its query plan is
 *   1. LĐTBXH: the board's key (scope, year);
 *   2. each department, once: the stamps of its values for the scope (`<slug>Stamps`);
 *   3. LĐTBXH: `staleCommuneYears` — the communes whose stored assessment's stamp differs from the
 *      stamp of their current inputs (local parts and the departments' stamps);
 *   4. each department, once: the inputs of those communes only (none when nothing moved);
 *   5. LĐTBXH: `assessments` — the stale communes computed from their inputs and stored, the others
 *      read from the store, all ranked; the page's details read only when selected.
 * The fetches and statements per request stay the same from one district to the whole country.
 * A publication that has returned has moved its stamps before step 2 of any later board, so the
 * board reflects it.
 */
import { Kind, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { communesOfScope, parseBoardScope, type BoardScope } from '../../../shared/board-scope';
import { boardStamps } from '../../../shared/department/stamps';
import type { DepartmentCode } from '../../../shared/departments';
import { badInput, hubError } from '../../../shared/errors';
import { categoryForYear, type CommuneRow } from '../../../shared/reference/reader';
import { EMPTY_STAMP, formatStamp, parseBoardStamps } from '../../../shared/scoring-inputs';
import type { LdtbxhContext } from '../context';
import { checkYear } from '../resolvers/places';
import { CODE_OF, keyOfPayloads, REQUIRED_DEPARTMENTS, type RequiredFields } from './inputs';
import { momentKey } from './loaders';
import { computeAssessment, fullStamp, localStamp, viewFor, type AssessmentView, type ComputedAssessment } from './service';
import { AssessmentStore } from './store';

/** The board entity as the gateway hands it back: its key plus what `@requires` asked for. */
export interface BoardRef extends Partial<Record<`${(typeof REQUIRED_DEPARTMENTS)[number]}Stamps`, string | null>> {
  scope: string;
  year: number;
  staleCommuneYears?: RequiredFields[];
}

export interface StaleRef {
  communeCode: string;
  year: number;
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
  if (country) return { year, scope: { kind: 'country' } };
  if (args.districtCode !== undefined) {
    const code = args.districtCode ?? '';
    if (!/^\d{3}$/.test(code)) throw badInput('districtCode', `districtCode "${code}" is not a 3-digit district code`);
    if (!(await ctx.places.districtByCode.load(code))) throw badInput('districtCode', `no district has code ${code}`, { reason: 'UNKNOWN_CODE' });
    return { year, scope: { kind: 'district', code } };
  }
  const code = args.provinceCode ?? '58';
  if (!/^\d{2}$/.test(code)) throw badInput('provinceCode', `provinceCode "${code}" is not a 2-digit province code`);
  if (!(await ctx.places.provinceByCode.load(code))) throw badInput('provinceCode', `no province has code ${code}`, { reason: 'UNKNOWN_CODE' });
  return { year, scope: { kind: 'province', code } };
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
// Stamps

/**
 * The stamp each commune's assessment would be stored with now, from the departments' board
 * stamps; null for a commune whose department could not answer (it is recomputed, never stored).
 * @throws NO_CRITERIA_SET_FOR_YEAR when no set is assigned to the year or none is loaded.
 */
async function expectedStamps(ctx: LdtbxhContext, board: BoardRef, communes: readonly CommuneRow[]): Promise<Map<string, string | null>> {
  const assignment = await ctx.assessment.assignment.load(`${board.year}|${momentKey(null)}`);
  if (!assignment) throw hubError('NO_CRITERIA_SET_FOR_YEAR', `no criteria set is assigned to ${board.year}`, { field: 'year', year: board.year });
  const loaded = await ctx.assessment.setInForce.load(`${assignment.setId}|${momentKey(null)}`);
  if (!loaded) throw hubError('NO_CRITERIA_SET_FOR_YEAR', `criteria set ${assignment.setId} has no version loaded`, { field: 'year', year: board.year });
  const departments = new Map<DepartmentCode, Map<string, string> | null>();
  for (const slug of REQUIRED_DEPARTMENTS) {
    const text = board[`${slug}Stamps`];
    departments.set(CODE_OF[slug], text === null || text === undefined ? null : parseBoardStamps(text));
  }
  const [own, categories] = await Promise.all([
    boardStamps(ctx.services.db.dataSource, ctx.services.reference, 'ldtbxh', scopeOf(board), board.year),
    ctx.places.categoriesByCommuneId.loadMany(communes.map((c) => c.id)),
  ]);
  const expected = new Map<string, string | null>();
  communes.forEach((commune, index) => {
    const rows = categories[index];
    if (rows instanceof Error || rows === undefined) throw rows ?? new Error('categories not loaded');
    const category = categoryForYear(rows, board.year) ?? null;
    const local = localStamp({ commune, setId: assignment.setId, assignedAt: assignment.assignedAt, version: loaded.set.version, contentHash: loaded.contentHash, category });
    const ownStamp = own.get(commune.code);
    const stamps: Partial<Record<DepartmentCode, string>> = { LDTBXH: ownStamp ? formatStamp(ownStamp) : EMPTY_STAMP };
    for (const [code, map] of departments) if (map) stamps[code] = map.get(commune.code) ?? EMPTY_STAMP;
    expected.set(commune.code, fullStamp(local, stamps));
  });
  return expected;
}

/** Step 3: the communes whose stored assessment is missing or out of date. */
export async function staleCommuneYears(ctx: LdtbxhContext, board: BoardRef): Promise<StaleRef[]> {
  const communes = await boardCommunes(ctx, board);
  const expected = await expectedStamps(ctx, board, communes);
  const stored = await new AssessmentStore(ctx.services.db.dataSource).stamps(
    communes.map((c) => c.code),
    board.year,
  );
  return communes.filter((c) => expected.get(c.code) === null || stored.get(c.code) !== expected.get(c.code)).map((c) => ({ communeCode: c.code, year: board.year }));
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
export function rankSortPage<T extends Line>(lines: readonly T[], args: BoardArgs): { rank: number; cursor: string; line: T }[] {
  const byTotal = [...lines].sort(compareLines('TOTAL_DESC'));
  const ranks = new Map<string, number>();
  byTotal.forEach((line, index) => {
    const previous = byTotal[index - 1];
    ranks.set(line.commune.code, previous && previous.total === line.total ? (ranks.get(previous.commune.code) ?? index + 1) : index + 1);
  });
  const compare = compareLines(args.sort);
  const ordered = args.sort === 'TOTAL_DESC' ? byTotal : [...lines].sort(compare);
  if (args.first !== undefined && args.first !== null && (!Number.isInteger(args.first) || args.first < 0 || args.first > MAX_PAGE)) {
    throw badInput('first', `first must be a whole number from 0 to ${MAX_PAGE}`);
  }
  let start = 0;
  if (args.after !== undefined && args.after !== null) {
    const after = parseCursor(args.sort, args.after);
    start = ordered.findIndex((line) => compare(line, after) > 0);
    if (start < 0) start = ordered.length;
  }
  const end = args.first === undefined || args.first === null ? ordered.length : start + args.first;
  return ordered.slice(start, end).map((line) => ({ rank: ranks.get(line.commune.code) ?? 0, cursor: cursorOf(args.sort, line), line }));
}

// ---------------------------------------------------------------------------------------------
// Selection

const SUMMARY_FIELDS = new Set(['__typename', 'communeCode', 'year', 'asOf', 'total', 'maxTotal', 'status', 'eligible']);

function subfields(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo, name: string, out: FieldNode[]): void {
  if (!selectionSet) return;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD && selection.name.value === name) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) subfields(selection.selectionSet, info, name, out);
    else if (selection.kind === Kind.FRAGMENT_SPREAD) subfields(info.fragments[selection.name.value]?.selectionSet, info, name, out);
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

async function assessmentsOfBoard(ctx: LdtbxhContext, board: BoardRef, args: BoardArgs, info: GraphQLResolveInfo) {
  const communes = await boardCommunes(ctx, board);
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const store = new AssessmentStore(ctx.services.db.dataSource);
  // Step 5a: the stale communes, computed from the inputs the gateway fetched for them, stored.
  const fresh = new Map<string, ComputedAssessment>();
  const toStore: { stamp: string; computed: ComputedAssessment }[] = [];
  const compute = async (communeCode: string, fields: RequiredFields) => {
    const { computed, stamp } = await computeAssessment(ctx, { ...fields, communeCode, year: board.year, at: '' });
    fresh.set(communeCode, computed);
    if (stamp !== null) toStore.push({ stamp, computed });
  };
  let unidentified = 0;
  const identified: { communeCode: string; fields: RequiredFields }[] = [];
  for (const fields of board.staleCommuneYears ?? []) {
    const key = keyOfPayloads(fields);
    if (key === null) {
      unidentified += 1; // every department failed for it: see below
      continue;
    }
    if (key.year !== board.year || key.at !== '' || !byCode.has(key.communeCode)) throw new Error(`board ${board.scope}/${board.year}: inputs of ${key.communeCode}/${key.year} are not of it`);
    identified.push({ communeCode: key.communeCode, fields });
  }
  // Concurrently, so that every commune's reads share one batch per loader.
  await Promise.all(identified.map(({ communeCode, fields }) => compute(communeCode, fields)));
  // Step 5b: the others, as stored (their stamps stood at step 3; a concurrent board may since
  // have stored a newer computation, never an older one). A commune with nothing stored whose
  // inputs no department could give is computed with every department unavailable.
  const storedCodes = communes.filter((c) => !fresh.has(c.code)).map((c) => c.code);
  const summaries = await store.summaries(storedCodes, board.year);
  if (unidentified > 0) await Promise.all(storedCodes.filter((code) => !summaries.has(code)).map((code) => compute(code, {})));
  if (toStore.length > 0) await store.save(toStore);
  const lines = communes.map((commune) => {
    const computed = fresh.get(commune.code);
    const summary = computed ? null : summaries.get(commune.code);
    if (!computed && !summary) throw new Error(`board ${board.scope}/${board.year}: no assessment of ${commune.code}`);
    const total = computed ? computed.result.total : (summary?.total ?? 0);
    return { commune, total, computed, summary };
  });
  const page = rankSortPage(lines, args);
  const detail = selectsDetail(info);
  const details = detail ? await store.computed(page.filter((p) => !p.line.computed).map((p) => p.line.commune.code), board.year) : new Map<string, { computed: ComputedAssessment }>();
  return page.map(({ rank, cursor, line }) => {
    const computed = line.computed ?? details.get(line.commune.code)?.computed;
    let assessment: AssessmentView | Record<string, unknown>;
    if (computed && (detail || line.computed)) assessment = viewFor(ctx, computed, line.commune);
    else if (line.summary) assessment = { communeCode: line.commune.code, year: board.year, asOf: null, total: line.summary.total, maxTotal: line.summary.maxTotal, status: line.summary.status, eligible: line.summary.eligible };
    else throw new Error(`board ${board.scope}/${board.year}: no stored detail of ${line.commune.code}`);
    return { rank, cursor, commune: line.commune, assessment };
  });
}

export const currentBoard = {
  communes: boardCommunes,
  assessments: assessmentsOfBoard,
};

// ---------------------------------------------------------------------------------------------
// The board as it stood at a moment (computed, never stored)

export async function asOfBoard(ctx: LdtbxhContext, board: BoardRef & { at: string; communeYears?: RequiredFields[] }, args: BoardArgs) {
  const communes = await boardCommunes(ctx, board);
  const required = board.communeYears ?? [];
  if (required.length !== communes.length) throw new Error(`board ${board.scope}/${board.year}@${board.at}: ${required.length} commune-years received, ${communes.length} expected`);
  const byCode = new Map<string, RequiredFields>();
  for (const fields of required) {
    const key = keyOfPayloads(fields);
    if (key) byCode.set(key.communeCode, fields);
  }
  const lines = await Promise.all(
    communes.map(async (commune) => {
      // A commune for which no department answered is assessed with every department unavailable.
      const { computed } = await computeAssessment(ctx, { ...(byCode.get(commune.code) ?? {}), communeCode: commune.code, year: board.year, at: board.at });
      return { commune, total: computed.result.total, computed };
    }),
  );
  return rankSortPage(lines, args).map(({ rank, cursor, line }) => ({ rank, cursor, commune: line.commune, assessment: viewFor(ctx, line.computed, line.commune) }));
}
