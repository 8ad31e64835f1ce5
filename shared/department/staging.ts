/**
 * A department's intake: one publication made of many calls. A staged publication is opened for a
 * criteria set and year, filled chunk by chunk (each chunk within the one-call row limit), then
 * committed as ONE all-or-nothing publication through publishing's own core (publishValues), or
 * discarded. Validation rules run before the commit writes: an ERROR rule refuses its row (and so,
 * all-or-nothing, the whole publication), a WARNING rule is stored as a flag with the publication.
 * The other department's figures a rule compares with are asked of the graph, as the caller.
 */
import { randomBytes } from 'node:crypto';
import { withActor, type Actor } from '../audit/actor';
import { authorizePublish } from '../authorization';
import { versionForPublishing, versionForPublishingOrNull } from '../reference/assignments';
import type { LoadedCriteriaSet } from '../reference/catalogue';
import { hubError } from '../errors';
import { department as departmentOf, type DepartmentCode } from '../departments';
import type { Identity } from '../identity';
import { rejectionMessageVi } from '../intake/messages';
import type { SheetRowInput } from '../intake/sheet';
import { checkValue, operandsNeeded, type Figures, type RuleViolation } from '../rules/evaluate';
import { parseRuleSet, ruleSetForYear, type RuleOperand, type RuleSet } from '../rules/rules';
import { projectPath } from '../paths';
import { readRuleSets } from '../rules/rules';
import type { DepartmentContext, DepartmentServices } from './context';
import { askGraph, type GraphCaller } from './graph';
import { publishValues, type PublishInput, type PublishResult, type RowOutcome, type RowRejection } from './publish';

let shipped: RuleSet[] | undefined;

/** The validation rules shipped in validation-rules/, read once. */
export function shippedRules(): RuleSet[] {
  return (shipped ??= readRuleSets(projectPath('validation-rules')));
}

/** Intake's needs from a request's context. */
export function intakeDepsOf(context: DepartmentContext, ruleSets: readonly RuleSet[] = shippedRules()): IntakeDeps {
  const gatewayUrl = context.services.gatewayUrl;
  return {
    services: context.services,
    ruleSets,
    gatewayUrl: () => {
      if (!gatewayUrl)
        throw new Error(
          `the ${context.services.department.code} service has no gateway URL configured (HUB_GATEWAY_URL)`,
        );
      return gatewayUrl();
    },
  };
}

/** The caller of a request, to ask the graph on its behalf. */
export const graphCallerOf = (context: DepartmentContext): GraphCaller => ({
  identity: context.identity,
  internalSecret: context.services.internalSecret,
  requestId: context.requestId,
});

/** Most rows one staged publication may hold (a national department file is about 110,000). */
export const MAX_STAGED_ROWS = 500_000;

/** A row to stage: the publishing row and, when it came from a sheet, its row number there. */
export interface StagedRowInput extends SheetRowInput {
  sheetRow?: number | null;
}

/** A refused row, with its position among the staged rows and in the sheet. */
export interface CommitRejection {
  index: number;
  sheetRow: number | null;
  commune: string;
  indicator: string;
  code: string;
  field: string;
  message: string;
  messageVi: string;
  ruleId: string | null;
}

/** A rule a row breaks, with the row's position. */
export interface RowRuleResult extends RuleViolation {
  index: number;
  sheetRow: number | null;
  indicator: string;
}

/** The outcome of committing (or trying) a set of rows as one publication. */
export interface CommitOutcome {
  criteriaSetId: string;
  criteriaSetVersion: number;
  year: number;
  dryRun: boolean;
  applied: boolean;
  publicationId: string | null;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: CommitRejection[];
  /** Every rule broken: ERROR ones refused their row, WARNING ones are stored as flags when applied. */
  ruleResults: RowRuleResult[];
  /** Rules that could not run, and why (e.g. the other department's service did not answer). */
  rulesNotEvaluated: { ruleIds: string[]; reason: string; reasonVi: string }[];
}

/** Where a staged publication stands (`StagedState`). */
export type StagedState = 'OPEN' | 'COMMITTING' | 'COMMITTED' | 'DISCARDED';

export interface StagedView {
  id: string;
  criteriaSetId: string;
  year: number;
  state: StagedState;
  rowCount: number;
  chunkCount: number;
  openedBy: string;
  openedAt: string;
  publicationId: string | null;
  /** The outcome of the last commit (or dry run) of it; null before any. */
  result: CommitOutcome | null;
  /** Why the last commit failed, when it did (nothing of it was written). */
  failure: { code: string; message: string; messageVi: string } | null;
}

