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
 * row UNCHANGED. A value whose current revision someone else published (a department's own system
 * or staff) is never overwritten: the demo reads who published each value first, leaves those
 * rows out of its call and lists them as kept. Every row says it is synthetic: `sourceRef` "SYNTHETIC DEMO DATA — not official
 * figures", a synthetic `note`, and the actor `demo-data (synthetic)`.
 *
 * One call per year and department, all or nothing. Exits 1 when any call answers with errors or
 * rejects a row, 2 on a bad command line.
 */
import { loadConfig } from '../shared/config';
import {
  BAND_OPS,
  DEPARTMENT_CODES,
  INDICATOR_KINDS,
  RATE_DIRECTIONS,
  type CommuneCategory,
  type DepartmentCode,
} from '../shared/criteria/types';
import { department as departmentByCode, isDepartmentCode } from '../shared/departments';
import { actorName, identityFromClaims } from '../shared/identity';
import { waitForHealth } from './lib/health';
import { mintLocalToken } from './lib/local-token';
import { AWAITING_DECISION, runProcedure } from './demo-procedure';
import {
  DEMO_ACTOR,
  DEMO_SOURCE_REF,
  demoRows,
  type DemoCommune,
  type DemoGap,
  type DemoIndicator,
  type DemoRow,
} from './demo-model';

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

/** The set each year is assessed with, at the version that year uses. */
const CRITERIA_SETS_QUERY = /* GraphQL */ `
  query DemoCriteriaSets {
    criteriaSetAssignments {
      year
      criteriaSet {
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

/** Who published the current revision of each value of one department, for one year. */
function publishersQuery(slug: string): string {
  return /* GraphQL */ `
    query DemoPublishers($year: Int!) {
      communes(year: $year) {
        code
        year(year: $year) {
          ${slug} {
            criteriaSetId
            indicator
            publishedBy
          }
        }
      }
    }
  `;
}

interface PublishersData {
  communes: {
    code: string;
    year: Record<string, { criteriaSetId: string; indicator: string; publishedBy: string }[] | null>;
  }[];
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
  criteriaSetAssignments: { year: number; criteriaSet: GraphCriteriaSet | null }[];
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
async function request<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token: string | null = null,
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
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

interface CallOutcome {
  ok: boolean;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows left out because someone other than the demo published the value's current revision. */
  kept: number;
}

/**
 * `commune|indicator` → publisher, of the values of `setId` and `year` whose current revision was
 * published by someone other than the demo. Asked as the department's publisher, who sees its own
 * figures (Công an's included).
 * @throws when the graph cannot say: without knowing, the demo must not publish.
 */
async function publishedByOthers(
  url: string,
  year: number,
  setId: string,
  code: DepartmentCode,
): Promise<Map<string, string>> {
  const { slug } = departmentByCode(code);
  const result = await request<PublishersData>(url, publishersQuery(slug), { year }, await publisherToken(code));
  if (result.errors?.length || !result.data) {
    throw new Error(
      `cannot read who published ${code}'s values of ${year}: ${describeErrors(result.errors ?? [{ message: 'no data' }])}`,
    );
  }
  const ours = demoPublishedBy(code);
  const others = new Map<string, string>();
  for (const commune of result.data.communes) {
    const values = commune.year[slug];
    if (values === null || values === undefined)
      throw new Error(`cannot read who published ${code}'s values of ${year} for commune ${commune.code}`);
    for (const value of values) {
      if (value.criteriaSetId === setId && value.publishedBy !== ours)
        others.set(`${commune.code}|${value.indicator}`, value.publishedBy);
    }
  }
  return others;
}

const tokens = new Map<DepartmentCode, Promise<string>>();

/**
 * A short-lived token of the department's publisher named DEMO_ACTOR, signed with HUB_JWT_SECRET
 * or the local secret of `npm start` (the demo is for a local hub).
 */
function publisherToken(code: DepartmentCode): Promise<string> {
  let token = tokens.get(code);
  if (!token) {
    token = mintLocalToken(publisherClaims(code), '15m');
    tokens.set(code, token);
  }
  return token;
}

/** The claims of the demo's publisher for a department. */
function publisherClaims(code: DepartmentCode): Record<string, unknown> {
  return { sub: `demo-data.${code.toLowerCase()}`, name: DEMO_ACTOR, role: 'DEPARTMENT_PUBLISHER', department: code };
}

