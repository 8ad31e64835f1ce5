/**
 * `npm run demo`: publishes SYNTHETIC indicator values for every commune of Ninh Thuận and every
 * year 2015–2020 through the hub's public publishing mutations, at the gateway, over HTTP — the
 * way a department's own system would. Run it while the hub is up (`npm start` elsewhere).
 *
 *   npm run demo [-- --url http://localhost:4000/graphql]
 *
 * Without `--url` the gateway is reached at the host and GATEWAY_PORT of the configuration.
 * Communes, their categories and the criteria sets come from the graph; the values come from the
 * pure generator in `demo-model.ts`, so a second run publishes the same values and reports every
 * row UNCHANGED. Every row says it is synthetic: `sourceRef` "SYNTHETIC DEMO DATA — not official
 * figures", a synthetic `note`, and the actor `demo-data (synthetic)`.
 *
 * One call per year and department, all or nothing. Exits 1 when any call answers with errors or
 * rejects a row, 2 on a bad command line.
 */
import { loadConfig } from '../shared/config';
import { BAND_OPS, DEPARTMENT_CODES, INDICATOR_KINDS, RATE_DIRECTIONS, type CommuneCategory, type DepartmentCode } from '../shared/criteria/types';
import { department as departmentByCode, isDepartmentCode } from '../shared/departments';
import { waitForHealth } from './lib/health';
import { mintLocalToken } from './lib/local-token';
import { runProcedure } from './demo-procedure';
import { DEMO_ACTOR, DEMO_SOURCE_REF, demoRows, type DemoCommune, type DemoGap, type DemoIndicator, type DemoRow } from './demo-model';

/** The assessment years the demo fills. */
const YEARS: readonly number[] = [2015, 2016, 2017, 2018, 2019, 2020];
const HEALTH_TIMEOUT_MS = 60_000;
const CALL_TIMEOUT_MS = 120_000;

const COMMUNES_QUERY = /* GraphQL */ `
  query DemoCommunes($year: Int!) {
    communes(year: $year) {
      code
      name
      district {
        code
      }
      category(year: $year) {
        category
      }
    }
  }
`;

const CRITERIA_SETS_QUERY = /* GraphQL */ `
  query DemoCriteriaSets {
    criteriaSets {
      id
      version
      years {
        from
        to
      }
      criteria {
        number
        indicators {
          code
          kind
          department
          maxPoints
          direction
          denominatorLabel
          bands {
            op
            threshold
            points
          }
          otherwise
          grades {
            grade
            points
          }
          pointsIfYes
          pointsIfNo
        }
      }
    }
  }
`;

function publishMutation(field: string): string {
  return /* GraphQL */ `
    mutation DemoPublish($input: PublishValuesInput!) {
      ${field}(input: $input) {
        department
        criteriaSetId
        criteriaSetVersion
        year
        applied
        publicationId
        created
        updated
        unchanged
        rejectedCount
        rejected {
          index
          commune
          indicator
          code
          field
          message
        }
      }
    }
  `;
}

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string };
  path?: readonly (string | number)[];
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

interface CommunesData {
  communes: {
    code: string;
    name: string;
    district: { code: string };
    category: { category: CommuneCategory } | null;
  }[];
}

interface GraphIndicator {
  code: string;
  kind: string;
  department: string;
  maxPoints: number;
  direction: string | null;
  denominatorLabel: string | null;
  bands: { op: string; threshold: string; points: number }[];
  otherwise: number | null;
  grades: { grade: string; points: number }[];
  pointsIfYes: number | null;
  pointsIfNo: number | null;
}

interface GraphCriteriaSet {
  id: string;
  version: number;
  years: { from: number; to: number | null };
  criteria: { number: number; indicators: GraphIndicator[] }[];
}

interface CriteriaSetsData {
  criteriaSets: GraphCriteriaSet[];
}

interface PublishResultData {
  department: string;
  criteriaSetId: string;
  criteriaSetVersion: number;
  year: number;
  applied: boolean;
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { index: number; commune: string; indicator: string; code: string; field: string; message: string }[];
}

/** A criteria set ready for the generator. */
interface DemoSet {
  id: string;
  version: number;
  from: number;
  to: number | null;
  indicators: DemoIndicator[];
}

class UsageError extends Error {}

function usage(): string {
  return [
    'Usage: npm run demo [-- --url <gateway GraphQL URL>]',
    '',
    'Publishes SYNTHETIC indicator values (not official figures) for every commune and year 2015–2020',
    'through the gateway. Default URL: http://<HUB_HOST>:<GATEWAY_PORT>/graphql (127.0.0.1:4000).',
  ].join('\n');
}

