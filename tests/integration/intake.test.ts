/**
 * Department intake through the gateway: templates per department and format round-tripped
 * (generate, fill, import, see the values in the graph); broken sheets store nothing and report
 * every problem with its sheet row and column; a file beyond one call's row limit is one
 * all-or-nothing publication; the graph's own upload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DEPARTMENTS, type Department } from '../../shared/departments';
import type { SheetFormat } from '../../shared/intake/sheet';
import { downloadTemplate, importFile, type GraphTarget } from '../../scripts/intake-client';
import { admin, publisher, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';
import { csvSheet, fillTemplate } from '../helpers/sheets';

let hub: TestHub;
let dir: string;

beforeAll(async () => {
  hub = await startTestHub({ maxPublishRows: 50 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-'));
});

afterAll(async () => {
  await hub?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const publisherOf = (d: Department): TestIdentity => (d.code === 'LDTBXH' ? admin() : publisher(d.code));
const targetFor = async (who: TestIdentity): Promise<GraphTarget> => ({
  url: hub.gatewayUrl,
  headers: await hub.headersFor(who),
});

/** Deterministic values for a template row, by kind. */
function valueFor(row: { communeCode: string; indicator: string; kind: string; sheetRow: number }) {
  const n = Number(row.communeCode.slice(-2)) + row.sheetRow;
  switch (row.kind) {
    case 'RATE':
      return { numerator: 90 + (n % 10), denominator: 100, sourceRef: `Sổ ${row.indicator}` };
    case 'COUNT':
      return { count: n % 3 };
    case 'BOOLEAN':
      return { value: n % 2 === 0 ? 'Có' : 'Không' };
    default:
      return { grade: 'A', note: 'đã họp' };
  }
}

async function snapshot(d: Department): Promise<unknown> {
  const ds = hub.services[d.code].db.dataSource;
  return {
    values: await ds.query(`SELECT * FROM "${d.slug}".indicator_value ORDER BY id`),
    revisions: await ds.query(`SELECT count(*)::int AS n FROM "${d.slug}".indicator_value_revision`),
    publications: await ds.query(`SELECT count(*)::int AS n FROM "${d.slug}".publication`),
  };
}

