/**
 * The annexes of an annual report as an Excel workbook (`reportXlsx`, exceljs): the summary, the
 * growth, the commune and the reward tables of annex-tables.ts, one sheet each; numbers are numbers
 * and dates are dates in the workbook. No I/O: it returns a Buffer.
 */
import ExcelJS from 'exceljs';

import { REWARD_RULE } from '../recognition/reward-rule';
import {
  COMMUNE_COLUMNS_VI,
  communeCells,
  GROWTH_COLUMNS_VI,
  growthCells,
  REWARD_COLUMNS_VI,
  rewardCells,
  summaryCells,
  type Cell,
} from './annex-tables';
import type { ReportContent } from './content';

/** Names of the sheets of {@link reportXlsx}. */
export const SHEET_NAMES = Object.freeze({
  summary: 'Tổng hợp',
  growth: 'Tăng trưởng',
  communes: 'Đơn vị cấp xã',
  rewards: 'Khen thưởng',
});

function xlsxValue(cell: Cell): ExcelJS.CellValue {
  if (cell === null) return null;
  if ('number' in cell) return cell.number;
  if ('decimal' in cell) return Number(cell.decimal);
  if ('date' in cell) return new Date(`${cell.date}T00:00:00.000Z`);
  return cell.text;
}

/** Number formats: dates dd/mm/yyyy, decimals with one place (Excel shows them in the reader's locale). */
function formatCell(target: ExcelJS.Cell, cell: Cell): void {
  if (cell === null) return;
  if ('date' in cell) target.numFmt = 'dd/mm/yyyy';
  else if ('decimal' in cell) target.numFmt = '0.0';
  else if ('number' in cell) target.numFmt = '#,##0';
}

function addTable(sheet: ExcelJS.Worksheet, headers: readonly string[], rows: readonly Cell[][]): void {
  const header = sheet.addRow(headers.map((h) => h.normalize('NFC')));
  header.font = { bold: true };
  for (const cells of rows) {
    const added = sheet.addRow(cells.map(xlsxValue));
    cells.forEach((cell, index) => formatCell(added.getCell(index + 1), cell));
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  headers.forEach((h, index) => {
    const longest = Math.max(
      h.length,
      ...rows.map((r) => {
        const c = r[index];
        return c === null || c === undefined ? 0 : 'text' in c ? Math.min(c.text.length, 60) : 10;
      }),
    );
    sheet.getColumn(index + 1).width = Math.min(longest, 60) + 2;
  });
}

/**
 * The report's annexes as an Excel workbook (exceljs): sheet "Tổng hợp" (the summary block, label
 * and value), "Tăng trưởng" (each district's growth and next year's target, then the report's
 * scope: {@link GROWTH_COLUMNS_VI}), "Đơn vị cấp xã" (one row per commune, {@link
 * COMMUNE_COLUMNS_VI}) and "Khen thưởng" (the communes due under the hub's reading of the rule
 * with the decisions recorded, {@link REWARD_COLUMNS_VI}, and the rule's text). Vietnamese
 * headers, NFC text; codes and years are text (leading zeros kept), counts, totals and percentages
 * numbers (percentages with one decimal), dates real dates shown dd/mm/yyyy (midnight UTC of the
 * day). The header row of each table is frozen. Workbook created/modified = `generatedAt`.
 */
export async function reportXlsx(content: ReportContent): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'child-friendly-commune-hub';
  workbook.created = new Date(content.generatedAt);
  workbook.modified = new Date(content.generatedAt);

  const summary = workbook.addWorksheet(SHEET_NAMES.summary);
  const header = summary.addRow(['Mục', 'Giá trị']);
  header.font = { bold: true };
  for (const [label, value] of summaryCells(content)) {
    const added = summary.addRow([label.normalize('NFC'), xlsxValue(value)]);
    formatCell(added.getCell(2), value);
  }
  summary.getColumn(1).width = 60;
  summary.getColumn(2).width = 80;

  addTable(workbook.addWorksheet(SHEET_NAMES.growth), GROWTH_COLUMNS_VI, growthCells(content));
  addTable(workbook.addWorksheet(SHEET_NAMES.communes), COMMUNE_COLUMNS_VI, communeCells(content));
  const rewards = workbook.addWorksheet(SHEET_NAMES.rewards);
  addTable(rewards, REWARD_COLUMNS_VI, rewardCells(content));
  rewards.addRow([]);
  rewards.addRow(['Ghi chú', REWARD_RULE.text]);

  const written = await workbook.xlsx.writeBuffer();
  return Buffer.from(written as unknown as ArrayBuffer);
}