/** What intake needs of the service. */
export interface IntakeDeps {
  services: DepartmentServices;
  ruleSets: readonly RuleSet[];
  gatewayUrl: () => string;
}

interface StagedRecord {
  id: string;
  criteriaSetId: string;
  year: number;
  state: StagedState;
  rowCount: number;
  chunkCount: number;
  openedBy: string;
  openedBySubject: string;
  openedAt: Date;
  publicationId: string | null;
  outcome: CommitOutcome | null;
  failure: StagedView['failure'];
}

const STAGED_COLUMNS = `id, criteria_set_id AS "criteriaSetId", year, state, row_count AS "rowCount", chunk_count AS "chunkCount",
  opened_by AS "openedBy", opened_by_subject AS "openedBySubject", opened_at AS "openedAt", publication_id AS "publicationId", outcome, failure`;

/** Staged publications this process is committing in the background, by department slug and id (the services of a test hub share one process). */
const inFlight = new Set<string>();

function view(record: StagedRecord): StagedView {
  return {
    id: record.id,
    criteriaSetId: record.criteriaSetId,
    year: record.year,
    state: record.state,
    rowCount: record.rowCount,
    chunkCount: record.chunkCount,
    openedBy: record.openedBy,
    openedAt: record.openedAt.toISOString(),
    publicationId: record.publicationId === null ? null : String(record.publicationId),
    result: record.outcome,
    failure: record.failure,
  };
}

/** The rows of an UPDATE … RETURNING: TypeORM's postgres driver answers [rows, count] for an UPDATE. */
function updatedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/** Rule-set versions checked against a criteria-set version: `rules@version|set@version` → rules. Versions are immutable. */
const validated = new Map<string, RuleSet>();

const RULES_QUERY = /* GraphQL */ `
  query RulesForYear($criteriaSetId: ID!, $year: Int!) {
    rules: validationRuleSetForYear(criteriaSetId: $criteriaSetId, year: $year) { id version document }
  }`;

/**
 * The rule set that applies to the year, its references checked against the loaded criteria set
 * (once per pair of versions). Which version applies is asked of the graph (LĐTBXH keeps the
 * versions; no department reads its table) on every call, so a version just loaded applies at once;
 * a service without a gateway uses its own copy, the shipped files.
 */
async function rulesFor(
  deps: IntakeDeps,
  caller: GraphCaller,
  loaded: LoadedCriteriaSet,
  year: number,
): Promise<RuleSet | null> {
  let found: { id: string; version: number; document: () => unknown } | null;
  if (deps.services.gatewayUrl) {
    const answer = await askGraph<{ rules: { id: string; version: number; document: string } | null }>(
      deps.gatewayUrl(),
      caller,
      RULES_QUERY,
      { criteriaSetId: loaded.set.id, year },
      'the validation rules',
    );
    const rules = answer.rules;
    found = rules
      ? { id: rules.id, version: rules.version, document: () => JSON.parse(rules.document) as unknown }
      : null;
  } else {
    const own = ruleSetForYear(deps.ruleSets, loaded.set.id, year);
    found = own
      ? { id: own.id, version: own.version, document: () => JSON.parse(JSON.stringify(own)) as unknown }
      : null;
  }
  if (!found) return null;
  const key = `${found.id}@${found.version}|${loaded.set.id}@${loaded.set.version}`;
  let checked = validated.get(key);
  if (!checked) {
    // Throws RuleSetValidationError (an operator's error, logged and masked) when the rules name what the set lacks.
    checked = parseRuleSet(found.document(), loaded.set, `${found.id} v${found.version}`);
    validated.set(key, checked);
  }
  return checked;
}

const VALUES_QUERY = (slug: string) => /* GraphQL */ `
  query RuleFigures($criteriaSetId: ID!, $year: Int!, $indicators: [String!]!, $communes: [String!]!) {
    values: ${slug}Values(criteriaSetId: $criteriaSetId, year: $year, indicators: $indicators, communes: $communes) {
      communeCode indicator numerator denominator count withheld
    }
  }`;

type FigureMap = Map<string, Figures>;
const figureKey = (department: string, indicator: string, commune: string) => `${department}|${indicator}|${commune}`;