/** Reads `--url <url>` / `--url=<url>` and `--help`. @throws UsageError for anything else. */
function parseArgs(argv: readonly string[]): { url: string | null; help: boolean } {
  let url: string | null = null;
  let help = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--url') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError('--url needs a value');
      url = next;
      i += 1;
    } else if (arg.startsWith('--url=')) url = arg.slice('--url='.length);
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (url !== null) {
    try {
      new URL(url);
    } catch {
      throw new UsageError(`--url ${JSON.stringify(url)} is not a URL`);
    }
  }
  return { url, help };
}

function defaultUrl(): string {
  const config = loadConfig();
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.gatewayPort}/graphql`;
}

function healthUrlOf(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = /\/graphql\/?$/.test(url.pathname) ? url.pathname.replace(/\/graphql\/?$/, '/health') : '/health';
  url.search = '';
  return url.toString();
}

/** Posts one operation to the gateway; a non-JSON answer becomes a single error. */
async function request<T>(url: string, query: string, variables: Record<string, unknown> = {}, token: string | null = null): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as GraphQLResponse<T>;
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 300)}` }] };
  }
}

function describeErrors(errors: readonly GraphQLErrorShape[]): string {
  return errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
}

/** Queries and checks; throws with the errors when the graph does not answer. */
async function query<T>(url: string, text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await request<T>(url, text, variables);
  if (result.errors?.length || !result.data) {
    throw new Error(`query failed: ${describeErrors(result.errors ?? [{ message: 'no data' }])}`);
  }
  return result.data;
}

/** Converts the graph's indicator to the generator's, checking the enum-like strings. */
function toDemoIndicator(setId: string, indicator: GraphIndicator): DemoIndicator {
  const where = `criteria set ${setId}, indicator ${indicator.code}`;
  const kind = INDICATOR_KINDS.find((k) => k === indicator.kind);
  if (!kind) throw new Error(`${where}: unknown kind ${indicator.kind}`);
  if (!isDepartmentCode(indicator.department)) throw new Error(`${where}: unknown department ${indicator.department}`);
  const direction = indicator.direction === null ? null : RATE_DIRECTIONS.find((d) => d === indicator.direction);
  if (direction === undefined) throw new Error(`${where}: unknown direction ${String(indicator.direction)}`);
  const bands = indicator.bands.map((band) => {
    const op = BAND_OPS.find((o) => o === band.op);
    if (!op) throw new Error(`${where}: unknown band op ${band.op}`);
    return { op, threshold: band.threshold, points: band.points };
  });
  return {
    code: indicator.code,
    kind,
    department: indicator.department,
    maxPoints: indicator.maxPoints,
    direction,
    denominatorLabel: indicator.denominatorLabel,
    bands,
    otherwise: indicator.otherwise,
    grades: indicator.grades,
    pointsIfYes: indicator.pointsIfYes,
    pointsIfNo: indicator.pointsIfNo,
  };
}

/** The set whose years contain `year`; the one starting latest when several do. */
function setForYear(sets: readonly DemoSet[], year: number): DemoSet | null {
  const fitting = sets.filter((s) => s.from <= year && (s.to === null || year <= s.to));
  return fitting.sort((a, b) => b.from - a.from)[0] ?? null;
}

