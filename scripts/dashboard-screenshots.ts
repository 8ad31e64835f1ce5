/**
 * `npm run dashboard:screenshots [-- --url http://localhost:4000] [--out docs/dashboard]`: opens every
 * page of the dashboard of a running hub (with `npm run demo`'s data) in Debian's Chromium and writes
 * a PNG of each; then measures how long the overview and the league table take until usable (from
 * navigation until the page says `data-state="ready"`, fresh browser context each time, median of 5)
 * and the size of what each page loads. The figures go to `<out>/measurements.json` and the terminal.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../shared/config';
import { projectPath } from '../shared/paths';
import { ensureDashboardBuilt } from './build-dashboard';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const config = loadConfig();
const origin = (argument('url') ?? `http://localhost:${config.gatewayPort}`).replace(/\/+(graphql)?$/, '');
const out = path.resolve(argument('out') ?? projectPath('docs', 'dashboard'));
const YEAR = 2020;

async function graph<T>(query: string): Promise<T> {
  const response = await fetch(`${origin}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data) throw new Error(`the graph at ${origin} answered: ${body.errors?.[0]?.message ?? response.status}`);
  return body.data;
}

async function fresh(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 });
  return context.newPage();
}

async function shoot(page: Page, name: string): Promise<void> {
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  process.stdout.write(`${path.relative(projectPath(), file)}\n`);
}

const ready = (page: Page, id: string) =>
  page.waitForSelector(`[data-page="${id}"][data-state="ready"]`, { timeout: 120_000 });

/** Milliseconds from navigation start until the page is ready, in a fresh context (cold cache). */
async function timeToUsable(browser: Browser, hash: string, id: string): Promise<number> {
  const page = await fresh(browser);
  await page.goto(`${origin}/${hash}`);
  await ready(page, id);
  const ms = (await page.evaluate('performance.now()')) as number;
  await page.context().close();
  return Math.round(ms);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The files an HTML page of the build loads (scripts, preloads, styles), raw and gzipped bytes. */
function pageWeight(html: string): { files: number; bytes: number; gzipBytes: number } {
  const dir = projectPath('dist', 'dashboard');
  const assets = [
    ...new Set(
      [...fs.readFileSync(path.join(dir, html), 'utf8').matchAll(/\/assets\/[A-Za-z0-9_.-]+/g)].map((m) => m[0]),
    ),
  ];
  const bodies = assets.map((asset) => fs.readFileSync(path.join(dir, asset)));
  return {
    files: assets.length,
    bytes: bodies.reduce((n, b) => n + b.length, 0),
    gzipBytes: bodies.reduce((n, b) => n + gzipSync(b).length, 0),
  };
}

async function main(): Promise<void> {
  // The gateway reads dist/dashboard/ on each request: a current build is what it serves.
  await ensureDashboardBuilt();
  const board = await graph<{
    assessmentBoard: {
      assessments: { rank: number; commune: { code: string }; assessment: { eligible: boolean; status: string } }[];
    };
  }>(
    `{ assessmentBoard(year: ${YEAR}) { assessments(sort: TOTAL_DESC) { rank commune { code } assessment { eligible status } } } }`,
  );
  const lines = board.assessmentBoard.assessments;
  if (lines.length === 0) throw new Error('the board is empty: run `npm run demo` first');
  // A commune that is complete but not eligible shows gaps and a useful what-if.
  const commune =
    (lines.find((l) => l.assessment.status === 'COMPLETE' && !l.assessment.eligible) ?? lines[0])?.commune.code ?? '';
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.HUB_TEST_CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const page = await fresh(browser);
    await page.goto(`${origin}/#/?year=${YEAR}`);
    await ready(page, 'overview');
    await shoot(page, 'overview');
    await page.goto(`${origin}/#/league?year=${YEAR}`);
    await ready(page, 'league');
    await shoot(page, 'league');
    await page.goto(`${origin}/#/league?year=${YEAR}&district=584&q=phuoc&sort=total&dir=desc`);
    await ready(page, 'league');
    await shoot(page, 'league-filtered');
    await page.goto(`${origin}/#/commune/${commune}?year=${YEAR}`);
    await ready(page, 'commune');
    const tryButton = await page.$('[data-try]');
    if (tryButton) {
      await tryButton.click();
      await page.click('#what-if-compute');
      await page.waitForSelector('#what-if-result, #what-if-error');
    }
    await shoot(page, 'commune');
    await page.goto(`${origin}/#/reports?year=${YEAR}`);
    await ready(page, 'reports');
    await shoot(page, 'reports');
    await page.goto(`${origin}/#/signin?year=${YEAR}`);
    await ready(page, 'signin');
    await shoot(page, 'signin');
    await page.click('[data-lang="en"]');
    await page.goto(`${origin}/#/?year=${YEAR}`);
    await ready(page, 'overview');
    await shoot(page, 'overview-en');
    await page.click('[data-lang="vi"]');
    await page.goto(`${origin}/graphql`);
    await page.waitForSelector('.graphiql-container');
    // The editor holds the first example once GraphiQL has set up its tabs: run it then.
    await page.locator('.graphiql-query-editor').filter({ hasText: 'communes' }).waitFor();
    await page.click('.graphiql-execute-button');
    await page.locator('.result-window').filter({ hasText: '"data"' }).waitFor();
    await shoot(page, 'explorer');
    await page.context().close();

    const overview: number[] = [];
    const league: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      overview.push(await timeToUsable(browser, `#/?year=${YEAR}`, 'overview'));
      league.push(await timeToUsable(browser, `#/league?year=${YEAR}`, 'league'));
    }
    const measurements = {
      measuredAt: new Date().toISOString(),
      year: YEAR,
      communes: lines.length,
      timeToUsableMs: {
        overview: { median: median(overview), runs: overview },
        league: { median: median(league), runs: league },
      },
      pageWeight: { dashboard: pageWeight('index.html'), explorer: pageWeight('explorer.html') },
    };
    fs.writeFileSync(path.join(out, 'measurements.json'), `${JSON.stringify(measurements, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(measurements, null, 2)}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