describe('templates round-trip for every department and format', () => {
  const cases = DEPARTMENTS.flatMap((d) =>
    (['CSV', 'XLSX'] as SheetFormat[]).map((format) => [d.code, format, d] as const),
  );
  it.each(cases)('%s %s: generate, fill, import, see the values in the graph', async (_code, format, d) => {
    const target = await targetFor(publisherOf(d));
    const file = path.join(dir, `${d.slug}.${format.toLowerCase()}`);
    const year = format === 'CSV' ? 2020 : 2021;
    const template = await downloadTemplate(target, {
      department: d,
      year,
      criteriaSetId: 'QD06-2019',
      districtCode: '588',
      format,
      out: file,
    });
    const indicators = (
      await hub.query<{ criteriaSet: { criteria: { indicators: { code: string; department: string }[] }[] } }>(
        '{ criteriaSet(id: "QD06-2019") { criteria { indicators { code department } } } }',
      )
    ).body.data?.criteriaSet.criteria
      .flatMap((c) => c.indicators)
      .filter((i) => i.department === d.code);
    expect(template.rows).toBe(6 * (indicators?.length ?? 0));
    const expected = new Map<string, Record<string, unknown>>();
    const filled = await fillTemplate(fs.readFileSync(file), format, (row) => {
      const values = valueFor(row);
      expected.set(`${row.communeCode}|${row.indicator}`, values);
      return values;
    });
    fs.writeFileSync(file, filled);
    const report = await importFile(target, {
      file,
      department: d,
      year,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
    });
    expect(report.problems.filter((p) => p.severity === 'ERROR')).toEqual([]);
    expect(report).toMatchObject({
      status: expect.stringMatching(/^(OK|WARNING)$/),
      applied: true,
      totalRows: template.rows,
      created: template.rows,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      ignored: 0,
    });

    const read = await hub.query<{
      communes: {
        code: string;
        year: Record<
          string,
          {
            indicator: string;
            numerator: number | null;
            denominator: number | null;
            count: number | null;
            value: boolean | null;
            grade: string | null;
            sourceRef: string | null;
            note: string | null;
          }[]
        >;
      }[];
    }>(
      `query($y: Int!) { communes(districtCode: "588") { code year(year: $y) { ${d.slug} { indicator numerator denominator count value grade note sourceRef } } } }`,
      { y: year },
      publisherOf(d),
    );
    expect(read.body.errors).toBeUndefined();
    let seen = 0;
    for (const commune of read.body.data?.communes ?? []) {
      for (const v of commune.year[d.slug] ?? []) {
        const want = expected.get(`${commune.code}|${v.indicator}`);
        expect(want).toBeDefined();
        if (!want) continue;
        seen += 1;
        if ('numerator' in want)
          expect([v.numerator, v.denominator, v.sourceRef]).toEqual([want.numerator, want.denominator, want.sourceRef]);
        if ('count' in want) expect(v.count).toBe(want.count);
        if ('value' in want) expect(v.value).toBe(want.value === 'Có');
        if ('grade' in want) expect([v.grade, v.note]).toEqual([want.grade, want.note]);
      }
    }
    expect(seen).toBe(template.rows);

    // The template now comes back prefilled, and importing it again changes nothing.
    await downloadTemplate(target, {
      department: d,
      year,
      criteriaSetId: 'QD06-2019',
      districtCode: '588',
      format,
      out: file,
    });
    const again = await importFile(target, {
      file,
      department: d,
      year,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
    });
    expect(again).toMatchObject({
      applied: true,
      created: 0,
      updated: 0,
      unchanged: template.rows,
      rejected: 0,
      publicationId: null,
    });
  });
});

describe('the XLSX template', () => {
  it('has Vietnamese headers, locked key columns, whole-number and list validation', async () => {
    const file = path.join(dir, 'check.xlsx');
    await downloadTemplate(await targetFor(publisher('VHTTDL')), {
      department: DEPARTMENTS[5] as Department,
      year: 2020,
      criteriaSetId: 'QD06-2019',
      districtCode: '588',
      format: 'XLSX',
      out: file,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet('Dữ liệu');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Mã xã',
      'Tên xã',
      'Huyện',
      'Mã chỉ tiêu',
      'Tên chỉ tiêu',
      'Loại',
      'Tử số',
      'Mẫu số',
      'Số lượng',
      'Có/Không',
      'Mức',
      'Ghi chú',
      'Nguồn',
    ]);
    // The sheet is protected; cells are locked unless unlocked (Excel's default), so only input cells carry locked: false.
    expect((sheet as unknown as { sheetProtection?: unknown }).sheetProtection).toMatchObject({ sheet: true });
    // Row 2: the first commune's 12.1 (BOOLEAN); row 3: its 12.2 (GRADED).
    expect(sheet.getCell('D2').value).toBe('12.1');
    expect(sheet.getCell('A2').protection?.locked).not.toBe(false);
    expect(sheet.getCell('J2').protection).toMatchObject({ locked: false });
    expect(sheet.getCell('J2').dataValidation).toMatchObject({ type: 'list', formulae: ['"Có,Không"'] });
    expect(sheet.getCell('G2').protection?.locked).not.toBe(false);
    expect(sheet.getCell('K3').dataValidation).toMatchObject({ type: 'list', formulae: ['"A,B,C,D"'] });
    const yte = path.join(dir, 'check-yte.xlsx');
    await downloadTemplate(await targetFor(publisher('YTE')), {
      department: DEPARTMENTS[1] as Department,
      year: 2020,
      criteriaSetId: 'QD06-2019',
      districtCode: '588',
      format: 'XLSX',
      out: yte,
    });
    const y = new ExcelJS.Workbook();
    await y.xlsx.readFile(yte);
    const ys = y.getWorksheet('Dữ liệu');
    const rateRow = [2, 3, 4, 5, 6, 7].find((r) => ys?.getCell(`D${r}`).value === '7.1') ?? 0;
    expect(ys?.getCell(`G${rateRow}`).dataValidation).toMatchObject({
      type: 'whole',
      operator: 'between',
      formulae: [0, 100000000],
    });
  });
});

