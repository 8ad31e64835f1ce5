/**
 * Filling intake templates as a department would: open the file the graph gave, type values into
 * the input cells, save. CSV through the project's own splitter, XLSX through exceljs.
 */
import ExcelJS from 'exceljs';
import { SHEET_COLUMNS, type SheetField } from '../../shared/intake/columns';
import { splitCsv, type SheetFormat } from '../../shared/intake/sheet';

/** What a test types into one template row; undefined leaves the row as it is. */
export type Filler = (row: {
  communeCode: string;
  indicator: string;
  kind: string;
  sheetRow: number;
}) => Partial<Record<SheetField, string | number | null>> | undefined;

const csvCell = (value: unknown) => {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const indexOf = (field: SheetField) => SHEET_COLUMNS.findIndex((c) => c.field === field);

/** Fills a template; returns the new file. */
export async function fillTemplate(file: Buffer, format: SheetFormat, fill: Filler): Promise<Buffer> {
  if (format === 'CSV') {
    const [header, ...rows] = splitCsv(file.toString('utf8'));
    const out = rows.map((row, i) => {
      const kind = (row[indexOf('kind')] ?? '').replace(/.*\((\w+)\)$/, '$1');
      const values = fill({
        communeCode: row[indexOf('communeCode')] ?? '',
        indicator: row[indexOf('indicator')] ?? '',
        kind,
        sheetRow: i + 2,
      });
      if (!values) return row;
      const copy = [...row];
      for (const [field, value] of Object.entries(values))
        copy[indexOf(field as SheetField)] = value === null || value === undefined ? '' : String(value);
      return copy;
    });
    return Buffer.from(`\ufeff${[header ?? [], ...out].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('no sheet');
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const kind = String(row.getCell(indexOf('kind') + 1).value ?? '').replace(/.*\((\w+)\)$/, '$1');
    const values = fill({
      communeCode: String(row.getCell(indexOf('communeCode') + 1).value),
      indicator: String(row.getCell(indexOf('indicator') + 1).value),
      kind,
      sheetRow: number,
    });
    if (!values) return;
    for (const [field, value] of Object.entries(values))
      row.getCell(indexOf(field as SheetField) + 1).value = value ?? null;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A CSV sheet written by hand: a header line and rows, joined with `delimiter`. */
export function csvSheet(header: string[], rows: (string | number | null)[][], delimiter = ','): Buffer {
  return Buffer.from(
    [header, ...rows].map((r) => r.map((c) => (c === null ? '' : String(c))).join(delimiter)).join('\n') + '\n',
    'utf8',
  );
}