/** How the hub records the demo's publisher of a department as `publishedBy` (the same rule as for every write). */
function demoPublishedBy(code: DepartmentCode): string {
  return actorName(identityFromClaims(publisherClaims(code), 'token'));
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
  const others = await publishedByOthers(url, year, set.id, code);
  const kept = rows.filter((row) => others.has(`${row.commune}|${row.indicator}`));
  const toPublish = rows.filter((row) => !others.has(`${row.commune}|${row.indicator}`));
  const input = { criteriaSetId: set.id, year, rows: toPublish, dryRun: false, allOrNothing: true };
  const label = `${year}  ${set.id} v${set.version}  ${code.padEnd(6)}  ${String(toPublish.length).padStart(4)} rows`;
  const missing =
    gaps.length > 0 ? `  (left out on purpose, data missing: ${gaps.map((g) => g.commune).join(', ')})` : '';
  const keptLine =
    kept.length > 0
      ? `    kept ${kept.length} value(s) published by someone else, not changed: ${kept
          .slice(0, 10)
          .map((row) => `${row.commune} ${row.indicator} (${others.get(`${row.commune}|${row.indicator}`) ?? ''})`)
          .join(', ')}${kept.length > 10 ? ` … and ${kept.length - 10} more` : ''}\n`
      : '';
  if (toPublish.length === 0) {
    process.stdout.write(`${label}  nothing to publish${missing}\n${keptLine}`);
    return { ok: true, created: 0, updated: 0, unchanged: 0, rejected: 0, kept: kept.length };
  }
  let result: GraphQLResponse<Record<string, PublishResultData>>;
  try {
    result = await request<Record<string, PublishResultData>>(
      url,
      publishMutation(field),
      { input },
      await publisherToken(code),
    );
  } catch (error) {
    process.stdout.write(`${label}  FAILED: ${(error as Error).message}\n`);
    return { ok: false, created: 0, updated: 0, unchanged: 0, rejected: 0, kept: kept.length };
  }
  const answer = result.data?.[field];
  if (result.errors?.length || !answer) {
    process.stdout.write(`${label}  FAILED: ${describeErrors(result.errors ?? [{ message: 'no data' }])}\n`);
    return { ok: false, created: 0, updated: 0, unchanged: 0, rejected: 0, kept: kept.length };
  }
  process.stdout.write(
    `${label}  created ${answer.created}  updated ${answer.updated}  unchanged ${answer.unchanged}  rejected ${answer.rejectedCount}${missing}\n${keptLine}`,
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
    kept: kept.length,
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

  const { criteriaSetAssignments } = await query<CriteriaSetsData>(url, CRITERIA_SETS_QUERY);
  const sets = new Map<number, DemoSet>();
  for (const { year, criteriaSet: s } of criteriaSetAssignments) {
    if (s === null) continue;
    sets.set(year, {
      id: s.id,
      version: s.version,
      from: s.years.from,
      to: s.years.to,
      indicators: s.criteria.flatMap((c) => c.indicators.map((i) => toDemoIndicator(s.id, i))),
    });
  }

  const totals = { calls: 0, failed: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, kept: 0 };
  const allGaps: DemoGap[] = [];
  for (const year of YEARS) {
    const set = sets.get(year);
    if (!set) {
      process.stdout.write(
        `${year}  FAILED: no criteria set is assigned to this year (or none of its versions covers it)\n`,
      );
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
      totals.kept += outcome.kept;
    }
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `\n${totals.calls} calls in ${seconds} s: created ${totals.created}, updated ${totals.updated}, ` +
      `unchanged ${totals.unchanged}, rejected ${totals.rejected}, failed calls ${totals.failed}, ` +
      `kept ${totals.kept} (values someone else published, left as they are)\n`,
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
  const { communes: current } = await query<{ communes: { code: string; name: string; district: { code: string } }[] }>(
    url,
    `{ communes { code name district { code } } }`,
  );
  const procedure = await runProcedure(
    url,
    YEARS,
    current.map((c) => ({ code: c.code, name: c.name, districtCode: c.district.code })),
  );
  process.stdout.write(
    `procedure in ${((performance.now() - procedureStarted) / 1000).toFixed(1)} s: recognised ${procedure.recognised}, refused ${procedure.refused}, returned for completion ${procedure.returned}, ` +
      `sat out ${procedure.skipped}, revoked ${procedure.revoked}, reports submitted ${procedure.reports}, ` +
      `left awaiting the district's decision ${procedure.awaiting} (${AWAITING_DECISION.commune} ${AWAITING_DECISION.year}, for the README's recognise example)` +
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
