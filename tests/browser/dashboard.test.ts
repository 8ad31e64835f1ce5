/**
 * The dashboard and the explorer in a real browser (Debian's Chromium through playwright-core),
 * served by the real gateway of a hub whose data was published through the public mutations:
 * each page loads and shows what the graph answers to the same question; filters, search without
 * diacritics, sorting, navigation and the what-if panel work; downloads hold the rows shown; the
 * public never sees sensitive raw figures and a district officer sees only its own district's;
 * the offline explorer runs a query; keyboard and labels work.
 *
 * Waits are on the page's own `data-state="ready"` (or an element appearing), never on time.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { communeRows, CRITERION_3_AT_ZERO, type Inputs } from '../fixtures/qd06';
import { projectPath } from '../../shared/paths';
import { launchBrowser } from '../helpers/browser';
import { communeOfficer, districtOfficer, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';
import { throughRecognisingSteps } from '../helpers/procedure';
import { mergeRows, publishYear } from '../helpers/publishing';

let hub: TestHub;
let browser: Browser;
let origin: string;

const A = '22783'; // Phước Bình, Bác Ái (584): every value at its best, recognised 2019–2021
const C = '22789'; // Phước Tân, Bác Ái: 3.1 = 2 and 3.2 = 3 children (sensitive), criterion 3 at zero; 7.1 at 50/60
const D = '22738'; // Đô Vinh, Phan Rang-Tháp Chàm (582): 4.1 = 7 (sensitive)
const E = '22741'; // Phước Mỹ, Phan Rang-Tháp Chàm: Sở Y tế published nothing (missing, never 0)
const BAC_AI = districtOfficer('584');
const YEARS = [2019, 2020, 2021];

async function step(who: TestIdentity, mutation: string, variables: Record<string, unknown>): Promise<void> {
  const result = await hub.query(mutation, variables, who);
  expect(result.body.errors).toBeUndefined();
}

/** Register → self-assess → submit (commune officer) → the district's steps → recognise (district officer). */
async function recognise(commune: string, year: number): Promise<void> {
  const officer = communeOfficer(commune);
  await step(officer, 'mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { state } }', {
    c: commune,
    y: year,
  });
  await step(officer, 'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }', {
    i: {
      commune,
      year,
      meetingDate: `${year}-12-10`,
      requestLetter: `Tờ trình ${year}`,
      assessmentReport: `Báo cáo ${year}`,
      dataSourceExplanation: 'Giải trình nguồn số liệu',
      councilMinutes: `Biên bản ${year}`,
    },
  });
  await step(officer, 'mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { state } }', {
    c: commune,
    y: year,
  });
  expect(await throughRecognisingSteps(hub, commune, year, BAC_AI, `${year + 1}-01-15`)).toBeNull();
  await step(BAC_AI, 'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }', {
    i: {
      commune,
      year,
      decisionNumber: `${year}/QĐ-UBND-${commune}`,
      decisionDate: `${year + 1}-01-15`,
      signer: 'Chủ tịch UBND huyện Bác Ái',
    },
  });
}

const ZERO_3: Record<string, Inputs> = { ...CRITERION_3_AT_ZERO, '7.1': { numerator: 50, denominator: 60 } };

beforeAll(async () => {
  hub = await startTestHub();
  origin = hub.gatewayUrl.replace(/\/graphql$/, '');
  for (const year of YEARS) {
    await publishYear(
      hub,
      year,
      mergeRows(
        communeRows(A),
        communeRows(C, ZERO_3),
        communeRows(D, { '4.1': { count: 7 } }),
        communeRows(E, {}, ['YTE']),
      ),
    );
    await recognise(A, year);
  }
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

/** A fresh browser context (own storage) for each test; `token` signs in through the sign-in page. */
async function open(path: string, token?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // Nothing a page loads comes from anywhere but the hub (it works offline).
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      problems.push(`request outside the hub: ${url}`);
  });
  if (token) {
    await page.goto(`${origin}/#/signin`);
    await page.fill('#credential', token);
    await page.click('#sign-in');
    await page.waitForSelector('[data-signed-in="true"]');
  }
  await page.goto(`${origin}/${path}`);
  (page as unknown as { problems: string[] }).problems = problems;
  return { context, page };
}

