/**
 * The annex of an annual report as CSV for Excel (`reportCsv`): the commune table and the summary
 * block of annex-tables.ts, written the Vietnamese way and guarded against formulas. No I/O: it
 * returns a string. Pure.
 */
import { formatDateVi, viDecimal } from '../../../shared/format';
import { COMMUNE_COLUMNS_VI, communeCells, summaryCells, text, type Cell } from './annex-tables';
import type { ReportContent } from './content';

/** A text starting with one of these could run as a formula when the CSV is opened in Excel. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: Cell): string {
  let value: string;
  if (cell === null) value = '';
  else if ('number' in cell) value = viDecimal(String(cell.number));
  else if ('decimal' in cell) value = viDecimal(cell.decimal);
  else if ('date' in cell) value = formatDateVi(cell.date);
  else value = FORMULA_START.test(cell.text) ? `'${cell.text}` : cell.text;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report's annex as CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Vietnamese),
 * CRLF line ends, RFC 4180 quoting (fields with `"`, `,`, CR or LF quoted, quotes doubled), NFC
 * text. One header row ({@link COMMUNE_COLUMNS_VI}), one row per commune (a province report: every
 * district's communes, by district), then an empty row and the summary block — `label,value` rows
 * padded to the same number of fields, so every record has as many fields as the header. Written
 * the Vietnamese way throughout: dates `30/11/2020`, numbers `1.000` and `7,7` (a comma for
 * decimals in every field, so a decimal is always quoted), codes and years as text. A text
 * starting with `=`, `+`, `-`, `@`, a tab or CR is prefixed with `'` so Excel never runs it as a
 * formula. Pure.
 */
export function reportCsv(content: ReportContent): string {
  const width = COMMUNE_COLUMNS_VI.length;
  const pad = (cells: string[]): string[] => [...cells, ...Array<string>(width - cells.length).fill('')];
  const lines: string[][] = [
    COMMUNE_COLUMNS_VI.map((h) => csvField(text(h))),
    ...communeCells(content).map((cells) => cells.map(csvField)),
    pad([]),
    pad([csvField(text('Tổng hợp'))]),
    ...summaryCells(content).map(([label, value]) => pad([csvField(text(label)), csvField(value)])),
  ];
  return `\uFEFF${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}