const HEADER = ['Mã xã', 'Mã chỉ tiêu', 'Tử số', 'Mẫu số', 'Số lượng', 'Có/Không', 'Ghi chú'];
const YTE_DEPT = DEPARTMENTS[1] as Department;

describe('a broken sheet stores nothing and reports every problem with its row and column', () => {
  it('bad number, unknown commune, duplicate row, bad yes/no: all reported, nothing written', async () => {
    const before = await snapshot(YTE_DEPT);
    const file = path.join(dir, 'broken.csv');
    fs.writeFileSync(
      file,
      csvSheet(
        HEADER,
        [
          ['22738', '7.1', 97, 100, null, null, 'đủ'],
          ['22738', '8.1', 'mười', 100, null, null, null],
          ['99999', '8.2', 5, 100, null, null, null],
          ['22741', '5.2', null, null, null, 'có lẽ', null],
          ['22738', '7.1', 95, 100, null, null, null],
          ['22741', '9.1', 120, 100, null, null, null],
        ],
        ';',
      ),
    );
    const report = await importFile(await targetFor(publisher('YTE')), {
      file,
      department: YTE_DEPT,
      year: 2020,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
    });
    expect(report.status).toBe('ERROR');
    expect(report.applied).toBe(false);
    expect(report.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [3, 'C (Tử số)', 'NOT_A_NUMBER'],
      [4, 'A (Mã xã)', 'UNKNOWN_COMMUNE'],
      [5, 'F (Có/Không)', 'NOT_YES_OR_NO'],
      [6, 'B (Mã chỉ tiêu)', 'DUPLICATE_ROW'],
      [7, 'C (Tử số)', 'NUMERATOR_EXCEEDS_DENOMINATOR'],
    ]);
    expect(report.problems[0]).toMatchObject({
      message: '"mười" in column "Tử số" is not a number',
      messageVi: '"mười" ở cột "Tử số" không phải là số',
    });
    expect(report.problems[1]?.messageVi).toBe('Mã xã 99999 không phải mã đơn vị hành chính chính thức');
    expect(report.rejected).toBe(5);
    expect(await snapshot(YTE_DEPT)).toEqual(before);
  });

  it('a missing column is reported on the header row and nothing is written', async () => {
    const before = await snapshot(YTE_DEPT);
    const file = path.join(dir, 'missing.csv');
    fs.writeFileSync(file, csvSheet(['Commune code', 'Indicator code', 'Numerator'], [['22738', '7.1', 97]]));
    const report = await importFile(await targetFor(publisher('YTE')), {
      file,
      department: YTE_DEPT,
      year: 2020,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
    });
    expect(report).toMatchObject({ status: 'ERROR', applied: false });
    expect(report.problems.map((p) => [p.row, p.column, p.field, p.code])).toEqual([
      [1, null, 'denominator', 'MISSING_COLUMN'],
    ]);
    expect(report.problems[0]?.messageVi).toBe('Thiếu cột "Mẫu số"');
    expect(await snapshot(YTE_DEPT)).toEqual(before);
  });

  it("a file beyond one call's row limit is one publication: one bad row near its end stores nothing; fixed, it is one publication", async () => {
    // 65 communes × 6 YTE indicators = 390 rows, the hub takes 50 per call.
    const target = await targetFor(publisher('YTE'));
    const file = path.join(dir, 'big.csv');
    await downloadTemplate(target, {
      department: YTE_DEPT,
      year: 2019,
      criteriaSetId: 'QD06-2019',
      format: 'CSV',
      out: file,
    });
    const template = fs.readFileSync(file);
    let total = 0;
    let badSheetRow = 0;
    const bad = await fillTemplate(template, 'CSV', (row) => {
      total += 1;
      if (row.kind === 'COUNT' && row.sheetRow > 380 && badSheetRow === 0) badSheetRow = row.sheetRow;
      return row.sheetRow === badSheetRow
        ? { count: -1 }
        : row.kind === 'RATE'
          ? { numerator: 95, denominator: 100 }
          : row.kind === 'COUNT'
            ? { count: 0 }
            : { value: 'Có' };
    });
    expect(total).toBe(390);
    fs.writeFileSync(file, bad);
    const before = await snapshot(YTE_DEPT);
    const progress: number[] = [];
    const refused = await importFile(target, {
      file,
      department: YTE_DEPT,
      year: 2019,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
      progress: (sent) => progress.push(sent),
    });
    expect(progress).toEqual([50, 100, 150, 200, 250, 300, 350, 390]);
    expect(refused).toMatchObject({ status: 'ERROR', applied: false, totalRows: 390, rejected: 1 });
    const badRow = refused.problems[0];
    expect(badSheetRow).toBeGreaterThan(380);
    expect([badRow?.row, badRow?.column, badRow?.code]).toEqual([badSheetRow, 'I (Số lượng)', 'NEGATIVE_VALUE']);
    expect(await snapshot(YTE_DEPT)).toEqual(before);
    const staged: { state: string; n: number }[] = await hub.services.YTE.db.dataSource.query(
      `SELECT state, count(*)::int AS n FROM yte.staged_publication GROUP BY state ORDER BY state`,
    );
    expect(staged.find((s) => s.state === 'OPEN')).toBeUndefined();

    const good = await fillTemplate(template, 'CSV', (row) =>
      row.kind === 'RATE' ? { numerator: 95, denominator: 100 } : row.kind === 'COUNT' ? { count: 0 } : { value: 'Có' },
    );
    fs.writeFileSync(file, good);
    const dry = await importFile(target, {
      file,
      department: YTE_DEPT,
      year: 2019,
      criteriaSetId: 'QD06-2019',
      dryRun: true,
      chunkSize: 50,
    });
    expect(dry).toMatchObject({ status: 'OK', dryRun: true, applied: false, created: 390 });
    expect(await snapshot(YTE_DEPT)).toEqual(before);
    const done = await importFile(target, {
      file,
      department: YTE_DEPT,
      year: 2019,
      criteriaSetId: 'QD06-2019',
      dryRun: false,
      chunkSize: 50,
    });
    expect(done).toMatchObject({ status: 'OK', applied: true, created: 390, rejected: 0 });
    const publications: { n: number; created: number }[] = await hub.services.YTE.db.dataSource.query(
      `SELECT count(*)::int AS n, max(created)::int AS created FROM yte.publication WHERE year = 2019`,
    );
    expect(publications).toEqual([{ n: 1, created: 390 }]);
  });
});

