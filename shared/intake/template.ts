/**
 * A department's intake template: one row per commune × indicator of the department, with the key
 * columns (commune code and name, district, indicator code and title, kind), the input columns,
 * note and source, under Vietnamese headers; current values prefilled. XLSX templates lock the key
 * columns and the inputs a kind does not take, and validate the cells (whole numbers, yes/no and
 * grade lists). CSV templates are UTF-8 with BOM, comma-separated.
 */
import ExcelJS from 'exceljs';
import { assertNever } from '../assert-never';
import type { IndicatorKind } from '../criteria/types';
import { INPUT_FIELDS_BY_KIND, KIND_VI, SHEET_COLUMNS, type SheetField } from './columns';
import type { SheetFormat } from './sheet';

/** Largest whole number a cell may hold (the value columns are 32-bit). */
export const TEMPLATE_MAX_VALUE = 100_000_000;

export interface TemplateRow {
  communeCode: string;
  communeName: string;
  district: string;
  indicator: string;
  indicatorTitle: string;
  kind: IndicatorKind;
  grades: readonly string[];
  /** The value stored now, when there is one. */
  current: {
    numerator: number | null;
    denominator: number | null;
    count: number | null;
    value: boolean | null;
    grade: string | null;
    note: string | null;
    sourceRef: string | null;
  } | null;
}

export interface TemplateMeta {
  department: string;
  departmentVi: string;
  criteriaSetId: string;
  criteriaSetVersion: number;
  year: number;
}

function cellValue(row: TemplateRow, field: SheetField): string | number | null {
  const current = row.current;
  switch (field) {
    case 'communeCode':
      return row.communeCode;
    case 'communeName':
      return row.communeName;
    case 'district':
      return row.district;
    case 'indicator':
      return row.indicator;
    case 'indicatorTitle':
      return row.indicatorTitle;
    case 'kind':
      return `${KIND_VI[row.kind]} (${row.kind})`;
    case 'value':
      return current?.value === null || current?.value === undefined ? null : current.value ? 'Có' : 'Không';
    case 'numerator':
    case 'denominator':
    case 'count':
    case 'grade':
    case 'note':
    case 'sourceRef':
      return current ? current[field] : null;
    default:
      return assertNever(field, 'sheet field');
  }
}

const csvCell = (value: string | number | null) => {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The file name of a template, e.g. `mau-nhap-YTE-2020-QD06-2019.xlsx`. */
export function templateFileName(meta: TemplateMeta, format: SheetFormat): string {
  return `mau-nhap-${meta.department}-${meta.year}-${meta.criteriaSetId}.${format === 'CSV' ? 'csv' : 'xlsx'}`;
}

/** Builds the template file. */
export async function templateFile(
  rows: readonly TemplateRow[],
  format: SheetFormat,
  meta: TemplateMeta,
): Promise<Buffer> {
  if (format === 'CSV') {
    const lines = [SHEET_COLUMNS.map((c) => csvCell(c.headerVi)).join(',')];
    for (const row of rows) lines.push(SHEET_COLUMNS.map((c) => csvCell(cellValue(row, c.field))).join(','));
    return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'cfc-hub';
  const sheet = workbook.addWorksheet('Dữ liệu', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SHEET_COLUMNS.map((c) => ({ header: c.headerVi, key: c.field, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  const textColumns = new Set<SheetField>(['communeCode', 'indicator']);
  for (const row of rows) {
    const added = sheet.addRow(SHEET_COLUMNS.map((c) => cellValue(row, c.field)));
    const takes = new Set<SheetField>([...INPUT_FIELDS_BY_KIND[row.kind], 'note', 'sourceRef']);
    SHEET_COLUMNS.forEach((column, index) => {
      const cell = added.getCell(index + 1);
      if (textColumns.has(column.field)) cell.numFmt = '@';
      if (!column.input || !takes.has(column.field)) {
        cell.protection = { locked: true };
        if (column.input) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE0E0E0' } };
        return;
      }
      cell.protection = { locked: false };
      if (column.field === 'numerator' || column.field === 'denominator' || column.field === 'count') {
        cell.dataValidation = {
          type: 'whole',
          operator: 'between',
          allowBlank: true,
          formulae: [0, TEMPLATE_MAX_VALUE],
          showErrorMessage: true,
          errorTitle: 'Số nguyên',
          error: `Nhập số nguyên từ 0 đến ${TEMPLATE_MAX_VALUE}`,
        };
      } else if (column.field === 'value') {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: ['"Có,Không"'],
          showErrorMessage: true,
          errorTitle: 'Có/Không',
          error: 'Chọn Có hoặc Không',
        };
      } else if (column.field === 'grade') {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${row.grades.join(',')}"`],
          showErrorMessage: true,
          errorTitle: 'Mức',
          error: `Chọn một mức: ${row.grades.join(', ')}`,
        };
      }
    });
  }
  await sheet.protect('', {
    selectLockedCells: true,
    selectUnlockedCells: true,
    formatColumns: true,
    autoFilter: true,
  });
  const guide = workbook.addWorksheet('Hướng dẫn');
  guide.columns = [{ width: 28 }, { width: 90 }];
  const lines: [string, string][] = [
    ['Sở, ngành', `${meta.departmentVi} (${meta.department})`],
    ['Bộ tiêu chí', `${meta.criteriaSetId} phiên bản ${meta.criteriaSetVersion}`],
    ['Năm đánh giá', String(meta.year)],
    [
      'Cách nhập',
      'Điền các cột không tô xám: Tỷ lệ → Tử số và Mẫu số; Số lượng → Số lượng; Có/Không → Có hoặc Không; Xếp mức → Mức. Các cột khóa không sửa được.',
    ],
    [
      'Dòng để trống',
      'Dòng không có số liệu, ghi chú hay nguồn thì không được gửi đi (giữ nguyên giá trị đã công bố).',
    ],
    ['Nhập tệp', `npm run import -- TỆP --department ${meta.department} --year ${meta.year} [--dry-run]`],
  ];
  for (const line of lines) guide.addRow(line);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
