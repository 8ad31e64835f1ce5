/**
 * `npm run bench`: the hub's figures, measured side by side in one run on this machine (loopback
 * only, every load bounded in time):
 *
 * - the engine: microseconds per full commune-year assessment;
 * - Ninh Thuận's board with full assessments through the gateway against the same assessments
 *   computed in one process from the same rows (interleaved rounds, medians, their ratio);
 * - gateway throughput against the Hive Gateway on the same supergraph and subgraphs, at 10 and 50
 *   connections, for a light query and a board (measured A B B A);
 * - the country: `load:national`, a synthetic national publication through the public mutations
 *   (rows per second), the national board of totals cold and warm (time and bytes), the country
 *   overview, and Hà Nội's board (the largest province);
 * - the 2025 map (two-tier, from 1 July 2025): `units:apply` of the shipped lists timed, a synthetic
 *   2026 publication (Khánh Hòa's units with `--quick`, the country's 3,321 otherwise), Khánh Hòa's
 *   board and overview and the country's board and overview, each cold (first read after the
 *   publication) and warm;
 * - the memory of every service.
 *
 * Writes `bench.json` and `bench.md` into `--out` (default .data/bench). `--quick` is the smoke
 * version (`npm test` runs it): no national data, one-second loads, three rounds.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { loadCriteriaSetFileSync } from '../shared/criteria/validate';
import type { DepartmentCode } from '../shared/departments';
import { createLogger } from '../shared/logger';
import { projectPath } from '../shared/paths';
import { benchEngine } from './bench/engine';
import { startBenchHub, type BenchHub } from './bench/hub';
import { assessProvinceInProcess } from './bench/in-process';
import { checkOperation, interleavedThroughput, type LoadFigures } from './bench/load';
import { publishNationally, type PublishFigures } from './bench/national';

const run = promisify(execFile);

const FULL_BOARD = /* GraphQL */ `
  query FullBoard { assessmentBoard(year: 2020, provinceCode: "58") { assessments {
    rank commune { code name }
    assessment {
      total maxTotal status eligible
      criteriaSet { id version }
      threshold { category points }
      criteria { number points maxPoints complete indicators { code state numerator denominator count value grade rate points maxPoints source { department publishedBy publishedAt revision } } }
      missing { department indicators }
      conditions { code met message messageVi figures }
      gaps { indicator currentPoints nextPoints needed { numerator denominator count value grade } messageVi }
      explanation
    } } } }`;
const LIGHT_QUERY = /* GraphQL */ `query Light { commune(code: "22738") { code name year(year: 2020) { yte { indicator numerator denominator } } } }`;
const TOTALS_BOARD = (scope: string, year: number) =>
  /* GraphQL */ `query Totals { assessmentBoard(year: ${year}, ${scope}) { count assessments { rank commune { code name } assessment { total status eligible } } } }`;

interface Options {
  quick: boolean;
  out: string;
  seconds: number;
  rounds: number;
}