const problemsOf = (page: Page) => (page as unknown as { problems: string[] }).problems;

const ready = (page: Page, id: string) => page.waitForSelector(`[data-page="${id}"][data-state="ready"]`);

const fold = (s: string) =>
  s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();

type Board = {
  assessmentBoard: {
    assessments: {
      rank: number;
      commune: { code: string; name: string; district: { code: string } };
      assessment: { total: number; criteria: { number: number; points: number; indicators: { state: string }[] }[] };
    }[];
  };
};

async function board(year: number): Promise<Board['assessmentBoard']['assessments']> {
  const result = await hub.query<Board>(
    `query($y: Int!) { assessmentBoard(year: $y) { assessments(sort: TOTAL_DESC) { rank commune { code name district { code } } assessment { total criteria { number points indicators { state } } } } } }`,
    { y: year },
  );
  expect(result.body.errors).toBeUndefined();
  return result.body.data?.assessmentBoard.assessments ?? [];
}

/** The commune codes of the league table's rows, in the order shown. */
const shownCodes = (page: Page) =>
  page.$$eval('[data-table="league"] tbody tr', (rows) => rows.map((r) => r.getAttribute('data-commune')));

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), (i += 1));
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n') (row.push(field.replace(/\r$/, '')), rows.push(row), (row = []), (field = ''));
    else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