/** Figures of the operands the rules need, from this department's rows and stored values, and the other departments through the graph. */
async function gatherFigures(
  deps: IntakeDeps,
  caller: GraphCaller,
  rules: RuleSet,
  loaded: LoadedCriteriaSet,
  year: number,
  rows: readonly StagedRowInput[],
): Promise<{ figures: FigureMap; notEvaluated: CommitOutcome['rulesNotEvaluated'] }> {
  const own = deps.services.department.code;
  const figures: FigureMap = new Map();
  const notEvaluated: CommitOutcome['rulesNotEvaluated'] = [];
  const communes = [...new Set(rows.map((r) => r.commune))];
  const needed = operandsNeeded(rules, own);
  const byDepartment = new Map<DepartmentCode, Set<string>>();
  for (const operand of needed) {
    let set = byDepartment.get(operand.department);
    if (!set) byDepartment.set(operand.department, (set = new Set()));
    set.add(operand.indicator);
  }
  for (const [code, indicators] of byDepartment) {
    if (code === own) {
      const stored: {
        communeCode: string;
        indicatorCode: string;
        numerator: number | null;
        denominator: number | null;
        count: number | null;
      }[] = await deps.services.db.dataSource.query(
        `SELECT commune_code AS "communeCode", indicator_code AS "indicatorCode", numerator, denominator, count FROM "${deps.services.department.slug}".indicator_value
          WHERE criteria_set_id = $1 AND year = $2 AND indicator_code = ANY($3) AND commune_code = ANY($4)`,
        [loaded.set.id, year, [...indicators], communes],
      );
      for (const s of stored) figures.set(figureKey(code, s.indicatorCode, s.communeCode), s);
      for (const r of rows) {
        if (indicators.has(r.indicator))
          figures.set(figureKey(code, r.indicator, r.commune), {
            numerator: r.numerator ?? null,
            denominator: r.denominator ?? null,
            count: r.count ?? null,
          });
      }
      continue;
    }
    const other = departmentOf(code);
    try {
      const data = await askGraph<{
        values: {
          communeCode: string;
          indicator: string;
          numerator: number | null;
          denominator: number | null;
          count: number | null;
          withheld: boolean;
        }[];
      }>(
        deps.gatewayUrl(),
        caller,
        VALUES_QUERY(other.slug),
        { criteriaSetId: loaded.set.id, year, indicators: [...indicators], communes },
        `${other.code} figures`,
      );
      for (const v of data.values) if (!v.withheld) figures.set(figureKey(code, v.indicator, v.communeCode), v);
    } catch (error) {
      const ruleIds = rules.rules
        .filter((r) => r.left.department === own && r.check === 'COMPARE' && r.right.department === code)
        .map((r) => r.id);
      const reason = (error as Error).message;
      notEvaluated.push({
        ruleIds,
        reason,
        reasonVi: `Chưa kiểm tra được quy tắc so sánh với số liệu của ${other.nameVi}: ${reason}`,
      });
    }
  }
  return { figures, notEvaluated };
}

const isWhole = (v: number | null | undefined) => v === null || v === undefined || (Number.isInteger(v) && v >= 0);

/** The rules one call's rows break: ERROR ones as row rejections, every one as a result with the row's position. */
async function checkRowsAgainstRules(
  deps: IntakeDeps,
  caller: GraphCaller,
  rules: RuleSet,
  loaded: LoadedCriteriaSet,
  year: number,
  rows: readonly StagedRowInput[],
) {
  const ruleResults: RowRuleResult[] = [];
  const ruleRejections: CommitRejection[] = [];
  const gathered = await gatherFigures(deps, caller, rules, loaded, year, rows);
  const notEvaluated = gathered.notEvaluated;
  const lookup = (operand: RuleOperand, commune: string) =>
    gathered.figures.get(figureKey(operand.department, operand.indicator, commune));
  rows.forEach((row, index) => {
    if (![row.numerator, row.denominator, row.count].every(isWhole)) return; // publishing refuses it anyway
    const figures: Figures = {
      numerator: row.numerator ?? null,
      denominator: row.denominator ?? null,
      count: row.count ?? null,
    };
    for (const violation of checkValue(
      rules,
      deps.services.department.code,
      row.commune,
      row.indicator,
      figures,
      lookup,
    )) {
      const sheetRow = row.sheetRow ?? null;
      ruleResults.push({ ...violation, index, sheetRow, indicator: row.indicator });
      if (violation.severity === 'ERROR') {
        ruleRejections.push({
          index,
          sheetRow,
          commune: row.commune,
          indicator: row.indicator,
          code: 'RULE_VIOLATED',
          field: violation.left.field === 'rate' ? 'numerator' : violation.left.field,
          message: violation.message,
          messageVi: violation.messageVi,
          ruleId: violation.ruleId,
        });
      }
    }
  });
  return { ruleResults, ruleRejections, notEvaluated };
}

