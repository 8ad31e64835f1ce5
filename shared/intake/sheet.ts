/**
 * Reading a department's sheet: CSV (UTF-8 with or without BOM, comma or semicolon) or XLSX, with
 * columns mapped by their Vietnamese or English headers. Every problem is reported with the
 * sheet's own row number (the header is row 1) and the column's letter and header, in English and
 * Vietnamese. Nothing is guessed: a cell that is not a number is a problem, not a zero.
 */
import ExcelJS from 'exceljs';
import type { IndicatorKind } from '../criteria/types';
import {
  columnLabel,
  columnLetter,
  fieldOfHeader,
  INPUT_FIELDS_BY_KIND,
  NO,
  normaliseHeader,
  SHEET_COLUMNS,
  YES,
  type SheetField,
} from './columns';
import { sheetProblemMessages, type SheetProblemCode } from './messages';

export type SheetFormat = 'CSV' | 'XLSX';

/** One row to publish, as read from the sheet. */
export interface SheetRowInput {
  commune: string;
  indicator: string;
  numerator?: number | null;
  denominator?: number | null;
  count?: number | null;
  value?: boolean | null;
  grade?: string | null;
  note?: string | null;
  sourceRef?: string | null;
}

/** A row with where it stands in the sheet. */
export interface SheetRow {
  /** The sheet's own row number (header = 1). */
  sheetRow: number;
  input: SheetRowInput;
}

export type Severity = 'ERROR' | 'WARNING';

/** A problem of the sheet or of one of its rows. */
export interface SheetProblem {
  /** Sheet row number; null for a problem of the whole file. */
  row: number | null;
  /** Column letter and header, e.g. `H (Mẫu số)`; null when no one column is at fault. */
  column: string | null;
  field: string | null;
  commune: string | null;
  indicator: string | null;
  code: string;
  severity: Severity;
  message: string;
  messageVi: string;
}

/** Where each field's column is. */
export type ColumnMap = Partial<Record<SheetField, { index: number; letter: string; header: string }>>;

export interface ParsedSheet {
  format: SheetFormat;
  rows: SheetRow[];
  problems: SheetProblem[];
  /** Rows naming a commune and an indicator but carrying no value, note or source: not sent. */
  ignored: number;
  columns: ColumnMap;
  /** Cells whose text could not be read as their field: the server's VALUE_REQUIRED for them is the same problem. */
  unreadable: Set<string>;
}

/** Options of {@link parseSheet}: the kind of each indicator of the department, to know which columns are needed. */
export interface ParseOptions {
  kinds: ReadonlyMap<string, IndicatorKind>;
}

const REQUIRED_KEYS: SheetField[] = ['communeCode', 'indicator'];
const INPUTS: SheetField[] = ['numerator', 'denominator', 'count', 'value', 'grade', 'note', 'sourceRef'];

/** The key of a (row, field) pair in {@link ParsedSheet.unreadable}. */
export const cellKey = (sheetRow: number, field: string) => `${sheetRow}|${field}`;

function problem(
  code: SheetProblemCode,
  at: {
    row: number | null;
    column: string | null;
    field: string | null;
    commune?: string | null;
    indicator?: string | null;
  },
  detail: Parameters<typeof sheetProblemMessages>[1],
): SheetProblem {
  return {
    ...at,
    commune: at.commune ?? null,
    indicator: at.indicator ?? null,
    code,
    severity: 'ERROR',
    ...sheetProblemMessages(code, detail),
  };
}

/** Splits CSV text into records of cells with the delimiter of its header line (`,` or `;`). */
export function splitCsv(text: string): string[][] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = (firstLine.match(/;/g) ?? []).length > (firstLine.match(/,/g) ?? []).length ? ';' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < body.length; i += 1) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('a quoted field is not closed before the end of the file');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

type Cell = string | number | boolean | null;

function cellOf(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellOf((value as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in value) return String((value as { text: unknown }).text);
    if ('error' in value) return String((value as { error: unknown }).error);
  }
  return String(value as unknown as string);
}

async function xlsxRows(buffer: Buffer): Promise<Cell[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheets = workbook.worksheets;
  // The data sheet: the first whose first row names the commune code column, else the first.
  const sheet =
    sheets.find((s) => {
      const first = s.getRow(1).values as ExcelJS.CellValue[];
      return (
        Array.isArray(first) &&
        first.some((v) => typeof cellOf(v) === 'string' && fieldOfHeader(String(cellOf(v))) === 'communeCode')
      );
    }) ?? sheets[0];
  if (!sheet) return [];
  const rows: Cell[][] = [];
  const last = sheet.actualRowCount === 0 ? 0 : (sheet.lastRow?.number ?? 0);
  for (let r = 1; r <= last; r += 1) {
    const row = sheet.getRow(r);
    const cells: Cell[] = [];
    for (let c = 1; c <= row.cellCount; c += 1) cells.push(cellOf(row.getCell(c).value));
    rows.push(cells);
  }
  return rows;
}

const isBlank = (cell: Cell | undefined) =>
  cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
const text = (cell: Cell | undefined): string =>
  cell === null || cell === undefined ? '' : String(cell).normalize('NFC').trim();

/**
 * Reads a sheet. Never throws for a bad file: an unreadable file, a missing column or a bad cell
 * is a {@link SheetProblem}.
 */