function parseOptions(argv: readonly string[]): Options {
  const quick = argv.includes('--quick');
  const outAt = argv.indexOf('--out');
  const out = outAt >= 0 ? (argv[outAt + 1] ?? '') : projectPath('.data', 'bench');
  if (!out) throw new Error('--out needs a folder');
  return { quick, out, seconds: quick ? 1 : 8, rounds: quick ? 3 : 15 };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** POSTs an operation; throws on HTTP or GraphQL errors; returns the answer's size. */
async function post(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<{ bytes: number; body: { data?: Record<string, unknown> | null; errors?: { message: string }[] } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { message: string }[] };
  if (response.status !== 200 || body.errors?.length)
    throw new Error(`HTTP ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 300)}`);
  return { bytes: Buffer.byteLength(text), body };
}

interface BenchFigures {
  at: string;
  machine: { cpus: number; node: string };
  quick: boolean;
  engine: { microsecondsPerAssessment: number };
  board: {
    communes: number;
    /** The board read again (the gateway replays it once every subgraph answers "not modified"). */
    gatewayMs: number;
    /** The same board as an operation the gateway has not seen (executed, its shaping included). */
    executedMs: number;
    inProcessMs: number;
    ratio: number;
    executedRatio: number;
    bytes: number;
    rounds: number;
  };
  throughput: { query: string; connections: number; hub: LoadFigures; hive: LoadFigures; ratio: number }[];
  national?: {
    load: string;
    publish: PublishFigures;
    board: { communes: number; coldMs: number; warmMs: number; bytes: number };
    overviewMs: number;
    hanoi: { communes: number; warmMs: number; bytes: number };
  };
  twoTier: TwoTierFigures;
  memoryMiB: Record<string, number>;
}

/** A read timed cold (the first after the publication) and warm (the median of the repeats). */
interface ColdWarm {
  communes: number;
  coldMs: number;
  warmMs: number;
  bytes: number;
}

interface TwoTierFigures {
  year: number;
  unitsApply: { ms: number; summary: string };
  publish: PublishFigures;
  khanhHoa: { board: ColdWarm; overview: ColdWarm };
  country: { board: ColdWarm; overview: ColdWarm };
}

/** Times `query` once cold and `repeats` times warm; `count` reads the number of units from the answer. */
async function coldWarm(
  url: string,
  query: string,
  repeats: number,
  count: (data: Record<string, unknown>) => number,
): Promise<ColdWarm> {
  const cold = await timed(() => post(url, query));
  const warm: number[] = [];
  let bytes = cold.value.bytes;
  for (let i = 0; i < repeats; i += 1) {
    const again = await timed(() => post(url, query));
    warm.push(again.ms);
    bytes = again.value.bytes;
  }
  return {
    communes: count(cold.value.body.data ?? {}),
    coldMs: Math.round(cold.ms),
    warmMs: Math.round(median(warm)),
    bytes,
  };
}

/**
 * Publishes synthetic values of every department for every unit in force in `year` (of one
 * province when `provinceCode` is given) through the public mutations, as each department's
 * publisher (LĐTBXH as the province administrator).
 */
async function publishSynthetic(
  hub: BenchHub,
  set: ReturnType<typeof loadCriteriaSetFileSync>,
  year: number,
  provinceCode: string | null,
  log: (line: string) => void,
): Promise<PublishFigures> {
  const db = new Client({ connectionString: hub.databaseUrl });
  await db.connect();
  let codes: string[];
  try {
    codes = (
      await db.query(
        `SELECT DISTINCT code FROM reference.commune WHERE (valid_from IS NULL OR valid_from <= $2::date) AND (valid_to IS NULL OR valid_to >= $1::date) AND ($3::text IS NULL OR province_code = $3) ORDER BY code`,
        [`${year}-01-01`, `${year}-12-31`, provinceCode],
      )
    ).rows.map((r: { code: string }) => r.code);
  } finally {
    await db.end();
  }
  log(
    `publishing synthetic ${year} values for ${codes.length} units${provinceCode ? ` of province ${provinceCode}` : ''}, through the public mutations…`,
  );
  const tokens = new Map<string, string>();
  const tokenOf = async (code: string) => {
    const known = tokens.get(code);
    if (known) return known;
    const token = await hub.token(
      code === 'LDTBXH'
        ? {
            subject: 'bench-admin',
            name: 'bench',
            role: 'PROVINCE_ADMIN',
            department: 'LDTBXH',
            district: null,
            commune: null,
            province: null,
          }
        : {
            subject: `bench-${code}`,
            name: `bench ${code}`,
            role: 'DEPARTMENT_PUBLISHER',
            department: code as DepartmentCode,
            district: null,
            commune: null,
            province: null,
          },
    );
    tokens.set(code, token);
    return token;
  };
  const publish = await publishNationally(
    (q, v, t) =>
      post(hub.gatewayUrl, q, v, t).then(
        (r) => r.body as never,
        (e: Error) => ({ errors: [{ message: e.message }] }),
      ),
    tokenOf,
    set,
    codes,
    year,
  );
  log(
    `publish ${year}: ${publish.rows} rows in ${publish.calls} calls, ${publish.seconds.toFixed(1)} s (${publish.rowsPerSecond} rows/s)${publish.errors.length ? `; errors: ${publish.errors.slice(0, 3).join(' | ')}` : ''}`,
  );
  return publish;
}

/**
 * The 2025 map: applies the shipped reorganisations (timed, as `npm run units:apply -- --apply`
 * runs them), publishes a synthetic 2026 through the public mutations, and reads Khánh Hòa's and
 * the country's boards and overviews cold and warm.
 */
async function measureTwoTier(
  hub: BenchHub,
  options: Options,
  set: ReturnType<typeof loadCriteriaSetFileSync>,
  log: (line: string) => void,
): Promise<TwoTierFigures> {
  const year = 2026;
  const folder = projectPath('data', 'reorganisations');
  const files = fs
    .readdirSync(folder)
    .sort()
    .map((name) => path.join(folder, name));
  log(`units:apply of the shipped reorganisations (${files.map((f) => path.basename(f)).join(', ')})…`);
  const applied = await timed(() =>
    run(process.execPath, [projectPath('dist', 'scripts', 'units-apply.js'), '--apply', '--actor', 'bench', ...files], {
      env: hub.env,
      maxBuffer: 64 * 1024 * 1024,
    }),
  );
  const summary = applied.value.stdout.trim().split('\n').at(-1) ?? '';
  log(`units:apply: ${applied.ms.toFixed(0)} ms (${summary})`);

  const publish = await publishSynthetic(hub, set, year, options.quick ? '56' : null, log);

  const repeats = options.quick ? 2 : 5;
  const boardCount = (data: Record<string, unknown>) =>
    (data.assessmentBoard as { count: number } | undefined)?.count ?? 0;
  const overviewCount = (data: Record<string, unknown>) =>
    (data.recognitionOverview as { province: { communes: number } | null } | undefined)?.province?.communes ?? 0;
  const OVERVIEW = (scope: string) =>
    `query Overview { recognitionOverview(year: ${year}, ${scope}) { province { communes recognised sharePct } provinces { province { code } progress { communes } } } }`;
  const khanhHoa = {
    board: await coldWarm(hub.gatewayUrl, TOTALS_BOARD('provinceCode: "56"', year), repeats, boardCount),
    overview: await coldWarm(hub.gatewayUrl, OVERVIEW('provinceCode: "56"'), repeats, overviewCount),
  };
  log(
    `Khánh Hòa ${year} (${khanhHoa.board.communes} units): board cold ${khanhHoa.board.coldMs} ms, warm ${khanhHoa.board.warmMs} ms; overview cold ${khanhHoa.overview.coldMs} ms, warm ${khanhHoa.overview.warmMs} ms`,
  );
  const country = {
    board: await coldWarm(hub.gatewayUrl, TOTALS_BOARD('country: true', year), repeats, boardCount),
    overview: await coldWarm(hub.gatewayUrl, OVERVIEW('country: true'), repeats, overviewCount),
  };
  log(
    `the country ${year} (${country.board.communes} units): board cold ${country.board.coldMs} ms, warm ${country.board.warmMs} ms; overview cold ${country.overview.coldMs} ms, warm ${country.overview.warmMs} ms`,
  );
  return { year, unitsApply: { ms: Math.round(applied.ms), summary }, publish, khanhHoa, country };
}

async function measure(hub: BenchHub, options: Options, log: (line: string) => void): Promise<BenchFigures> {
  const engine = benchEngine({ perRound: options.quick ? 200 : 2000, rounds: options.quick ? 3 : 7 });
  log(`engine: ${engine.microsecondsPerAssessment.toFixed(1)} µs per full assessment`);

  log('publishing the demo data of Ninh Thuận (synthetic, 2015–2020) and its procedure…');
  await run(process.execPath, [projectPath('dist', 'scripts', 'demo-data.js'), '--url', hub.gatewayUrl], {
    env: hub.env,
    maxBuffer: 64 * 1024 * 1024,
  });

  // Throughput, the hub's gateway and the Hive Gateway in turn (A B B A: see interleavedThroughput).
  const loads: BenchFigures['throughput'] = [];
  const boardTotals = TOTALS_BOARD('provinceCode: "58"', 2020);
  const set = loadCriteriaSetFileSync(projectPath('criteria-sets', 'qd06-2019.v2.json'));
  for (const [name, query] of [
    ['light', LIGHT_QUERY],
    ['board', boardTotals],
  ] as const) {
    await checkOperation(hub.gatewayUrl, query);
    await checkOperation(hub.hiveUrl, query);
    for (const connections of [10, 50]) {
      const [ours, hive] = await interleavedThroughput(
        [hub.gatewayUrl, hub.hiveUrl],
        query,
        connections,
        options.seconds,
      );
      const ratio = Math.round((ours.requestsPerSecond / Math.max(hive.requestsPerSecond, 0.1)) * 100) / 100;
      loads.push({ query: name, connections, hub: ours, hive, ratio });
      log(
        `throughput ${name} @${connections}: hub ${ours.requestsPerSecond} req/s, Hive ${hive.requestsPerSecond} req/s (${ratio}×)`,
      );
    }
  }

  // The board with full assessments, through the gateway and in one process, interleaved. After
  // the loads, which have stored the demo's assessments: this is the board as a dashboard sees it
  // between publications.
  const client = new Client({ connectionString: hub.databaseUrl });
  await client.connect();
  const gatewayMs: number[] = [];
  const executedMs: number[] = [];
  const inProcessMs: number[] = [];
  let bytes = 0;
  let communes = 0;
  try {
    await post(hub.gatewayUrl, FULL_BOARD); // stores the assessments
    await assessProvinceInProcess(client, set, '58', 2020);
    for (let round = 0; round < options.rounds; round += 1) {
      const viaGateway = await timed(() => post(hub.gatewayUrl, FULL_BOARD));
      gatewayMs.push(viaGateway.ms);
      bytes = viaGateway.value.bytes;
      // Another text of the same operation: the gateway has nothing remembered for it and executes
      // the plan (LĐTBXH still answers from its kept lines: the plan's fetches are the same).
      const fresh = `${FULL_BOARD}${' '.repeat(round + 1)}`;
      executedMs.push((await timed(() => post(hub.gatewayUrl, fresh))).ms);
      const local = await timed(() => assessProvinceInProcess(client, set, '58', 2020));
      inProcessMs.push(local.ms);
      communes = local.value.communes;
    }
  } finally {
    await client.end();
  }
  const board = {
    communes,
    gatewayMs: median(gatewayMs),
    executedMs: median(executedMs),
    inProcessMs: median(inProcessMs),
    ratio: 0,
    executedRatio: 0,
    bytes,
    rounds: options.rounds,
  };
  board.ratio = Math.round((board.gatewayMs / board.inProcessMs) * 100) / 100;
  board.executedRatio = Math.round((board.executedMs / board.inProcessMs) * 100) / 100;
  log(
    `board (${communes} communes, full): gateway ${board.gatewayMs.toFixed(1)} ms (as an operation not seen before: ${board.executedMs.toFixed(1)} ms), in process ${board.inProcessMs.toFixed(1)} ms, ratio ${board.ratio} (${board.executedRatio})`,
  );

  let national: BenchFigures['national'];
  if (!options.quick) {
    log('loading the national list of units…');
    const loaded = await run(process.execPath, [projectPath('dist', 'scripts', 'load-national.js')], { env: hub.env });
    const year = 2021;
    const publish = await publishSynthetic(hub, set, year, null, log);
    const country = TOTALS_BOARD('country: true', year);
    const cold = await timed(() => post(hub.gatewayUrl, country));
    const warm: number[] = [];
    let countryBytes = cold.value.bytes;
    for (let i = 0; i < (options.rounds > 5 ? 5 : options.rounds); i += 1) {
      const again = await timed(() => post(hub.gatewayUrl, country));
      warm.push(again.ms);
      countryBytes = again.value.bytes;
    }
    const boardData = cold.value.body.data?.assessmentBoard as { count: number } | undefined;
    log(
      `national board of totals (${boardData?.count ?? '?'} communes): cold ${cold.ms.toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms, ${(countryBytes / 1024).toFixed(0)} KiB`,
    );
    const overview = await timed(() =>
      post(
        hub.gatewayUrl,
        `query { recognitionOverview(year: ${year}, country: true) { province { communes recognised sharePct } provinces { province { code } progress { communes } } } }`,
      ),
    );
    const hanoiQuery = TOTALS_BOARD('provinceCode: "01"', year);
    await post(hub.gatewayUrl, hanoiQuery);
    const hanoiMs: number[] = [];
    let hanoi = { communes: 0, bytes: 0 };
    for (let i = 0; i < options.rounds; i += 1) {
      const again = await timed(() => post(hub.gatewayUrl, hanoiQuery));
      hanoiMs.push(again.ms);
      hanoi = {
        communes: (again.value.body.data?.assessmentBoard as { count: number }).count,
        bytes: again.value.bytes,
      };
    }
    log(
      `Hà Nội's board (${hanoi.communes} communes): warm ${median(hanoiMs).toFixed(0)} ms; country overview ${overview.ms.toFixed(0)} ms`,
    );
    national = {
      load: loaded.stdout.trim(),
      publish,
      board: {
        communes: boardData?.count ?? 0,
        coldMs: Math.round(cold.ms),
        warmMs: Math.round(median(warm)),
        bytes: countryBytes,
      },
      overviewMs: Math.round(overview.ms),
      hanoi: { ...hanoi, warmMs: Math.round(median(hanoiMs)) },
    };
  }

  // After the national list (full run), so that the 2025 map applies to the whole 2023 country.
  const twoTier = await measureTwoTier(hub, options, set, log);

  return {
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    quick: options.quick,
    engine: { microsecondsPerAssessment: Math.round(engine.microsecondsPerAssessment * 10) / 10 },
    board,
    throughput: loads,
    national,
    twoTier,
    memoryMiB: hub.memory(),
  };
}

/** The figures as a Markdown table. */
function markdown(f: BenchFigures): string {
  const lines = [
    `# Benchmark (${f.at}, ${f.machine.cpus} cores, Node ${f.machine.node}${f.quick ? ', quick' : ''})`,
    '',
    '| what | figure |',
    '|---|---|',
    `| engine: one full commune-year assessment | ${f.engine.microsecondsPerAssessment} µs |`,
    `| board, ${f.board.communes} communes, full assessments: through the gateway, read again (replayed) | ${f.board.gatewayMs.toFixed(1)} ms (median of ${f.board.rounds}, ${(f.board.bytes / 1024).toFixed(0)} KiB) |`,
    `| the same board as an operation the gateway has not seen (executed and shaped) | ${f.board.executedMs.toFixed(1)} ms |`,
    `| the same assessments computed in one process | ${f.board.inProcessMs.toFixed(1)} ms |`,
    `| gateway ÷ in process: read again / not seen before | ${f.board.ratio}× / ${f.board.executedRatio}× |`,
    ...f.throughput.map(
      (t) =>
        `| throughput, ${t.query} query, ${t.connections} connections: hub / Hive Gateway | ${t.hub.requestsPerSecond} / ${t.hive.requestsPerSecond} req/s (${t.ratio}×; p50 ${t.hub.latencyP50Ms} / ${t.hive.latencyP50Ms} ms; failures ${t.hub.failures} / ${t.hive.failures}) |`,
    ),
  ];
  if (f.national) {
    const n = f.national;
    lines.push(
      `| load:national | ${n.load.replace(/\|/g, '/')} |`,
      `| national publication through the public mutations | ${n.publish.rows} rows, ${n.publish.calls} calls, ${n.publish.seconds.toFixed(1)} s: ${n.publish.rowsPerSecond} rows/s${n.publish.errors.length ? ` (${n.publish.errors.length} errors)` : ''} |`,
      `| national board of totals, ${n.board.communes} communes: first read after the publication / warm (read again at once) | ${n.board.coldMs} / ${n.board.warmMs} ms (${(n.board.bytes / 1024).toFixed(0)} KiB) |`,
      `| Hà Nội's board, ${n.hanoi.communes} communes, warm | ${n.hanoi.warmMs} ms (${(n.hanoi.bytes / 1024).toFixed(0)} KiB) |`,
      `| country overview (one line per province) | ${n.overviewMs} ms |`,
    );
  }
  const t = f.twoTier;
  const cw = (c: ColdWarm) => `${c.coldMs} / ${c.warmMs} ms (${(c.bytes / 1024).toFixed(0)} KiB)`;
  lines.push(
    `| units:apply of the shipped reorganisations (the 2025 map), --apply | ${t.unitsApply.ms} ms (${t.unitsApply.summary.replace(/\|/g, '/')}) |`,
    `| ${t.year} publication through the public mutations (2025 map) | ${t.publish.rows} rows, ${t.publish.calls} calls, ${t.publish.seconds.toFixed(1)} s: ${t.publish.rowsPerSecond} rows/s${t.publish.errors.length ? ` (${t.publish.errors.length} errors)` : ''} |`,
    `| Khánh Hòa's board of totals ${t.year}, ${t.khanhHoa.board.communes} units: cold / warm | ${cw(t.khanhHoa.board)} |`,
    `| Khánh Hòa's overview ${t.year}: cold / warm | ${cw(t.khanhHoa.overview)} |`,
    `| the country's board of totals ${t.year}, ${t.country.board.communes} units: cold / warm | ${cw(t.country.board)} |`,
    `| the country's overview ${t.year} (one line per province): cold / warm | ${cw(t.country.overview)} |`,
  );
  lines.push(
    `| memory (RSS, MiB) | ${Object.entries(f.memoryMiB)
      .map(([name, mib]) => `${name} ${mib}`)
      .join(', ')} |`,
    '',
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const logger = createLogger('warn', { service: 'bench' });
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const hub = await startBenchHub(logger);
  let figures: BenchFigures;
  try {
    figures = await measure(hub, options, log);
  } finally {
    await hub.stop();
  }
  fs.mkdirSync(options.out, { recursive: true });
  fs.writeFileSync(path.join(options.out, 'bench.json'), `${JSON.stringify(figures, null, 2)}\n`);
  const table = markdown(figures);
  fs.writeFileSync(path.join(options.out, 'bench.md'), table);
  log(`\n${table}`);
  log(
    `written: ${path.join(options.out, 'bench.json')} and bench.md (${((Date.now() - started) / 1000).toFixed(0)} s in all)`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
