/**
 * The columns of a department's intake sheet (template and import): the key columns that name the
 * commune and the indicator, the input columns each kind of indicator takes, and note and source.
 * Headers are Vietnamese in the templates; an import also recognises the English ones.
 */
import type { IndicatorKind } from '../criteria/types';

/** A field an import reads from a sheet. */
export type SheetField =
  | 'communeCode'
  | 'communeName'
  | 'district'
  | 'indicator'
  | 'indicatorTitle'
  | 'kind'
  | 'numerator'
  | 'denominator'
  | 'count'
  | 'value'
  | 'grade'
  | 'note'
  | 'sourceRef';

export interface SheetColumn {
  field: SheetField;
  /** The header of the templates. */
  headerVi: string;
  headerEn: string;
  /** Key and descriptive columns are locked in XLSX templates; input columns are not. */
  input: boolean;
  width: number;
}

/** Every column, in template order. */
export const SHEET_COLUMNS: readonly SheetColumn[] = [
  { field: 'communeCode', headerVi: 'Mã xã', headerEn: 'Commune code', input: false, width: 10 },
  { field: 'communeName', headerVi: 'Tên xã', headerEn: 'Commune name', input: false, width: 22 },
  { field: 'district', headerVi: 'Huyện', headerEn: 'District', input: false, width: 20 },
  { field: 'indicator', headerVi: 'Mã chỉ tiêu', headerEn: 'Indicator code', input: false, width: 12 },
  { field: 'indicatorTitle', headerVi: 'Tên chỉ tiêu', headerEn: 'Indicator title', input: false, width: 50 },
  { field: 'kind', headerVi: 'Loại', headerEn: 'Kind', input: false, width: 10 },
  { field: 'numerator', headerVi: 'Tử số', headerEn: 'Numerator', input: true, width: 10 },
  { field: 'denominator', headerVi: 'Mẫu số', headerEn: 'Denominator', input: true, width: 10 },
  { field: 'count', headerVi: 'Số lượng', headerEn: 'Count', input: true, width: 10 },
  { field: 'value', headerVi: 'Có/Không', headerEn: 'Value', input: true, width: 10 },
  { field: 'grade', headerVi: 'Mức', headerEn: 'Grade', input: true, width: 8 },
  { field: 'note', headerVi: 'Ghi chú', headerEn: 'Note', input: true, width: 30 },
  { field: 'sourceRef', headerVi: 'Nguồn', headerEn: 'Source', input: true, width: 30 },
];

/** The input columns each kind takes. */
export const INPUT_FIELDS_BY_KIND: Record<IndicatorKind, readonly SheetField[]> = {
  RATE: ['numerator', 'denominator'],
  COUNT: ['count'],
  BOOLEAN: ['value'],
  GRADED: ['grade'],
};

/** Vietnamese names of the kinds, as the templates show them (an import reads either). */
export const KIND_VI: Record<IndicatorKind, string> = {
  RATE: 'Tỷ lệ',
  COUNT: 'Số lượng',
  BOOLEAN: 'Có/Không',
  GRADED: 'Xếp mức',
};

/** The answers of a yes/no indicator a sheet may hold. */
export const YES = ['có', 'co', 'yes', 'true', '1', 'x'];
export const NO = ['không', 'khong', 'no', 'false', '0'];

/** Header text compared without case, accents' normalisation form or surrounding spaces. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('vi');
}

/** Which field a header names (Vietnamese or English), or undefined. */
export function fieldOfHeader(header: string): SheetField | undefined {
  const wanted = normaliseHeader(header);
  return SHEET_COLUMNS.find(
    (c) =>
      normaliseHeader(c.headerVi) === wanted ||
      normaliseHeader(c.headerEn) === wanted ||
      normaliseHeader(c.field) === wanted,
  )?.field;
}

/** The column of a field as a person finds it: its letter and header, e.g. `H (Mẫu số)`. */
export function columnLabel(letter: string, header: string): string {
  return `${letter} (${header})`;
}

/** Spreadsheet column letter of a 0-based column index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const rest = (n - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}