/** Stores the WARNING results of an applied publication as flags beside it. */
async function storeFlags(
  deps: IntakeDeps,
  actor: Actor,
  publicationId: string | null,
  criteriaSetId: string,
  year: number,
  warnings: readonly RowRuleResult[],
): Promise<void> {
  const slug = deps.services.department.slug;
  await withActor(deps.services.db.dataSource, actor, async (m) => {
    await m.query(
      `INSERT INTO "${slug}".rule_flag
         (publication_id, criteria_set_id, year, commune_code, indicator_code, rule_set_id, rule_set_version, rule_id, severity, violation, flagged_at)
       SELECT $1, $2, $3, x.commune, x.indicator, x.set_id, x.set_version, x.rule_id, x.severity, x.violation, now()
         FROM unnest($4::text[], $5::text[], $6::text[], $7::int[], $8::text[], $9::text[], $10::jsonb[])
           AS x(commune, indicator, set_id, set_version, rule_id, severity, violation)`,
      [
        publicationId,
        criteriaSetId,
        year,
        warnings.map((w) => w.communeCode),
        warnings.map((w) => w.indicator),
        warnings.map((w) => w.ruleSetId),
        warnings.map((w) => w.ruleSetVersion),
        warnings.map((w) => w.ruleId),
        warnings.map((w) => w.severity),
        warnings.map((w) => JSON.stringify(w)),
      ],
    );
  });
}

/**
 * Checks `rows` against the rules and publishes them as one all-or-nothing publication through
 * publishing's core (no row limit beyond {@link MAX_STAGED_ROWS}: the rows were already received in
 * calls within it). Dry run, or any refused row: nothing is written.
 * @throws the call-level errors of publishing (NO_ROWS, UNKNOWN_CRITERIA_SET, YEAR_OUT_OF_RANGE, CONFLICT)
 */
export async function publishChecked(
  deps: IntakeDeps,
  caller: GraphCaller,
  actor: Actor,
  criteriaSetId: string,
  year: number,
  rows: readonly StagedRowInput[],
  dryRun: boolean,
): Promise<CommitOutcome> {
  const { services } = deps;
  const loaded = await versionForPublishingOrNull(services.db.dataSource, services.catalogue, criteriaSetId, year);
  const rules = loaded && rows.length > 0 ? await rulesFor(deps, caller, loaded, year) : null;
  const { ruleResults, ruleRejections, notEvaluated } =
    loaded && rules && rows.length > 0
      ? await checkRowsAgainstRules(deps, caller, rules, loaded, year, rows)
      : { ruleResults: [], ruleRejections: [], notEvaluated: [] };
  const result = await publishValues(
    {
      dataSource: services.db.dataSource,
      reference: services.reference,
      catalogue: services.catalogue,
      department: services.department,
      maxRows: Math.max(rows.length, 1),
    },
    {
      criteriaSetId,
      year,
      rows: rows.map(({ sheetRow: _sheetRow, ...input }) => input),
      dryRun: dryRun || ruleRejections.length > 0,
      allOrNothing: true,
    },
    actor,
  );
  const rejected: CommitRejection[] = [
    ...result.rejected.map((r) => ({
      ...r,
      sheetRow: rows[r.index]?.sheetRow ?? null,
      messageVi: rejectionMessageVi(r),
      ruleId: null,
    })),
    ...ruleRejections,
  ].sort((a, b) => a.index - b.index);
  const rejectedRows = new Set(rejected.map((r) => r.index));
  const applied = result.applied && !dryRun && ruleRejections.length === 0;
  const warnings = ruleResults.filter((r) => r.severity === 'WARNING');
  if (applied && warnings.length > 0)
    await storeFlags(deps, actor, result.publicationId, result.criteriaSetId, year, warnings);
  const count = (outcome: RowOutcome) =>
    result.rows.filter((r) => r.outcome === outcome && !rejectedRows.has(r.index)).length;
  return {
    criteriaSetId: result.criteriaSetId,
    criteriaSetVersion: result.criteriaSetVersion,
    year,
    dryRun,
    applied,
    publicationId: applied ? result.publicationId : null,
    totalRows: rows.length,
    created: count('CREATED'),
    updated: count('UPDATED'),
    unchanged: count('UNCHANGED'),
    rejectedCount: rejectedRows.size,
    rejected,
    ruleResults,
    rulesNotEvaluated: notEvaluated,
  };
}

