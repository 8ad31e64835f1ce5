/**
 * Vietnamese beside English for every message a department reads about its rows: the publishing
 * rejections (codes of shared/department/publish.ts), the problems of a sheet, and rule results.
 */
import { assertNever } from '../assert-never';
import { SHEET_COLUMNS, type SheetField } from './columns';

/** The Vietnamese name of an input field or column. */
export function fieldVi(field: string): string {
  const column = SHEET_COLUMNS.find((c) => c.field === field || (field === 'commune' && c.field === 'communeCode'));
  return column?.headerVi ?? field;
}

/** A row rejection as publishing reports it. */
export interface RejectionLike {
  commune: string;
  indicator: string;
  code: string;
  field: string;
}

/** The Vietnamese message of a publishing row rejection (its code decides the sentence). */
export function rejectionMessageVi(r: RejectionLike): string {
  const f = fieldVi(r.field);
  const where = `xã ${r.commune}, chỉ tiêu ${r.indicator}`;
  switch (r.code) {
    case 'UNKNOWN_COMMUNE':
      return `Mã xã ${r.commune} không phải mã đơn vị hành chính chính thức`;
    case 'COMMUNE_NOT_IN_YEAR':
      return `Xã ${r.commune} không tồn tại trong năm đánh giá`;
    case 'UNKNOWN_INDICATOR':
      return `Chỉ tiêu ${r.indicator} không có trong bộ tiêu chí`;
    case 'INDICATOR_OWNED_BY_OTHER_DEPARTMENT':
      return `Chỉ tiêu ${r.indicator} do sở, ngành khác công bố`;
    case 'DUPLICATE_ROW':
      return `${where}: dòng trùng lặp (xã và chỉ tiêu này đã có ở dòng trước)`;
    case 'NUMERATOR_EXCEEDS_DENOMINATOR':
      return `${where}: tử số lớn hơn mẫu số`;
    case 'NEGATIVE_VALUE':
      return `${where}: ${f} không được là số âm`;
    case 'NOT_AN_INTEGER':
      return `${where}: ${f} phải là số nguyên`;
    case 'VALUE_TOO_LARGE':
      return `${where}: ${f} quá lớn`;
    case 'WRONG_VALUE_KIND':
      return `${where}: chỉ tiêu này không nhận cột ${f}`;
    case 'UNKNOWN_GRADE':
      return `${where}: mức không có trong danh sách mức của chỉ tiêu`;
    case 'VALUE_REQUIRED':
      return `${where}: thiếu giá trị ${f}`;
    case 'TEXT_TOO_LONG':
      return `${where}: ${f} quá dài`;
    case 'TEXT_INVALID':
      return `${where}: ${f} chứa ký tự không hợp lệ (NUL)`;
    case 'RULE_VIOLATED':
      return `${where}: vi phạm quy tắc kiểm tra dữ liệu`;
    default:
      return `${where}: dòng bị từ chối (${r.code})`;
  }
}

/** Codes of the problems a sheet itself can have, before any row is published. */
export type SheetProblemCode =
  | 'FILE_UNREADABLE'
  | 'EMPTY_SHEET'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'NOT_A_NUMBER'
  | 'NOT_YES_OR_NO'
  | 'KEY_REQUIRED'
  | 'RAGGED_ROW';

/** English and Vietnamese of a sheet problem. */
export function sheetProblemMessages(
  code: SheetProblemCode,
  detail: { header?: string; text?: string; field?: SheetField | string; reason?: string },
): { message: string; messageVi: string } {
  const header = detail.header ?? '';
  const text = JSON.stringify(detail.text ?? '');
  switch (code) {
    case 'FILE_UNREADABLE':
      return {
        message: `the file cannot be read: ${detail.reason ?? ''}`,
        messageVi: `Không đọc được tệp: ${detail.reason ?? ''}`,
      };
    case 'EMPTY_SHEET':
      return {
        message: 'the sheet has no header row or no data rows',
        messageVi: 'Trang tính không có dòng tiêu đề hoặc không có dòng dữ liệu',
      };
    case 'MISSING_COLUMN':
      return {
        message: `column "${header}" is missing (Vietnamese or English header)`,
        messageVi: `Thiếu cột "${header}"`,
      };
    case 'DUPLICATE_COLUMN':
      return { message: `column "${header}" appears twice`, messageVi: `Cột "${header}" xuất hiện hai lần` };
    case 'NOT_A_NUMBER':
      return {
        message: `${text} in column "${header}" is not a number`,
        messageVi: `${text} ở cột "${header}" không phải là số`,
      };
    case 'NOT_YES_OR_NO':
      return {
        message: `${text} in column "${header}" is neither yes (Có) nor no (Không)`,
        messageVi: `${text} ở cột "${header}" không phải Có hoặc Không`,
      };
    case 'KEY_REQUIRED':
      return {
        message: `column "${header}" is empty in a row that has values`,
        messageVi: `Cột "${header}" để trống ở dòng có số liệu`,
      };
    case 'RAGGED_ROW':
      return {
        message: `the row has more cells than the header: ${detail.reason ?? ''}`,
        messageVi: `Dòng có nhiều ô hơn dòng tiêu đề: ${detail.reason ?? ''}`,
      };
    default:
      return assertNever(code, 'sheet problem code');
  }
}