describe('the gateway serves the dashboard and the explorer beside the graph', () => {
  it('GET / is the dashboard; GET /graphql from a browser is the explorer; a GET with a query and POST stay GraphQL', async () => {
    const home = await fetch(`${origin}/`);
    expect([home.status, home.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(home.headers.get('content-security-policy')).toContain("connect-src 'self'");
    expect(await home.text()).toContain('<div id="app">');
    const explorer = await fetch(`${origin}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect([explorer.status, (await explorer.text()).includes('id="explorer"')]).toEqual([200, true]);
    const get = await fetch(`${origin}/graphql?query=${encodeURIComponent('{ provinces { code } }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual({ data: { provinces: [{ code: '58' }] } });
    const post = await hub.query('{ provinces { code } }');
    expect(post).toEqual({ status: 200, body: { data: { provinces: [{ code: '58' }] } } });
    expect((await fetch(`${origin}/assets/..%2Fpackage.json`)).status).toBe(404);
    expect((await fetch(`${origin}/nope`)).status).toBe(404);
  });
});

describe('province overview', () => {
  it('shows the share against the target, the newly recognised and every district as the graph answers; sorts; links to the district', async () => {
    const { context, page } = await open('#/?year=2021');
    await ready(page, 'overview');
    type Measure = { count: number | null; position: string };
    const answer = await hub.query<{
      recognitionOverview: {
        province: {
          sharePct: string;
          recognised: number;
          communes: number;
          status: string;
          netChange: Measure;
          firstEver: Measure;
          returns: Measure;
          dropOuts: Measure;
          explanationVi: string;
        };
        districts: {
          district: { code: string };
          progress: {
            communes: number;
            recognised: number;
            sharePct: string;
            netChange: Measure;
            firstEver: Measure;
            returns: Measure;
            dropOuts: Measure;
          };
        }[];
      };
    }>(
      `{ recognitionOverview(year: 2021) { province { sharePct recognised communes status netChange { count position } firstEver { count position } returns { count position } dropOuts { count position } explanationVi }
           districts { district { code } progress { communes recognised sharePct netChange { count position } firstEver { count position } returns { count position } dropOuts { count position } } } } }`,
    );
    const overview = answer.body.data?.recognitionOverview;
    expect(overview?.province.recognised).toBe(1);
    expect(await page.textContent('[data-figure="share"] .big')).toBe(
      `${overview?.province.sharePct.replace('.', ',')} %`,
    );
    // The year's growth is the graph's one computation: net change (its position against the band), first-ever, returns, drop-outs.
    const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n > 0 ? `+${n}` : String(n));
    expect(await page.textContent('[data-figure="net-count"]')).toBe(count(overview?.province.netChange.count));
    expect(await page.getAttribute('[data-figure="net"]', 'data-figure')).toBe('net');
    expect([
      await page.textContent('[data-figure="first-ever"]'),
      await page.textContent('[data-figure="returns"]'),
      await page.textContent('[data-figure="drop-outs"]'),
    ]).toEqual(
      [overview?.province.firstEver.count, overview?.province.returns.count, overview?.province.dropOuts.count].map(
        (n) => (n === null || n === undefined ? '—' : String(n)),
      ),
    );
    expect(await page.textContent('[data-figure="explanation"]')).toBe(overview?.province.explanationVi);
    const rows = await page.$$eval('[data-table="districts"] tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-district'),
        tr.querySelector('[data-col="communes"]')?.textContent,
        tr.querySelector('[data-col="recognised"]')?.textContent,
        tr.querySelector('[data-col="share"]')?.textContent,
        tr.querySelector('[data-col="net"]')?.getAttribute('data-position'),
        tr.querySelector('[data-col="firstEver"]')?.textContent,
        tr.querySelector('[data-col="returns"]')?.textContent,
        tr.querySelector('[data-col="dropOuts"]')?.textContent,
      ]),
    );
    const shown = (n: number | null) => (n === null ? '—' : String(n));
    expect(rows.sort()).toEqual(
      overview?.districts
        .map((d) => [
          d.district.code,
          String(d.progress.communes),
          String(d.progress.recognised),
          `${d.progress.sharePct.replace('.', ',')} %`,
          d.progress.netChange.position,
          shown(d.progress.firstEver.count),
          shown(d.progress.returns.count),
          shown(d.progress.dropOuts.count),
        ])
        .sort(),
    );
    // Sorting by share, highest first: Bác Ái (the only district with a recognised commune) leads.
    await page.click('[data-table="districts"] [data-sort="share"]');
    expect(await page.getAttribute('[data-table="districts"] th:has([data-sort="share"])', 'aria-sort')).toBe(
      'descending',
    );
    expect(await page.getAttribute('[data-table="districts"] tbody tr:first-child', 'data-district')).toBe('584');
    // The chart's table holds one row per year, 2015–2021.
    expect(await page.$$eval('[data-chart-table="share-chart"] tbody tr', (trs) => trs.length)).toBe(7);
    // The district links to its league table.
    await page.click('[data-district="584"] a');
    await ready(page, 'league');
    expect(new Set((await shownCodes(page)).map((code) => code?.slice(0, 5)))).toEqual(
      new Set((await board(2021)).filter((r) => r.commune.district.code === '584').map((r) => r.commune.code)),
    );
    expect(await page.inputValue('#filter-district')).toBe('584');
    expect((page as unknown as { problems: string[] }).problems).toEqual([]);
    await context.close();
  });
});

describe('league table', () => {
  it('shows every commune with the graph’s rank, total and criterion points; missing is “thiếu”, never 0', async () => {
    const { context, page } = await open('#/league?year=2020');
    await ready(page, 'league');
    const expected = await board(2020);
    expect(await shownCodes(page)).toEqual(expected.map((r) => r.commune.code));
    const cells = await page.$$eval('[data-table="league"] tbody tr', (trs) =>
      trs.map((tr) => ({
        code: tr.getAttribute('data-commune'),
        rank: tr.querySelector('[data-col="rank"]')?.textContent,
        total: tr.querySelector('[data-col="total"]')?.getAttribute('data-value'),
        criteria: [...tr.querySelectorAll('[data-col^="c"]')].map((td) => [
          td.getAttribute('data-col'),
          td.getAttribute('data-value'),
          td.textContent,
        ]),
      })),
    );
    for (const [i, row] of expected.entries()) {
      const scored = row.assessment.criteria.some((c) => c.indicators.some((x) => x.state === 'SCORED'));
      expect(cells[i]).toEqual({
        code: row.commune.code,
        rank: String(row.rank),
        total: scored ? String(row.assessment.total) : '',
        criteria: row.assessment.criteria.map((c) => {
          const missing = c.indicators.every((x) => x.state !== 'SCORED');
          return [
            `c${c.number}`,
            missing ? '' : String(c.points),
            missing
              ? 'thiếu'
              : `${c.points.toLocaleString('vi-VN')}${c.indicators.some((x) => x.state !== 'SCORED') ? '*' : ''}`,
          ];
        }),
      });
    }
    // A commune with nothing published: every criterion missing, the total too.
    const empty = cells.find((r) => r.code === '22792');
    expect(empty?.criteria.every(([, value, text]) => value === '' && text === 'thiếu')).toBe(true);
    // Criterion 3 of Phước Tân scored 0 (2 and 3 cases): a real 0, shown as 0.
    expect(cells.find((r) => r.code === C)?.criteria.find(([col]) => col === 'c3')).toEqual(['c3', '0', '0']);
    // Phước Mỹ: Sở Y tế's criteria (5, 7, 8, 9) are missing.
    expect(
      cells
        .find((r) => r.code === E)
        ?.criteria.filter(([, value]) => value === '')
        .map(([col]) => col),
    ).toEqual(['c5', 'c7', 'c8', 'c9']);
    expect(await page.textContent('.set')).toContain('tạm thời');
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('filters by district, category and recognition state, finds names without diacritics, sorts by column', async () => {
    const { context, page } = await open('#/league?year=2020');
    await ready(page, 'league');
    const expected = await board(2020);
    await page.selectOption('#filter-district', '582');
    expect(await shownCodes(page)).toEqual(
      expected.filter((r) => r.commune.district.code === '582').map((r) => r.commune.code),
    );
    await page.selectOption('#filter-district', '');
    await page.selectOption('#filter-state', 'RECOGNISED');
    expect(await shownCodes(page)).toEqual([A]);
    await page.selectOption('#filter-state', '');
    const categories = await hub.query<{ communes: { code: string; category: { category: string } | null }[] }>(
      '{ communes { code category(year: 2020) { category } } }',
    );
    await page.selectOption('#filter-category', 'MOUNTAIN_ISLAND_DISADVANTAGED');
    const mountain = new Set(
      categories.body.data?.communes
        .filter((c) => c.category?.category === 'MOUNTAIN_ISLAND_DISADVANTAGED')
        .map((c) => c.code),
    );
    expect(mountain.size).toBeGreaterThan(0);
    expect(new Set(await shownCodes(page))).toEqual(mountain);
    await page.selectOption('#filter-category', '');
    await page.fill('#search', 'Phuoc Hoa');
    expect(await shownCodes(page)).toEqual(
      expected.filter((r) => r.commune.name === 'Phước Hòa').map((r) => r.commune.code),
    );
    await page.fill('#search', 'phuoc');
    const phuoc = expected.filter((r) => fold(r.commune.name).includes('phuoc')).map((r) => r.commune.code);
    expect(phuoc.length).toBeGreaterThan(5);
    expect(await shownCodes(page)).toEqual(phuoc);
    await page.fill('#search', 'PHƯỚC BÌNH');
    expect(await shownCodes(page)).toEqual([A]);
    await page.fill('#search', '');
    // Sorting by commune name, A→Z then Z→A, in Vietnamese order.
    await page.click('[data-sort="name"]');
    const names = await page.$$eval('[data-table="league"] tbody [data-col="name"]', (ths) =>
      ths.map((th) => th.textContent ?? ''),
    );
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'vi')));
    await page.click('[data-sort="name"]');
    expect(
      await page.$$eval('[data-table="league"] tbody [data-col="name"]', (ths) =>
        ths.map((th) => th.textContent ?? ''),
      ),
    ).toEqual([...names].reverse());
    // Sorting by criterion 3, highest first: missing values stay last.
    await page.click('[data-sort="c3"]');
    const c3 = await page.$$eval('[data-table="league"] tbody [data-col="c3"]', (tds) =>
      tds.map((td) => td.getAttribute('data-value')),
    );
    const numbers = c3.filter((v) => v !== '').map(Number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    expect(c3.slice(numbers.length).every((v) => v === '')).toBe(true);
    await context.close();
  });

  it('downloads CSV and XLSX files holding exactly the rows shown', async () => {
    const { context, page } = await open('#/league?year=2020&district=584&sort=name');
    await ready(page, 'league');
    const shown = await page.$$eval('[data-table="league"] tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-commune'),
        tr.querySelector('[data-col="name"]')?.textContent,
        tr.querySelector('[data-col="total"]')?.getAttribute('data-value'),
      ]),
    );
    expect(shown.length).toBe((await board(2020)).filter((r) => r.commune.district.code === '584').length);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="csv"]')]);
    expect(csvDownload.suggestedFilename()).toBe('bang-xep-hang-2020-huyen-584.csv');
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    const header = rows[0] ?? [];
    expect(header.slice(0, 5)).toEqual(['Hạng', 'Mã', 'Xã', 'Huyện', 'Loại']);
    const totalAt = header.indexOf('Tổng điểm');
    expect(rows.slice(1).map((r) => [r[1], r[2], r[totalAt]])).toEqual(shown);
    const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="xlsx"]')]);
    expect(xlsxDownload.suggestedFilename()).toBe('bang-xep-hang-2020-huyen-584.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsxDownload.path());
    const sheet = workbook.worksheets[0];
    const values: (string | number | null)[][] = [];
    sheet?.eachRow({ includeEmpty: false }, (row) =>
      values.push(header.map((_, i) => (row.getCell(i + 1).value as string | number | null) ?? null)),
    );
    expect(values[0]).toEqual(header);
    expect(values.slice(1).map((r) => [r[1], r[2], r[totalAt] === null ? '' : String(r[totalAt])])).toEqual(shown);
    // Missing criteria are empty cells in both files, never 0.
    const c5 = header.indexOf('Tiêu chí 5');
    const empty = rows.slice(1).find((r) => r[1] === '22792');
    expect([empty?.[c5], values.slice(1).find((r) => r[1] === '22792')?.[c5]]).toEqual(['', null]);
    await context.close();
  });
});