function notOpen(record: StagedRecord | undefined, id: string, identity: Identity): StagedRecord {
  if (!record)
    throw hubError('NOT_FOUND', `staged publication ${id} does not exist`, {
      what: 'staged publication',
      key: id,
      messageVi: `Không có lượt nhập ${id}`,
    });
  if (record.openedBySubject !== identity.subject) {
    throw hubError('FORBIDDEN', `staged publication ${id} was opened by someone else`, {
      messageVi: `Lượt nhập ${id} do người khác mở`,
    });
  }
  if (record.state !== 'OPEN') {
    throw hubError('STAGED_PUBLICATION_CLOSED', `staged publication ${id} is ${record.state}, not OPEN`, {
      state: record.state,
      messageVi: `Lượt nhập ${id} đã đóng (${record.state})`,
    });
  }
  return record;
}

async function readStaged(deps: IntakeDeps, id: string): Promise<StagedRecord | undefined> {
  const [record]: StagedRecord[] = await deps.services.db.dataSource.query(
    `SELECT ${STAGED_COLUMNS} FROM "${deps.services.department.slug}".staged_publication WHERE id = $1`,
    [id],
  );
  return record;
}

/** Opens a staged publication. @throws UNKNOWN_CRITERIA_SET, YEAR_OUT_OF_RANGE (as publishing would), FORBIDDEN */
export async function openStaged(
  deps: IntakeDeps,
  identity: Identity,
  actor: Actor,
  criteriaSetId: string,
  year: number,
): Promise<StagedView> {
  authorizePublish(identity, deps.services.department);
  // As publishing will: the version the year's assessment uses.
  const loaded = await versionForPublishing(deps.services.db.dataSource, deps.services.catalogue, criteriaSetId, year);
  const id = randomBytes(12).toString('hex');
  const slug = deps.services.department.slug;
  const [record]: StagedRecord[] = await withActor(deps.services.db.dataSource, actor, (m) =>
    m.query(
      `INSERT INTO "${slug}".staged_publication (id, criteria_set_id, year, opened_by, opened_by_subject, opened_at, state)
       VALUES ($1, $2, $3, $4, $5, now(), 'OPEN') RETURNING ${STAGED_COLUMNS}`,
      [id, loaded.set.id, year, actor.name, identity.subject],
    ),
  );
  if (!record) throw new Error('staged publication insert returned no row');
  return view(record);
}

/** Adds rows to an open staged publication (nothing is validated or published yet). @throws TOO_MANY_ROWS, NO_ROWS, NOT_FOUND, STAGED_PUBLICATION_CLOSED */
export async function appendStaged(
  deps: IntakeDeps,
  identity: Identity,
  actor: Actor,
  id: string,
  rows: readonly StagedRowInput[],
): Promise<StagedView> {
  authorizePublish(identity, deps.services.department);
  const max = deps.services.maxPublishRows;
  if (rows.length === 0)
    throw hubError('NO_ROWS', 'rows is empty: append at least one row', {
      field: 'rows',
      messageVi: 'Không có dòng nào để thêm',
    });
  if (rows.length > max) {
    throw hubError('TOO_MANY_ROWS', `rows has ${rows.length} rows; at most ${max} are accepted in one call`, {
      field: 'rows',
      limit: max,
      messageVi: `Mỗi lần gửi tối đa ${max} dòng (đã gửi ${rows.length})`,
    });
  }
  const slug = deps.services.department.slug;
  return withActor(deps.services.db.dataSource, actor, async (m) => {
    const [locked]: StagedRecord[] = await m.query(
      `SELECT ${STAGED_COLUMNS} FROM "${slug}".staged_publication WHERE id = $1 FOR UPDATE`,
      [id],
    );
    const record = notOpen(locked, id, identity);
    if (record.rowCount + rows.length > MAX_STAGED_ROWS) {
      throw hubError('TOO_MANY_ROWS', `a staged publication holds at most ${MAX_STAGED_ROWS} rows`, {
        field: 'rows',
        limit: MAX_STAGED_ROWS,
        messageVi: `Một lượt nhập tối đa ${MAX_STAGED_ROWS} dòng`,
      });
    }
    await m.query(
      `INSERT INTO "${slug}".staged_chunk (staged_id, seq, rows, appended_at) VALUES ($1, $2, $3::jsonb, now())`,
      [id, record.chunkCount, JSON.stringify(rows)],
    );
    const [updated] = updatedRows<StagedRecord>(
      await m.query(
        `UPDATE "${slug}".staged_publication SET row_count = row_count + $2, chunk_count = chunk_count + 1 WHERE id = $1 RETURNING ${STAGED_COLUMNS}`,
        [id, rows.length],
      ),
    );
    if (!updated) throw new Error('staged publication vanished');
    return view(updated);
  });
}

