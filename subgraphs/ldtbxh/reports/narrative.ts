/**
 * The officer's own parts of an annual report and their checks. The hub generates the figures; a
 * report an official sends also has a number (số ký hiệu), recipients (kính gửi), a signer and
 * the sections only people can write: the situation of the year, the results as they judge them,
 * difficulties ("khó khăn, vướng mắc"), proposals ("đề xuất, kiến nghị") and next year's tasks.
 * Every field may be left empty while the report is drafted: the document then shows a dotted
 * line where it goes, and `missingFields` says what is still to write. Pure.
 */
import { invalidTextReason } from '../../../shared/text';

/** What the officer writes. Texts keep their line breaks (one paragraph per line). */
export interface NarrativeFields {
  /** Số ký hiệu, e.g. `125/BC-UBND`. */
  documentNumber: string | null;
  /** The place of the place-and-date line, e.g. `Bác Ái`; the unit's name when empty. */
  place: string | null;
  /** The document's date, `YYYY-MM-DD`. */
  date: string | null;
  /** Kính gửi; the recipients the plan names when empty. */
  recipients: string[];
  /** E.g. `TM. ỦY BAN NHÂN DÂN` or `KT. CHỦ TỊCH`. */
  signingAuthority: string | null;
  /** E.g. `CHỦ TỊCH`, `PHÓ CHỦ TỊCH`, `GIÁM ĐỐC`. */
  signerTitle: string | null;
  signerName: string | null;
  situation: string | null;
  results: string | null;
  difficulties: string | null;
  proposals: string | null;
  nextYear: string | null;
  /** Nơi nhận; `Như trên` and `Lưu: VT` when empty. */
  copiesTo: string[];
}

export const EMPTY_NARRATIVE: NarrativeFields = Object.freeze({
  documentNumber: null,
  place: null,
  date: null,
  recipients: [],
  signingAuthority: null,
  signerTitle: null,
  signerName: null,
  situation: null,
  results: null,
  difficulties: null,
  proposals: null,
  nextYear: null,
  copiesTo: [],
}) as NarrativeFields;

/** The fields a report to send must have (the document shows dotted lines until they are written). */
export const REQUIRED_FIELDS = [
  'documentNumber',
  'date',
  'signerTitle',
  'signerName',
  'situation',
  'results',
  'difficulties',
  'proposals',
  'nextYear',
] as const;

const SHORT = ['documentNumber', 'place', 'signingAuthority', 'signerTitle', 'signerName'] as const;
const LONG = ['situation', 'results', 'difficulties', 'proposals', 'nextYear'] as const;
const LISTS = ['recipients', 'copiesTo'] as const;

const FIELD_VI: Readonly<Record<keyof NarrativeFields, string>> = Object.freeze({
  documentNumber: 'số ký hiệu',
  place: 'địa danh',
  date: 'ngày văn bản',
  recipients: 'kính gửi',
  signingAuthority: 'thẩm quyền ký',
  signerTitle: 'chức vụ người ký',
  signerName: 'họ tên người ký',
  situation: 'tình hình chung',
  results: 'kết quả thực hiện',
  difficulties: 'khó khăn, vướng mắc',
  proposals: 'đề xuất, kiến nghị',
  nextYear: 'nhiệm vụ năm sau',
  copiesTo: 'nơi nhận',
});

/** One problem with a field. */
export interface NarrativeProblem {
  field: string;
  code: 'TEXT_TOO_LONG' | 'TEXT_INVALID' | 'DATE_INVALID' | 'TOO_MANY_ITEMS';
  message: string;
  messageVi: string;
}

/**
 * Checks and normalises what the officer sent (NFC, trimmed, empty text as null, CRLF as LF).
 * Short fields hold at most 200 characters, sections 20,000, lists 20 items of 300.
 * @returns the fields, or every problem (each naming its field).
 */
export function checkNarrative(
  input: Partial<Record<keyof NarrativeFields, unknown>>,
): { fields: NarrativeFields } | { problems: NarrativeProblem[] } {
  const problems: NarrativeProblem[] = [];
  const text = (field: keyof NarrativeFields, value: unknown, max: number): string | null => {
    if (value === null || value === undefined) return null;
    const normal = String(value).normalize('NFC').replace(/\r\n?/g, '\n').trim();
    if (normal === '') return null;
    const invalid = invalidTextReason(normal);
    if (invalid !== null)
      problems.push({
        field,
        code: 'TEXT_INVALID',
        message: `${field} holds ${invalid}`,
        messageVi: `${FIELD_VI[field]} có ký tự không hợp lệ`,
      });
    if ([...normal].length > max)
      problems.push({
        field,
        code: 'TEXT_TOO_LONG',
        message: `${field} is longer than ${max} characters`,
        messageVi: `${FIELD_VI[field]} dài quá ${max} ký tự`,
      });
    return normal;
  };
  const fields: NarrativeFields = { ...EMPTY_NARRATIVE, recipients: [], copiesTo: [] };
  for (const field of SHORT) fields[field] = text(field, input[field], 200);
  for (const field of LONG) fields[field] = text(field, input[field], 20000);
  for (const field of LISTS) {
    const list = input[field];
    const items = Array.isArray(list) ? list : list === null || list === undefined ? [] : [list];
    if (items.length > 20)
      problems.push({
        field,
        code: 'TOO_MANY_ITEMS',
        message: `${field} has more than 20 items`,
        messageVi: `${FIELD_VI[field]} quá 20 mục`,
      });
    fields[field] = items.map((item) => text(field, item, 300)).filter((item): item is string => item !== null);
  }
  const date = text('date', input.date, 10);
  if (date !== null) {
    const parsed = new Date(`${date}T00:00:00Z`);
    if (
      !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
      Number.isNaN(parsed.getTime()) ||
      parsed.toISOString().slice(0, 10) !== date
    ) {
      problems.push({
        field: 'date',
        code: 'DATE_INVALID',
        message: `date "${date}" is not a real YYYY-MM-DD date`,
        messageVi: `ngày văn bản "${date}" không đúng định dạng năm-tháng-ngày`,
      });
    }
  }
  fields.date = date;
  return problems.length > 0 ? { problems } : { fields };
}

/** The fields of {@link REQUIRED_FIELDS} still empty. */
export function missingFields(fields: NarrativeFields): string[] {
  return REQUIRED_FIELDS.filter((field) => fields[field] === null);
}