describe('through the graph', () => {
  it('a system uploads a sheet (importYteSheet) and the template is downloadable (yteTemplate)', async () => {
    const csv = csvSheet(
      ['Commune code', 'Indicator code', 'Numerator', 'Denominator'],
      [
        ['22750', '9.1', 80, 100],
        ['22750', '9.1', 81, 100],
      ],
    );
    const refused = await hub.query<{
      importYteSheet: {
        status: string;
        applied: boolean;
        problems: { row: number; column: string; code: string; messageVi: string }[];
      };
    }>(
      'mutation($input: ImportSheetInput!) { importYteSheet(input: $input) { status applied problems { row column code messageVi } } }',
      { input: { criteriaSetId: 'QD06-2019', year: 2022, format: 'CSV', contentBase64: csv.toString('base64') } },
      publisher('YTE'),
    );
    expect(refused.body.data?.importYteSheet).toEqual({
      status: 'ERROR',
      applied: false,
      problems: [
        {
          row: 3,
          column: 'B (Indicator code)',
          code: 'DUPLICATE_ROW',
          messageVi: 'xã 22750, chỉ tiêu 9.1: dòng trùng lặp (xã và chỉ tiêu này đã có ở dòng trước)',
        },
      ],
    });
    const ok = await hub.query<{ importYteSheet: { status: string; applied: boolean; created: number } }>(
      'mutation($input: ImportSheetInput!) { importYteSheet(input: $input) { status applied created } }',
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2022,
          format: 'CSV',
          contentBase64: csvSheet(['Mã xã', 'Mã chỉ tiêu', 'Tử số', 'Mẫu số'], [['22750', '9.1', 80, 100]]).toString(
            'base64',
          ),
        },
      },
      publisher('YTE'),
    );
    expect(ok.body.data?.importYteSheet).toEqual({ status: 'OK', applied: true, created: 1 });
    const other = await hub.query(
      'mutation($input: ImportSheetInput!) { importYteSheet(input: $input) { status } }',
      { input: { criteriaSetId: 'QD06-2019', year: 2022, format: 'CSV', contentBase64: csv.toString('base64') } },
      publisher('GDDT'),
    );
    expect(other.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const template = await hub.query<{ yteTemplate: { fileName: string; rows: number; contentBase64: string } }>(
      '{ yteTemplate(input: { criteriaSetId: "QD06-2019", year: 2022, districtCode: "588", format: CSV }) { fileName rows contentBase64 } }',
    );
    expect(template.body.data?.yteTemplate).toMatchObject({ fileName: 'mau-nhap-YTE-2022-QD06-2019.csv', rows: 36 });
    const text = Buffer.from(template.body.data?.yteTemplate.contentBase64 ?? '', 'base64').toString('utf8');
    expect(text.split('\r\n')[0]).toBe(
      '\ufeffMã xã,Tên xã,Huyện,Mã chỉ tiêu,Tên chỉ tiêu,Loại,Tử số,Mẫu số,Số lượng,Có/Không,Mức,Ghi chú,Nguồn',
    );
  });

  it('publishing rejections carry messageVi', async () => {
    const result = await hub.query<{
      publishYteValues: { rejected: { code: string; message: string; messageVi: string }[] };
    }>(
      'mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { rejected { code message messageVi } } }',
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 101, denominator: 100 }],
        },
      },
      publisher('YTE'),
    );
    expect(result.body.data?.publishYteValues.rejected).toEqual([
      {
        code: 'NUMERATOR_EXCEEDS_DENOMINATOR',
        message: 'numerator 101 exceeds denominator 100',
        messageVi: 'xã 22738, chỉ tiêu 7.1: tử số lớn hơn mẫu số',
      },
    ]);
  });
});