/** What a client may be told of a failed commit: a coded error as it is, anything else masked. */
function failureOf(error: unknown): NonNullable<StagedView['failure']> {
  const extensions = (error as { extensions?: { code?: unknown; messageVi?: unknown } }).extensions;
  if (typeof extensions?.code === 'string' && extensions.code !== 'INTERNAL_SERVER_ERROR') {
    return {
      code: extensions.code,
      message: (error as Error).message,
      messageVi: typeof extensions.messageVi === 'string' ? extensions.messageVi : (error as Error).message,
    };
  }
  return {
    code: 'INTERNAL_SERVER_ERROR',
    message: 'the commit failed unexpectedly; nothing was written',
    messageVi: 'Ghi dữ liệu gặp lỗi ngoài dự kiến; chưa có gì được ghi',
  };
}

/**
 * Commits every staged row as one publication (or, with `dryRun`, reports what it would do). A
 * refused row leaves the staged publication OPEN with nothing written: discard it, or fix the
 * sheet and stage it again. With `wait`, answers the outcome (bound by the caller's deadline);
 * without, claims it, answers at once (state COMMITTING) and commits in the background, the
 * outcome then read with {@link readStagedView} (a national file takes longer than one gateway
 * fetch may wait). @throws NOT_FOUND, STAGED_PUBLICATION_CLOSED, CONFLICT when another commit of it is under way
 */
export async function commitStaged(
  deps: IntakeDeps,
  caller: GraphCaller,
  actor: Actor,
  id: string,
  dryRun: boolean,
  wait = true,
): Promise<{ staged: StagedView; outcome: CommitOutcome | null }> {
  authorizePublish(caller.identity, deps.services.department);
  const slug = deps.services.department.slug;
  const ds = deps.services.db.dataSource;
  // The staged publication's own bookkeeping is not bound to the caller's deadline: a commit cut
  // short by it must still be set back to OPEN.
  const bookkeeping: Actor = { name: actor.name, role: actor.role, requestId: actor.requestId };
  notOpen(await readStaged(deps, id), id, caller.identity);
  // Claim it, so two commits of the same staged publication cannot both run.
  const claimed = updatedRows<StagedRecord>(
    await withActor(ds, bookkeeping, (m) =>
      m.query(
        `UPDATE "${slug}".staged_publication SET state = 'COMMITTING', outcome = NULL, failure = NULL WHERE id = $1 AND state = 'OPEN' RETURNING ${STAGED_COLUMNS}`,
        [id],
      ),
    ),
  );
  const record = claimed[0];
  if (!record)
    throw hubError('CONFLICT', `staged publication ${id} is being committed by another call`, {
      messageVi: `Lượt nhập ${id} đang được ghi bởi một lệnh khác`,
    });
  inFlight.add(`${slug}|${id}`);
  // In flight until its state is no longer COMMITTING: a read in between must not take it for a
  // commit a stopped process left behind.
  const work = async (): Promise<{ staged: StagedView; outcome: CommitOutcome }> => {
    try {
      let outcome: CommitOutcome;
      try {
        const chunks: { rows: StagedRowInput[] }[] = await ds.query(
          `SELECT rows FROM "${slug}".staged_chunk WHERE staged_id = $1 ORDER BY seq`,
          [id],
        );
        const rows = chunks.flatMap((c) => c.rows);
        outcome = await publishChecked(
          deps,
          caller,
          wait ? actor : bookkeeping,
          record.criteriaSetId,
          record.year,
          rows,
          dryRun,
        );
      } catch (error) {
        await withActor(ds, bookkeeping, (m) =>
          m.query(`UPDATE "${slug}".staged_publication SET state = 'OPEN', failure = $2::jsonb WHERE id = $1`, [
            id,
            JSON.stringify(failureOf(error)),
          ]),
        );
        throw error;
      }
      const [after] = updatedRows<StagedRecord>(
        await withActor(ds, bookkeeping, (m) =>
          outcome.applied
            ? m.query(
                `UPDATE "${slug}".staged_publication SET state = 'COMMITTED', closed_at = now(), publication_id = $2, outcome = $3::jsonb WHERE id = $1 RETURNING ${STAGED_COLUMNS}`,
                [id, outcome.publicationId, JSON.stringify(outcome)],
              )
            : m.query(
                `UPDATE "${slug}".staged_publication SET state = 'OPEN', outcome = $2::jsonb WHERE id = $1 RETURNING ${STAGED_COLUMNS}`,
                [id, JSON.stringify(outcome)],
              ),
        ),
      );
      if (!after) throw new Error('staged publication vanished');
      return { staged: view(after), outcome };
    } finally {
      inFlight.delete(`${slug}|${id}`);
    }
  };
  if (wait) return work();
  work().catch((error: unknown) =>
    deps.services.logger.warn('background commit failed', { id, error: (error as Error).message }),
  );
  return { staged: view(record), outcome: null };
}