interface CallOutcome {
  ok: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

const tokens = new Map<DepartmentCode, Promise<string>>();

/**
 * A short-lived token of the department's publisher named DEMO_ACTOR, signed with HUB_JWT_SECRET
 * or the local secret of `npm start` (the demo is for a local hub).
 */
function publisherToken(code: DepartmentCode): Promise<string> {
  let token = tokens.get(code);
  if (!token) {
    token = mintLocalToken({ sub: `demo-data.${code.toLowerCase()}`, name: DEMO_ACTOR, role: 'DEPARTMENT_PUBLISHER', department: code }, '15m');
    tokens.set(code, token);
  }
  return token;
}

async function publish(
  url: string,
  year: number,
  set: DemoSet,
  code: DepartmentCode,
  rows: readonly DemoRow[],
  gaps: readonly DemoGap[],
): Promise<CallOutcome> {
  const field = `publish${departmentByCode(code).pascal}Values`;
  const input = { criteriaSetId: set.id, year, rows, dryRun: false, allOrNothing: true };
  const label = `${year}  ${set.id} v${set.version}  ${code.padEnd(6)}  ${String(rows.length).padStart(4)} rows`;
  const missing = gaps.length > 0 ? `  (left out on purpose, data missing: ${gaps.map((g) => g.commune).join(', ')})` : '';
  let result: GraphQLResponse<Record<string, PublishResultData>>;
  try {
    result = await request<Record<string, PublishResultData>>(url, publishMutation(field), { input }, await publisherToken(code));
  } catch (error) {
    process.stdout.write(`${label}  FAILED: ${(error as Error).message}\n`);
    return { ok: false, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  }
  const answer = result.data?.[field];
  if (result.errors?.length || !answer) {
    process.stdout.write(`${label}  FAILED: ${describeErrors(result.errors ?? [{ message: 'no data' }])}\n`);
    return { ok: false, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  }
  process.stdout.write(
    `${label}  created ${answer.created}  updated ${answer.updated}  unchanged ${answer.unchanged}  rejected ${answer.rejectedCount}${missing}\n`,
  );
  for (const r of answer.rejected.slice(0, 5)) {
    process.stdout.write(`    row ${r.index} ${r.commune} ${r.indicator} ${r.field}: ${r.code} ${r.message}\n`);
  }
  if (answer.rejected.length > 5) process.stdout.write(`    … and ${answer.rejected.length - 5} more rejections\n`);
  return {
    ok: answer.rejectedCount === 0 && answer.applied,
    created: answer.created,
    updated: answer.updated,
    unchanged: answer.unchanged,
    rejected: answer.rejectedCount,
  };
}

async function main(): Promise<number> {
  let args: { url: string | null; help: boolean };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${usage()}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${usage()}\n`);
    return 0;
  }
  const started = performance.now();
  const url = args.url ?? defaultUrl();
  process.stdout.write(`Publishing SYNTHETIC DEMO DATA (not official figures) at ${url} as "${DEMO_ACTOR}"\n`);
  await waitForHealth(healthUrlOf(url), HEALTH_TIMEOUT_MS);

  const { criteriaSets } = await query<CriteriaSetsData>(url, CRITERIA_SETS_QUERY);
  const sets: DemoSet[] = criteriaSets.map((s) => ({
    id: s.id,
    version: s.version,
    from: s.years.from,
    to: s.years.to,
    indicators: s.criteria.flatMap((c) => c.indicators.map((i) => toDemoIndicator(s.id, i))),
  }));

  const totals = { calls: 0, failed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const allGaps: DemoGap[] = [];
  for (const year of YEARS) {
    const set = setForYear(sets, year);
    if (!set) {
      process.stdout.write(`${year}  FAILED: no loaded criteria set covers this year\n`);
      totals.failed += 1;
      continue;
    }
    const { communes } = await query<CommunesData>(url, COMMUNES_QUERY, { year });
    if (communes.length === 0) throw new Error(`the graph lists no commune for ${year}`);
    const demoCommunes: DemoCommune[] = communes.map((c) => ({
      code: c.code,
      districtCode: c.district.code,
      category: c.category?.category ?? null,
    }));
    for (const code of DEPARTMENT_CODES) {
      const indicators = set.indicators.filter((i) => i.department === code);
      if (indicators.length === 0) continue;
      const { rows, gaps } = demoRows(demoCommunes, year, indicators);
      allGaps.push(...gaps);
      const outcome = await publish(url, year, set, code, rows, gaps);
      totals.calls += 1;
      if (!outcome.ok) totals.failed += 1;
      totals.created += outcome.created;
      totals.updated += outcome.updated;
      totals.unchanged += outcome.unchanged;
      totals.rejected += outcome.rejected;
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\n${totals.calls} calls in ${seconds} s: created ${totals.created}, updated ${totals.updated}, ` +
      `unchanged ${totals.unchanged}, rejected ${totals.rejected}, failed calls ${totals.failed}\n`,
  );
  if (allGaps.length > 0) {
    process.stdout.write(
      `Data left out on purpose (incomplete assessments): ${allGaps.map((g) => `${g.commune} ${g.year} ${g.department}`).join('; ')}\n`,
    );
  }
  process.stdout.write(`Every value published is labelled "${DEMO_SOURCE_REF}".\n`);
  if (totals.failed > 0) return 1;

  // The procedure: registrations, self-assessments, decisions and reports, year by year.
  const procedureStarted = performance.now();
  const { communes: current } = await query<{ communes: { code: string; name: string; district: { code: string } }[] }>(url, `{ communes { code name district { code } } }`);
  const procedure = await runProcedure(url, YEARS, current.map((c) => ({ code: c.code, name: c.name, districtCode: c.district.code })));
  process.stdout.write(
    `procedure in ${((performance.now() - procedureStarted) / 1000).toFixed(1)} s: recognised ${procedure.recognised}, refused ${procedure.refused}, ` +
      `sat out ${procedure.skipped}, revoked ${procedure.revoked}, reports submitted ${procedure.reports}` +
      (procedure.failures.length > 0 ? `\nFAILED steps:\n  ${procedure.failures.slice(0, 20).join('\n  ')}` : '') +
      '\n',
  );
  return procedure.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