describe('commune page', () => {
  it('shows the assessment, explanation, gaps, trend, recognition history, streak and reward as the graph answers', async () => {
    const { context, page } = await open(`#/commune/${A}?year=2021`);
    await ready(page, 'commune');
    const answer = await hub.query<{
      commune: {
        recognitionStreak: number;
        year: {
          assessment: {
            total: number;
            explanation: string;
            criteria: { indicators: { code: string }[] }[];
            conditions: { code: string; figures: { total: number; required: number; category: string } }[];
          };
        };
      };
    }>(
      `{ commune(code: "${A}") { recognitionStreak(year: 2021) year(year: 2021) { assessment { total explanation criteria { indicators { code } } conditions { code figures } } } } }`,
    );
    const commune = answer.body.data?.commune;
    expect(await page.textContent('[data-figure="total"] .big')).toBe(
      `${commune?.year.assessment.total.toLocaleString('vi-VN')} / 1.000`,
    );
    expect(await page.textContent('[data-figure="explanation"]')).toBe(commune?.year.assessment.explanation);
    // A condition's figures, a JSON object in the graph, are written out field by field.
    const minimum = commune?.year.assessment.conditions.find((c) => c.code === 'MINIMUM_TOTAL')?.figures;
    const shown = await page.textContent('[data-condition="MINIMUM_TOTAL"] .note');
    for (const part of [
      `total ${minimum?.total.toLocaleString('vi-VN')}`,
      `required ${minimum?.required}`,
      `category ${minimum?.category}`,
    ])
      expect(shown).toContain(part);
    expect(await page.textContent('[data-figure="streak"] .big')).toBe('3');
    expect(await page.textContent('[data-figure="rewards"]')).toContain('Khen thưởng của huyện');
    expect(
      await page.$$eval('[data-table="indicators"] tr[data-indicator]', (trs) =>
        trs.map((tr) => tr.getAttribute('data-indicator')),
      ),
    ).toEqual(commune?.year.assessment.criteria.flatMap((c) => c.indicators.map((i) => i.code)));
    // Trend 2015–2021 and the decisions of 2019–2021.
    expect(await page.$$eval('[data-chart-table="trend-chart"] tbody tr', (trs) => trs.length)).toBe(7);
    const years = await page.$$eval('[data-table="years"] tbody tr', (trs) =>
      trs.map((tr) => [tr.getAttribute('data-year'), tr.querySelector('[data-col="state"]')?.textContent]),
    );
    expect(years.slice(0, 4)).toEqual([
      ['2021', 'Đạt chuẩn'],
      ['2020', 'Đạt chuẩn'],
      ['2019', 'Đạt chuẩn'],
      ['2018', 'chưa đăng ký'],
    ]);
    expect(await page.textContent('[data-year="2020"] [data-col="decision"]')).toContain('2020/QĐ-UBND-22783');
    expect(
      await page.$$eval('[data-table="events"] li', (lis) => lis.map((li) => li.getAttribute('data-action'))),
    ).toEqual([
      'REGISTER',
      'SELF_ASSESS',
      'SUBMIT',
      'ACCEPT_DOSSIER',
      'APPRAISE',
      'COUNCIL_REVIEW',
      'POST',
      'RECOGNISE',
    ]);
    expect(problemsOf(page)).toEqual([]);
    await context.close();
  });

  it('the what-if panel answers as whatIf does, from a gap or typed values, and names invalid input', async () => {
    const { context, page } = await open(`#/commune/${C}?year=2020`);
    await ready(page, 'commune');
    expect(await page.getAttribute('[data-condition="NO_CRITERION_AT_ZERO"]', 'data-met')).toBe('false');
    // The public sees no gap of a sensitive indicator (it would reveal the count); 7.1's is there.
    expect(await page.$$eval('[data-gap]', (lis) => lis.map((li) => li.getAttribute('data-gap')))).not.toContain('3.1');
    await page.click('[data-try="7.1"]');
    await page.click('#what-if-add');
    await page.selectOption('#wi-1-indicator', '3.1');
    await page.fill('#wi-1-count', '0');
    await page.click('#what-if-compute');
    await page.waitForSelector('#what-if-result');
    const gap = await hub.query<{
      commune: {
        year: { assessment: { gaps: { indicator: string; needed: { numerator: number; denominator: number } }[] } };
      };
    }>(
      `{ commune(code: "${C}") { year(year: 2020) { assessment { gaps { indicator needed { numerator denominator } } } } } }`,
    );
    const needed = gap.body.data?.commune.year.assessment.gaps.find((g) => g.indicator === '7.1')?.needed;
    expect(await page.inputValue('#wi-0-numerator')).toBe(String(needed?.numerator));
    const whatIf = await hub.query<{ commune: { year: { whatIf: { total: number; eligible: boolean } } } }>(
      `query($o: [IndicatorOverrideInput!]!) { commune(code: "${C}") { year(year: 2020) { whatIf(overrides: $o) { total eligible } } } }`,
      {
        o: [
          { indicator: '7.1', ...needed },
          { indicator: '3.1', count: 0 },
        ],
      },
    );
    const expected = whatIf.body.data?.commune.year.whatIf;
    expect(await page.getAttribute('#what-if-result', 'data-total')).toBe(String(expected?.total));
    expect(await page.getAttribute('#what-if-result', 'data-eligible')).toBe(String(expected?.eligible));
    // A numerator above its denominator: the graph's coded refusal, shown.
    await page.fill('#wi-0-numerator', '70');
    await page.click('#what-if-compute');
    await page.waitForSelector('#what-if-error');
    expect(await page.textContent('#what-if-error')).toMatch(/7\.1/);
    await context.close();
  });
});