/**
 * A staged publication as it stands (its last outcome or failure included). One left COMMITTING
 * by a process that stopped is set back to OPEN (its transaction was rolled back: nothing written).
 * @throws NOT_FOUND, FORBIDDEN (someone else's)
 */
export async function readStagedView(
  deps: IntakeDeps,
  identity: Identity,
  actor: Actor,
  id: string,
): Promise<StagedView> {
  authorizePublish(identity, deps.services.department);
  const record = await readStaged(deps, id);
  if (!record)
    throw hubError('NOT_FOUND', `staged publication ${id} does not exist`, {
      what: 'staged publication',
      key: id,
      messageVi: `Không có lượt nhập ${id}`,
    });
  if (record.openedBySubject !== identity.subject)
    throw hubError('FORBIDDEN', `staged publication ${id} was opened by someone else`, {
      messageVi: `Lượt nhập ${id} do người khác mở`,
    });
  if (record.state === 'COMMITTING' && !inFlight.has(`${deps.services.department.slug}|${id}`)) {
    const failure = {
      code: 'INTERRUPTED',
      message: 'the commit was interrupted (the service stopped); nothing was written',
      messageVi: 'Việc ghi bị gián đoạn (dịch vụ dừng); chưa có gì được ghi',
    };
    const [reset] = updatedRows<StagedRecord>(
      await withActor(deps.services.db.dataSource, actor, (m) =>
        m.query(
          `UPDATE "${deps.services.department.slug}".staged_publication SET state = 'OPEN', failure = $2::jsonb WHERE id = $1 AND state = 'COMMITTING' RETURNING ${STAGED_COLUMNS}`,
          [id, JSON.stringify(failure)],
        ),
      ),
    );
    if (reset) return view(reset);
  }
  return view(record);
}

/** Discards an open staged publication: nothing of it is published. */
export async function discardStaged(
  deps: IntakeDeps,
  identity: Identity,
  actor: Actor,
  id: string,
): Promise<StagedView> {
  authorizePublish(identity, deps.services.department);
  const slug = deps.services.department.slug;
  return withActor(deps.services.db.dataSource, actor, async (m) => {
    const [locked]: StagedRecord[] = await m.query(
      `SELECT ${STAGED_COLUMNS} FROM "${slug}".staged_publication WHERE id = $1 FOR UPDATE`,
      [id],
    );
    notOpen(locked, id, identity);
    const [updated] = updatedRows<StagedRecord>(
      await m.query(
        `UPDATE "${slug}".staged_publication SET state = 'DISCARDED', closed_at = now() WHERE id = $1 RETURNING ${STAGED_COLUMNS}`,
        [id],
      ),
    );
    if (!updated) throw new Error('staged publication vanished');
    return view(updated);
  });
}

/** The rules run over the department's stored values of some communes (on demand). */
export async function checkStored(
  deps: IntakeDeps,
  caller: GraphCaller,
  criteriaSetId: string,
  year: number,
  communes: readonly string[],
) {
  const loaded = await versionForPublishingOrNull(
    deps.services.db.dataSource,
    deps.services.catalogue,
    criteriaSetId,
    year,
  );
  const rules = loaded ? await rulesFor(deps, caller, loaded, year) : null;
  const stored: StagedRowInput[] = await deps.services.db.dataSource.query(
    `SELECT commune_code AS "commune", indicator_code AS "indicator", numerator, denominator, count
       FROM "${deps.services.department.slug}".indicator_value WHERE criteria_set_id = $1 AND year = $2 AND commune_code = ANY($3)
      ORDER BY commune_code, indicator_code`,
    [criteriaSetId, year, communes],
  );
  if (!loaded || !rules || stored.length === 0) {
    return {
      ruleSetId: rules?.id ?? null,
      ruleSetVersion: rules?.version ?? null,
      criteriaSetId,
      year,
      valuesChecked: stored.length,
      results: [],
      rulesNotEvaluated: [],
    };
  }
  const gathered = await gatherFigures(deps, caller, rules, loaded, year, stored);
  const lookup = (operand: RuleOperand, commune: string) =>
    gathered.figures.get(figureKey(operand.department, operand.indicator, commune));
  const results = stored.flatMap((row) =>
    checkValue(
      rules,
      deps.services.department.code,
      row.commune,
      row.indicator,
      { numerator: row.numerator ?? null, denominator: row.denominator ?? null, count: row.count ?? null },
      lookup,
    ).map((v) => ({
      ...v,
      indicator: row.indicator,
      index: null,
      sheetRow: null,
    })),
  );
  return {
    ruleSetId: rules.id,
    ruleSetVersion: rules.version,
    criteriaSetId,
    year,
    valuesChecked: stored.length,
    results,
    rulesNotEvaluated: gathered.notEvaluated,
  };
}