describe('the staged publication API', () => {
  const YTE = publisher('YTE');
  const OPEN =
    'mutation($input: OpenStagedPublicationInput!) { openYteStagedPublication(input: $input) { id state rowCount } }';
  const APPEND =
    'mutation($id: ID!, $rows: [StagedRowInput!]!) { appendYteStagedRows(id: $id, rows: $rows) { state rowCount chunkCount } }';
  const READ =
    'query($id: ID!) { yteStagedPublication(id: $id) { state rowCount publicationId result { applied created rejectedCount rejected { index sheetRow code field messageVi } } failure { code } } }';

  it('open → append within the limit → commit (waiting) is one publication; then it is closed', async () => {
    const opened = await hub.query<{ openYteStagedPublication: { id: string; state: string; rowCount: number } }>(
      OPEN,
      { input: { criteriaSetId: 'QD06-2019', year: 2023 } },
      YTE,
    );
    const id = opened.body.data?.openYteStagedPublication.id ?? '';
    expect(opened.body.data?.openYteStagedPublication).toMatchObject({ state: 'OPEN', rowCount: 0 });
    const tooMany = await hub.query(
      APPEND,
      {
        id,
        rows: Array.from({ length: 51 }, (_, i) => ({
          commune: '22738',
          indicator: '7.1',
          numerator: i,
          denominator: 100,
        })),
      },
      YTE,
    );
    expect(tooMany.body.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ROWS', field: 'rows', limit: 50 });
    const appended = await hub.query(
      APPEND,
      { id, rows: [{ sheetRow: 2, commune: '22738', indicator: '7.1', numerator: 97, denominator: 100 }] },
      YTE,
    );
    expect(appended.body.data).toEqual({ appendYteStagedRows: { state: 'OPEN', rowCount: 1, chunkCount: 1 } });
    expect(
      (
        await hub.query(
          APPEND,
          { id, rows: [{ commune: '22741', indicator: '7.1', numerator: 1, denominator: 2 }] },
          publisher('YTE', 'someone-else'),
        )
      ).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    const committed = await hub.query<{
      commitYteStagedPublication: {
        applied: boolean;
        created: number;
        staged: { state: string; publicationId: string };
      };
    }>(
      'mutation($id: ID!) { commitYteStagedPublication(id: $id) { applied created staged { state publicationId } } }',
      { id },
      YTE,
    );
    expect(committed.body.data?.commitYteStagedPublication).toMatchObject({
      applied: true,
      created: 1,
      staged: { state: 'COMMITTED' },
    });
    const again = await hub.query(
      APPEND,
      { id, rows: [{ commune: '22741', indicator: '7.1', numerator: 1, denominator: 2 }] },
      YTE,
    );
    expect(again.body.errors?.[0]?.extensions).toMatchObject({
      code: 'STAGED_PUBLICATION_CLOSED',
      state: 'COMMITTED',
      messageVi: `Lượt nhập ${id} đã đóng (COMMITTED)`,
    });
    expect((await hub.query(READ, { id: 'nope' }, YTE)).body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a background commit (beginYteStagedCommit) answers at once; its outcome is read with the staged publication', async () => {
    const opened = await hub.query<{ openYteStagedPublication: { id: string } }>(
      OPEN,
      { input: { criteriaSetId: 'QD06-2019', year: 2023 } },
      YTE,
    );
    const id = opened.body.data?.openYteStagedPublication.id ?? '';
    await hub.query(
      APPEND,
      { id, rows: [{ sheetRow: 7, commune: '22741', indicator: '7.1', numerator: 101, denominator: 100 }] },
      YTE,
    );
    const begun = await hub.query<{ beginYteStagedCommit: { state: string } }>(
      'mutation($id: ID!) { beginYteStagedCommit(id: $id) { state } }',
      { id },
      YTE,
    );
    expect(begun.body.data?.beginYteStagedCommit.state).toBe('COMMITTING');
    let read:
      { state: string; result: { applied: boolean; rejectedCount: number; rejected: unknown[] } | null } | undefined;
    for (let i = 0; i < 100; i += 1) {
      read = (await hub.query<{ yteStagedPublication: NonNullable<typeof read> }>(READ, { id }, YTE)).body.data
        ?.yteStagedPublication;
      if (read?.state !== 'COMMITTING') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(read).toMatchObject({
      state: 'OPEN',
      result: {
        applied: false,
        rejectedCount: 1,
        rejected: [
          {
            index: 0,
            sheetRow: 7,
            code: 'NUMERATOR_EXCEEDS_DENOMINATOR',
            field: 'numerator',
            messageVi: 'xã 22741, chỉ tiêu 7.1: tử số lớn hơn mẫu số',
          },
        ],
      },
      failure: null,
    });
    const discarded = await hub.query<{ discardYteStagedPublication: { state: string } }>(
      'mutation($id: ID!) { discardYteStagedPublication(id: $id) { state } }',
      { id },
      YTE,
    );
    expect(discarded.body.data?.discardYteStagedPublication.state).toBe('DISCARDED');
  });
});