describe('sensitive figures', () => {
  const inputsOf = (page: Page, code: string) => page.textContent(`[data-indicator="${code}"] [data-col="inputs"]`);

  it('the public sees points but never the raw counts of Công an tỉnh', async () => {
    const { context, page } = await open(`#/commune/${C}?year=2020`);
    await ready(page, 'commune');
    expect(await page.getAttribute('[data-indicator="3.1"]', 'data-withheld')).toBe('true');
    expect([await inputsOf(page, '3.1'), await inputsOf(page, '3.2')]).toEqual([
      'ẩn (số liệu nhạy cảm)',
      'ẩn (số liệu nhạy cảm)',
    ]);
    expect(await page.textContent('[data-indicator="3.1"] [data-col="points"]')).toMatch(/^0 \/ /);
    await page.goto(`${origin}/#/commune/${D}?year=2020`);
    await ready(page, 'commune');
    expect(await inputsOf(page, '4.1')).toBe('ẩn (số liệu nhạy cảm)');
    await context.close();
  });

  it('a district officer, signed in with a pasted token, sees its own district’s raw counts and no other’s', async () => {
    const token = (await hub.headersFor(BAC_AI)).authorization?.replace(/^Bearer /, '') ?? '';
    const { context, page } = await open(`#/commune/${C}?year=2020`, token);
    await ready(page, 'commune');
    expect(await page.getAttribute('.who', 'data-who')).toBe('DISTRICT_OFFICER');
    expect([await inputsOf(page, '3.1'), await inputsOf(page, '3.2')]).toEqual(['2', '3']);
    await page.goto(`${origin}/#/commune/${D}?year=2020`);
    await ready(page, 'commune');
    expect(await inputsOf(page, '4.1')).toBe('ẩn (số liệu nhạy cảm)');
    // A refused credential is not kept.
    await page.goto(`${origin}/#/signin`);
    await page.click('#sign-out');
    await page.fill('#credential', 'not-a-token');
    await page.click('#sign-in');
    await page.waitForSelector('.signin [role="alert"]');
    expect(await page.evaluate("sessionStorage.getItem('cfc-credential')")).toBeNull();
    await context.close();
  });
});

