/**
 * The dashboard's intake page (#/intake) in a real browser (Debian's Chromium through
 * playwright-core), served by the real gateway: a department's publisher, signed in, downloads its
 * template through the graph (the same file the graph gives), fills it in as a person would, runs
 * a dry run and reads the DHIS2-style summary with every row problem in Vietnamese, fixes the
 * file and imports it; the values are then in the graph. Waits are on the page's own state or an
 * element appearing, never on time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { publisher, startTestHub, type TestHub } from '../helpers/hub';
import { fillTemplate } from '../helpers/sheets';

jest.setTimeout(300_000);

let hub: TestHub;
let browser: Browser;
let origin: string;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub();
  origin = hub.gatewayUrl.replace(/\/graphql$/, '');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-page-'));
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signedIn(pathname: string): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      problems.push(`request outside the hub: ${url}`);
  });
  const token = (await hub.headersFor(publisher('YTE'))).authorization?.replace(/^Bearer /, '') ?? '';
  await page.goto(`${origin}/#/signin`);
  await page.fill('#credential', token);
  await page.click('#sign-in');
  await page.waitForSelector('[data-signed-in="true"]');
  await page.goto(`${origin}/${pathname}`);
  await page.waitForSelector('[data-page="intake"][data-state="ready"]');
  return { context, page, problems };
}

const yteValues = () =>
  hub.services.YTE.db.dataSource.query(
    'SELECT commune_code, indicator_code, numerator, denominator, count, flag FROM yte.indicator_value ORDER BY commune_code, indicator_code',
  );

/** What the department types: a full row for every indicator, one cell optionally wrong. */
const filler = (bad: boolean) => (row: { communeCode: string; indicator: string; kind: string }) => {
  if (row.kind === 'RATE')
    return { numerator: bad && row.communeCode === '22783' && row.indicator === '7.1' ? 'mười' : 90, denominator: 100 };
  if (row.kind === 'COUNT') return { count: 0 };
  if (row.kind === 'BOOLEAN') return { value: 'Có' };
  return undefined;
};

describe('the intake page', () => {
  it("downloads the template through the graph, shows a dry run's problems in Vietnamese by row and column, then imports the fixed file", async () => {
    const { context, page, problems } = await signedIn('#/intake?year=2020');
    try {
      // The signed-in publisher's department is chosen; the year's criteria set is named.
      expect(await page.inputValue('#intake-department')).toBe('YTE');
      expect(await page.textContent('[data-intake="set"]')).toBe('QD06-2019');
      await page.selectOption('#intake-district', '584');
      await page.selectOption('#intake-format', 'XLSX');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#intake-template')]);
      const file = path.join(dir, download.suggestedFilename());
      await download.saveAs(file);
      // The file is the graph's own template of the district.
      const graphTemplate = await hub.query<{ yteTemplate: { fileName: string; rows: number } }>(
        '{ yteTemplate(input: { criteriaSetId: "QD06-2019", year: 2020, districtCode: "584", format: XLSX }) { fileName rows } }',
        {},
        publisher('YTE'),
      );
      expect(download.suggestedFilename()).toBe(graphTemplate.body.data?.yteTemplate.fileName);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      expect((workbook.worksheets[0]?.actualRowCount ?? 0) - 1).toBe(graphTemplate.body.data?.yteTemplate.rows);
      expect(await page.textContent('[data-intake="note"]')).toContain(
        `${graphTemplate.body.data?.yteTemplate.rows} dòng`,
      );

      // A dry run of a file with one wrong cell: ERROR, nothing written, the problem by row and column in Vietnamese.
      const wrong = path.join(dir, 'yte-584-2020-wrong.xlsx');
      fs.writeFileSync(wrong, await fillTemplate(fs.readFileSync(file), 'XLSX', filler(true)));
      await page.setInputFiles('#intake-file', wrong);
      await page.click('#intake-dry-run');
      await page.waitForSelector('[data-intake="report"][data-status="ERROR"]');
      const problemRows = await page.$$eval('[data-table="intake-problems"] tbody tr', (trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-severity'),
          tr.querySelector('[data-col="column"]')?.textContent,
          tr.getAttribute('data-code'),
          tr.querySelector('[data-col="message"]')?.textContent,
        ]),
      );
      expect(problemRows).toEqual([['ERROR', 'G (Tử số)', 'NOT_A_NUMBER', '"mười" ở cột "Tử số" không phải là số']]);
      expect(await page.getAttribute('[data-intake="report"]', 'data-applied')).toBe('false');
      expect(await page.textContent('[data-intake="outcome"]')).toBe('Kiểm tra thử: không có gì được ghi');
      expect(await yteValues()).toEqual([]);

      // The fixed file: a dry run says OK, and the import writes one publication.
      const fixed = path.join(dir, 'yte-584-2020.xlsx');
      fs.writeFileSync(fixed, await fillTemplate(fs.readFileSync(file), 'XLSX', filler(false)));
      await page.setInputFiles('#intake-file', fixed);
      await page.click('#intake-dry-run');
      await page.waitForSelector('[data-intake="report"][data-status="OK"][data-dry-run="true"]');
      await page.click('#intake-import');
      await page.waitForSelector('[data-intake="report"][data-applied="true"]');
      const counts = Object.fromEntries(
        await page.$$eval('[data-table="intake-summary"] tr', (trs) =>
          trs.map((tr) => [tr.getAttribute('data-count'), tr.querySelector('td')?.textContent]),
        ),
      );
      const stored = await yteValues();
      expect(stored.length).toBeGreaterThan(0);
      expect(counts).toEqual({
        created: String(stored.length),
        updated: '0',
        unchanged: '0',
        rejected: '0',
        ignored: expect.any(String),
        warnings: '0',
      });
      const graphValues = await hub.query<{
        commune: { year: { yte: { indicator: string; numerator: number | null }[] } };
      }>('{ commune(code: "22783") { year(year: 2020) { yte { indicator numerator } } } }', {}, publisher('YTE'));
      expect(graphValues.body.data?.commune.year.yte.find((v) => v.indicator === '7.1')?.numerator).toBe(90);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a refused call shows the graph's Vietnamese: Sở Y tế's publisher may not import Sở GD&ĐT's sheet", async () => {
    const { context, page, problems } = await signedIn('#/intake?year=2020');
    try {
      await page.selectOption('#intake-department', 'GDDT');
      const file = path.join(dir, 'gddt.csv');
      fs.writeFileSync(file, 'Mã xã,Mã chỉ tiêu,Tử số,Mẫu số\n22783,10.1,90,100\n');
      await page.setInputFiles('#intake-file', file);
      await page.click('#intake-dry-run');
      await page.waitForSelector('[data-intake="error"]');
      expect(await page.textContent('[data-intake="error"]')).toMatch(/\(FORBIDDEN\)$/);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