/**
 * The public publishing mutation with the validation rules: an ERROR rule refuses its row (with
 * allOrNothing, the whole call; otherwise the other rows are published), a WARNING rule is stored
 * as a flag with the publication. Publishing itself is publishing's core, unchanged; without rules
 * for the set (or with no rule on this department) it is called as it is.
 */
export async function publishWithRules(
  deps: IntakeDeps,
  caller: GraphCaller,
  actor: Actor,
  input: PublishInput,
): Promise<PublishResult & { ruleResults: RowRuleResult[] }> {
  const { services } = deps;
  const publishDeps = {
    dataSource: services.db.dataSource,
    reference: services.reference,
    catalogue: services.catalogue,
    department: services.department,
    maxRows: services.maxPublishRows,
  };
  const loaded =
    input.rows.length > 0 && input.rows.length <= services.maxPublishRows
      ? await versionForPublishingOrNull(services.db.dataSource, services.catalogue, input.criteriaSetId, input.year)
      : null;
  const rules = loaded ? await rulesFor(deps, caller, loaded, input.year) : null;
  if (!loaded || !rules || !rules.rules.some((r) => r.left.department === services.department.code)) {
    return { ...(await publishValues(publishDeps, input, actor)), ruleResults: [] };
  }
  const { ruleResults, ruleRejections } = await checkRowsAgainstRules(
    deps,
    caller,
    rules,
    loaded,
    input.year,
    input.rows,
  );
  const asRejection = (r: CommitRejection): RowRejection & { messageVi: string; ruleId: string | null } => ({
    index: r.index,
    commune: r.commune,
    indicator: r.indicator,
    code: 'RULE_VIOLATED' as RowRejection['code'],
    field: r.field,
    message: r.message,
    messageVi: r.messageVi,
    ruleId: r.ruleId,
  });
  const refused = new Set(ruleRejections.map((r) => r.index));
  let result: PublishResult;
  if (refused.size === 0) {
    result = await publishValues(publishDeps, input, actor);
  } else if (input.allOrNothing || refused.size === input.rows.length) {
    const checked = await publishValues(publishDeps, { ...input, dryRun: true }, actor);
    const rejected = [...checked.rejected, ...ruleRejections.map(asRejection)].sort((a, b) => a.index - b.index);
    const rows = checked.rows.map((r) => (refused.has(r.index) ? { ...r, outcome: 'REJECTED' as const } : r));
    const count = (o: RowOutcome) => rows.filter((r) => r.outcome === o).length;
    result = {
      ...checked,
      dryRun: input.dryRun,
      applied: false,
      publicationId: null,
      rejected,
      rows,
      created: count('CREATED'),
      updated: count('UPDATED'),
      unchanged: count('UNCHANGED'),
      rejectedCount: new Set(rejected.map((r) => r.index)).size,
    };
  } else {
    // Partial: the rows no rule refused are published; indexes are given back in the caller's numbering.
    const kept = input.rows.map((row, index) => ({ row, index })).filter(({ index }) => !refused.has(index));
    const partial = await publishValues(publishDeps, { ...input, rows: kept.map((k) => k.row) }, actor);
    const back = (i: number) => kept[i]?.index ?? i;
    const rejected = [
      ...partial.rejected.map((r) => ({ ...r, index: back(r.index) })),
      ...ruleRejections.map(asRejection),
    ].sort((a, b) => a.index - b.index);
    const outcomes = new Map(partial.rows.map((r) => [back(r.index), r.outcome]));
    const rows = input.rows.map((row, index) => ({
      index,
      commune: row.commune,
      indicator: row.indicator,
      outcome: outcomes.get(index) ?? ('REJECTED' as const),
    }));
    result = { ...partial, rejected, rows, rejectedCount: new Set(rejected.map((r) => r.index)).size };
  }
  const warnings = ruleResults.filter(
    (w) => w.severity === 'WARNING' && !refused.has(w.index) && !result.rejected.some((r) => r.index === w.index),
  );
  if (result.applied && !result.replayed && warnings.length > 0)
    await storeFlags(deps, actor, result.publicationId, result.criteriaSetId, input.year, warnings);
  return { ...result, ruleResults };
}