describe('sign-in with an API key', () => {
  it('a department system’s key (X-Api-Key) shows that department’s figures in every district', async () => {
    const { key } = await hub.apiKeys.create(
      { label: 'Hệ thống Công an tỉnh', role: 'DEPARTMENT_PUBLISHER', department: 'CONGAN' },
      { name: 'dashboard test', role: 'SYSTEM', requestId: 'dashboard-test' },
    );
    const { context, page } = await open(`#/commune/${D}?year=2020`, key);
    await ready(page, 'commune');
    expect(await page.getAttribute('.who', 'data-who')).toBe('API_KEY');
    expect(await page.textContent(`[data-indicator="4.1"] [data-col="inputs"]`)).toBe('7');
    await page.goto(`${origin}/#/commune/${C}?year=2020`);
    await ready(page, 'commune');
    expect(await page.textContent(`[data-indicator="3.2"] [data-col="inputs"]`)).toBe('3');
    await context.close();
  });
});

describe('reports and deadlines', () => {
  it('lists every report with its deadline status and downloads the graph’s own DOCX, CSV and XLSX', async () => {
    const { context, page } = await open('#/reports?year=2020');
    await ready(page, 'reports');
    const answer = await hub.query<{ reportDeadlines: { scope: string; status: string }[]; report: { csv: string } }>(
      '{ reportDeadlines(year: 2020) { scope status } report(year: 2020, districtCode: "584") { csv } }',
    );
    const statuses = await page.$$eval('[data-table="reports"] tbody tr', (trs) =>
      trs.map((tr) => [
        tr.getAttribute('data-scope'),
        tr.querySelector('[data-col="status"]')?.getAttribute('data-value'),
      ]),
    );
    expect(statuses).toEqual(answer.body.data?.reportDeadlines.map((r) => [r.scope, r.status]));
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-scope="district:584"] [data-download="csv"]'),
    ]);
    expect(csvDownload.suggestedFilename()).toBe('bao-cao-huyen-584-2020.csv');
    const withoutTime = (text: string) => text.split('\n').filter((line) => !line.includes('Thời điểm lập'));
    expect(withoutTime(fs.readFileSync(await csvDownload.path(), 'utf8'))).toEqual(
      withoutTime(answer.body.data?.report.csv ?? ''),
    );
    const [docxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-scope="district:584"] [data-download="docx"]'),
    ]);
    expect(docxDownload.suggestedFilename()).toBe('bao-cao-huyen-584-2020.docx');
    const docx = fs.readFileSync(await docxDownload.path());
    expect(docx.subarray(0, 2).toString('latin1')).toBe('PK');
    const [xlsxDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-scope="province:58"] [data-download="xlsx"]'),
    ]);
    expect(xlsxDownload.suggestedFilename()).toBe('bao-cao-tinh-58-2020.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await xlsxDownload.path());
    const summary = workbook.worksheets[0];
    const unit: unknown[] = [];
    summary?.eachRow((row) => row.getCell(1).value === 'Đơn vị' && unit.push(row.getCell(2).value));
    expect(unit).toEqual(['Tỉnh Ninh Thuận (58)']);
    await context.close();
  });
});