export async function parseSheet(buffer: Buffer, format: SheetFormat, options: ParseOptions): Promise<ParsedSheet> {
  const parsed: ParsedSheet = { format, rows: [], problems: [], ignored: 0, columns: {}, unreadable: new Set() };
  let cells: Cell[][];
  try {
    if (format === 'CSV') {
      const decoded = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
      cells = splitCsv(decoded);
    } else {
      cells = await xlsxRows(buffer);
    }
  } catch (error) {
    const reason =
      format === 'CSV' && error instanceof TypeError
        ? 'it is not UTF-8 text (save it as "CSV UTF-8")'
        : (error as Error).message;
    parsed.problems.push(problem('FILE_UNREADABLE', { row: null, column: null, field: null }, { reason }));
    return parsed;
  }
  const [header, ...data] = cells;
  if (!header || data.every((row) => row.every(isBlank))) {
    parsed.problems.push(problem('EMPTY_SHEET', { row: null, column: null, field: null }, {}));
    return parsed;
  }
  header.forEach((cell, index) => {
    const name = text(cell);
    if (name === '') return;
    const field = fieldOfHeader(name);
    if (!field) return; // columns the hub does not know (a department's own remarks) are left alone
    const letter = columnLetter(index);
    if (parsed.columns[field]) {
      parsed.problems.push(
        problem('DUPLICATE_COLUMN', { row: 1, column: columnLabel(letter, name), field }, { header: name }),
      );
      return;
    }
    parsed.columns[field] = { index, letter, header: name };
  });
  const headerOf = (field: SheetField) => SHEET_COLUMNS.find((c) => c.field === field)?.headerVi ?? field;
  for (const field of REQUIRED_KEYS) {
    if (!parsed.columns[field])
      parsed.problems.push(problem('MISSING_COLUMN', { row: 1, column: null, field }, { header: headerOf(field) }));
  }
  if (!parsed.columns.communeCode || !parsed.columns.indicator) return parsed;

  const missingReported = new Set<SheetField>();
  const at = (field: SheetField) => {
    const column = parsed.columns[field];
    return column ? columnLabel(column.letter, column.header) : null;
  };
  data.forEach((row, offset) => {
    const sheetRow = offset + 2;
    if (row.every(isBlank)) return;
    if (row.length > header.length && row.slice(header.length).some((c) => !isBlank(c))) {
      parsed.problems.push(
        problem(
          'RAGGED_ROW',
          { row: sheetRow, column: null, field: null },
          { reason: `${row.length} cells, ${header.length} headers` },
        ),
      );
    }
    const get = (field: SheetField): Cell | undefined => {
      const column = parsed.columns[field];
      return column ? row[column.index] : undefined;
    };
    let commune = text(get('communeCode'));
    if (/^\d{1,5}$/.test(commune)) commune = commune.padStart(5, '0');
    const indicator = text(get('indicator'));
    const hasInput = INPUTS.some((field) => !isBlank(get(field)));
    if (!hasInput) {
      if (commune !== '' || indicator !== '') parsed.ignored += 1;
      return;
    }
    const where = { row: sheetRow, commune: commune || null, indicator: indicator || null };
    let keyMissing = false;
    for (const field of REQUIRED_KEYS) {
      if ((field === 'communeCode' ? commune : indicator) === '') {
        parsed.problems.push(
          problem(
            'KEY_REQUIRED',
            { ...where, column: at(field), field },
            { header: parsed.columns[field]?.header ?? headerOf(field) },
          ),
        );
        keyMissing = true;
      }
    }
    if (keyMissing) return;
    const kind = options.kinds.get(indicator);
    if (kind) {
      for (const field of INPUT_FIELDS_BY_KIND[kind]) {
        if (!parsed.columns[field] && !missingReported.has(field)) {
          missingReported.add(field);
          parsed.problems.push(problem('MISSING_COLUMN', { row: 1, column: null, field }, { header: headerOf(field) }));
        }
      }
    }
    const input: SheetRowInput = { commune, indicator };
    for (const field of ['numerator', 'denominator', 'count'] as const) {
      const cell = get(field);
      if (isBlank(cell)) continue;
      if (typeof cell === 'number') {
        input[field] = cell;
        continue;
      }
      const raw = text(cell).replace(/\s/g, '');
      if (/^-?\d+(\.\d+)?$/.test(raw)) input[field] = Number(raw);
      else {
        parsed.unreadable.add(cellKey(sheetRow, field));
        parsed.problems.push(
          problem(
            'NOT_A_NUMBER',
            { ...where, column: at(field), field },
            { header: parsed.columns[field]?.header ?? headerOf(field), text: text(cell) },
          ),
        );
      }
    }
    const flag = get('value');
    if (!isBlank(flag)) {
      if (typeof flag === 'boolean') input.value = flag;
      else {
        const answer = normaliseHeader(text(flag));
        if (YES.includes(answer)) input.value = true;
        else if (NO.includes(answer)) input.value = false;
        else {
          parsed.unreadable.add(cellKey(sheetRow, 'value'));
          parsed.problems.push(
            problem(
              'NOT_YES_OR_NO',
              { ...where, column: at('value'), field: 'value' },
              { header: parsed.columns.value?.header ?? headerOf('value'), text: text(flag) },
            ),
          );
        }
      }
    }
    for (const field of ['grade', 'note', 'sourceRef'] as const) {
      const cell = get(field);
      if (!isBlank(cell)) input[field] = text(cell);
    }
    parsed.rows.push({ sheetRow, input });
  });
  return parsed;
}