describe('explorer', () => {
  it('runs a README example offline, in the browser, against the graph', async () => {
    const { context, page } = await open('graphql');
    const external: string[] = [];
    page.on(
      'request',
      (request) =>
        !request.url().startsWith(origin) &&
        !request.url().startsWith('data:') &&
        !request.url().startsWith('blob:') &&
        external.push(request.url()),
    );
    await page.reload();
    await page.waitForSelector('.graphiql-container');
    // One tab per example operation of the README.
    const examples = fs.readFileSync(projectPath('README.md'), 'utf8').match(/```graphql\n/g)?.length;
    expect(examples).toBeGreaterThanOrEqual(5);
    expect(await page.$$eval('.graphiql-tab', (els) => els.length)).toBe(examples);
    // The first tab: the README's first query, the department path's last step — Bác Ái's communes
    // with Sở Y tế's values and their approval. The editor holds the first example once GraphiQL
    // has set up its tabs: run it then.
    await page.locator('.graphiql-query-editor').filter({ hasText: 'yteApproval' }).waitFor();
    await page.click('.graphiql-execute-button');
    await page.locator('.result-window').filter({ hasText: '"communes"' }).waitFor();
    const result = (await page.textContent('.result-window')) ?? '';
    // The result editor shows its first lines only: Phước Bình's first values.
    expect(result).toContain(`"code": "${A}"`);
    expect(result).toContain('"publishedBy": "yte-system"');
    expect(external).toEqual([]);
    await context.close();
  });
});

describe('keyboard, labels and language', () => {
  it('every control has a label; the skip link and the menu work from the keyboard; English switches the words, not the number format', async () => {
    const { context, page } = await open('#/league?year=2020');
    await ready(page, 'league');
    const unlabelled = await page.$$eval('input, select, textarea, button', (els) =>
      els
        .filter(
          (el) =>
            !(
              (el as unknown as { labels?: { length: number } }).labels?.length ||
              el.getAttribute('aria-label') ||
              el.textContent?.trim()
            ),
        )
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.className')).toBe('skip');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement?.id')).toBe('main');
    await page.focus('[data-nav="reports"]');
    await page.keyboard.press('Enter');
    await ready(page, 'reports');
    await page.click('[data-lang="en"]');
    expect(await page.textContent('[data-nav="league"]')).toBe('League table');
    await page.click('[data-nav="league"]');
    await ready(page, 'league');
    expect(await page.textContent('#shown-count')).toBe('65 / 65 communes shown');
    expect(await page.textContent(`[data-commune="${A}"] [data-col="total"]`)).toBe('1.000 / 1.000');
    await context.close();
  });
});
