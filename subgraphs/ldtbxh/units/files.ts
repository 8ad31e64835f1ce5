/**
 * The files of a reorganisation (`npm run units:apply`), read and validated row by row before
 * anything touches the database. A reorganisation is one folder (or the files given together
 * from one folder) holding, recognised by their header row:
 *
 * - a **units** list (`province_code, province_name, [district_code], unit_code, unit_name,
 *   unit_type, valid_from`): every unit that begins on `valid_from` (one date per file). Without a
 *   `district_code` column the list is of the two-tier map: the district level ends the day before;
 * - a **lineage** table (`old_unit_code, old_unit_name, old_province_code, new_unit_code,
 *   new_unit_name, new_province_code, share_note, source_note`): which units of the day before
 *   formed each new unit (the statistics office's conversion table format);
 * - optionally a **provinces** list (`province_code, province_name, province_type, valid_from`):
 *   every province from that date (the ones of the old map end the day before);
 * - optionally a **retired** list (`code, name, …, valid_to, note`): units that ended by `valid_to`
 *   without a known successor.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCsv } from '../csv';

export type LinkKind = 'WHOLE' | 'PART' | 'UNCHANGED' | 'RENAMED' | 'RETYPED';

/** One problem of a file, naming where it is. */
export interface FileIssue {
  file: string;
  /** 1-based line of the file (the header is line 1); 0 for the file as a whole. */
  line: number;
  field: string;
  code: string;
  message: string;
}

/** Thrown with every problem found; nothing has been stored. */
export class UnitsFileError extends Error {
  constructor(readonly issues: FileIssue[]) {
    super(
      `${issues.length} problem(s) in the reorganisation files; nothing was stored:\n${issues
        .slice(0, 50)
        .map((i) => `  ${i.file}:${i.line} ${i.field}: ${i.code}: ${i.message}`)
        .join('\n')}${issues.length > 50 ? `\n  … and ${issues.length - 50} more` : ''}`,
    );
    this.name = 'UnitsFileError';
  }
}

export interface UnitLine {
  line: number;
  provinceCode: string;
  provinceName: string;
  districtCode: string | null;
  code: string;
  name: string;
  type: string;
}

export interface LineageLine {
  line: number;
  oldCode: string | null;
  oldName: string;
  oldProvinceCode: string;
  newCode: string;
  newName: string;
  newProvinceCode: string;
  kind: LinkKind;
  shareNote: string;
  sourceNote: string;
}

export interface ProvinceLine {
  line: number;
  code: string;
  name: string;
  type: string;
}

export interface RetiredLine {
  line: number;
  code: string;
  name: string;
  validTo: string;
  note: string;
}

/** One reorganisation, validated. */
export interface Resolution {
  /** The folder's name, e.g. 2025-07-01-two-tier. */
  name: string;
  /** The first day of the new units (ISO date). */
  effectiveFrom: string;
  /** SHA-256 of the files' contents, in file-name order. */
  contentHash: string;
  files: { kind: string; file: string; rows: number }[];
  /** True for a units list without districts: the district level ends the day before. */
  twoTier: boolean;
  units: { file: string; rows: UnitLine[] } | null;
  lineage: { file: string; rows: LineageLine[] } | null;
  provinces: { file: string; rows: ProvinceLine[] } | null;
  retired: { file: string; rows: RetiredLine[] } | null;
}

const UNIT_TYPES = new Set(['xã', 'phường', 'thị trấn', 'đặc khu']);
const PROVINCE_TYPES = new Set(['tỉnh', 'thành phố']);

/** Names compared across lists: NFC, one space, the tone mark of "Hoà"/"Hòa" in one place. */
export function comparableName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/o([àáảãạ])/g, (_, a: string) => `${{ à: 'ò', á: 'ó', ả: 'ỏ', ã: 'õ', ạ: 'ọ' }[a] ?? a}a`)
    .replace(/u([ỳýỷỹỵ])/g, (_, y: string) => `${{ ỳ: 'ù', ý: 'ú', ỷ: 'ủ', ỹ: 'ũ', ỵ: 'ụ' }[y] ?? y}y`)
    .toLowerCase();
}

/** The kind of a lineage link from the conversion table's note (and whether the old unit was split). */
export function linkKind(sourceNote: string, shareNote: string): LinkKind | null {
  const note = sourceNote.normalize('NFC').trim();
  if (shareNote.trim() !== '' || /m[ộo]t ph[ầa]n|ph[ầa]n c[òo]n l[ạa]i/i.test(note)) return 'PART';
  if (/to[àa]n b[ộo]/i.test(note)) return 'WHOLE';
  if (/^gi[ữu] nguy[êe]n$/i.test(note)) return 'UNCHANGED';
  if (/^đổi tên$/i.test(note)) return 'RENAMED';
  if (/^đổi loại hình$/i.test(note)) return 'RETYPED';
  return null;
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The day before an ISO date. */
export function dayBefore(date: string): string {
  return new Date(new Date(`${date}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
}

type Kind = 'units' | 'lineage' | 'provinces' | 'retired';

function kindOf(header: readonly string[]): Kind | null {
  const has = (...names: string[]) => names.every((n) => header.includes(n));
  if (
    has(
      'old_unit_code',
      'old_unit_name',
      'old_province_code',
      'new_unit_code',
      'new_unit_name',
      'new_province_code',
      'share_note',
      'source_note',
    )
  )
    return 'lineage';
  if (has('province_code', 'province_name', 'unit_code', 'unit_name', 'unit_type', 'valid_from')) return 'units';
  if (has('province_code', 'province_name', 'province_type', 'valid_from')) return 'provinces';
  if (has('code', 'name', 'valid_to')) return 'retired';
  return null;
}

function headerOf(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.split(/\r?\n/, 1)[0] ?? '';
  return first.split(',').map((h) => h.trim());
}

/** Expands folders into their .csv files and groups files by folder: one group per reorganisation. */
export function groupFiles(args: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const arg of args) {
    const absolute = path.resolve(arg);
    if (!fs.existsSync(absolute))
      throw new UnitsFileError([
        { file: arg, line: 0, field: 'file', code: 'FILE_NOT_FOUND', message: 'no such file or folder' },
      ]);
    const files = fs.statSync(absolute).isDirectory()
      ? fs
          .readdirSync(absolute)
          .filter((f) => f.endsWith('.csv'))
          .sort()
          .map((f) => path.join(absolute, f))
      : [absolute];
    for (const file of files) {
      const dir = path.dirname(file);
      const list = groups.get(dir) ?? [];
      if (!list.includes(file)) list.push(file);
      groups.set(dir, list);
    }
  }
  return groups;
}

/**
 * Reads and validates the files of one reorganisation.
 * @throws UnitsFileError listing every problem with its file, line and field.
 */
export function readResolution(dir: string, files: readonly string[]): Resolution {
  const issues: FileIssue[] = [];
  const byKind = new Map<Kind, { file: string; records: Record<string, string>[] }>();
  const hash = createHash('sha256');
  for (const file of [...files].sort()) {
    const shown = path.relative(process.cwd(), file) || file;
    const text = fs.readFileSync(file, 'utf8');
    hash.update(path.basename(file)).update('\0').update(text).update('\0');
    const kind = kindOf(headerOf(text));
    if (!kind) {
      issues.push({
        file: shown,
        line: 1,
        field: 'header',
        code: 'UNKNOWN_FILE_FORMAT',
        message:
          'the header is not that of a units, lineage, provinces or retired list (docs: README "Reorganisations")',
      });
      continue;
    }
    if (byKind.has(kind)) {
      issues.push({
        file: shown,
        line: 0,
        field: 'file',
        code: 'DUPLICATE_FILE_KIND',
        message: `a second ${kind} file in ${path.basename(dir)} (one of each per reorganisation)`,
      });
      continue;
    }
    try {
      byKind.set(kind, { file: shown, records: parseCsv(text, shown) });
    } catch (error) {
      issues.push({ file: shown, line: 0, field: 'file', code: 'MALFORMED_CSV', message: (error as Error).message });
    }
  }
  const field = (
    file: string,
    line: number,
    record: Record<string, string>,
    name: string,
    pattern?: RegExp,
    what?: string,
  ): string => {
    const value = (record[name] ?? '').normalize('NFC').trim();
    if (value === '') issues.push({ file, line, field: name, code: 'FIELD_REQUIRED', message: `${name} is empty` });
    else if (pattern && !pattern.test(value))
      issues.push({ file, line, field: name, code: 'FIELD_INVALID', message: `${name} "${value}" is not ${what}` });
    return value;
  };

  const dates: { from: string | null } = { from: null };
  const dateOf = (file: string, line: number, value: string, name: string) => {
    if (!isIsoDate(value)) {
      issues.push({
        file,
        line,
        field: name,
        code: 'FIELD_INVALID',
        message: `${name} "${value}" is not an ISO date (YYYY-MM-DD)`,
      });
      return;
    }
    if (dates.from === null) dates.from = value;
    else if (value !== dates.from)
      issues.push({
        file,
        line,
        field: name,
        code: 'MIXED_DATES',
        message: `${name} ${value} differs from ${dates.from}: one reorganisation has one date`,
      });
  };

  let units: Resolution['units'] = null;
  let twoTier = false;
  const unitsFile = byKind.get('units');
  if (unitsFile) {
    const withDistricts = unitsFile.records.length > 0 && 'district_code' in (unitsFile.records[0] ?? {});
    twoTier = !withDistricts;
    const seen = new Map<string, number>();
    const rows = unitsFile.records.map((record, index): UnitLine => {
      const line = index + 2;
      const row: UnitLine = {
        line,
        provinceCode: field(unitsFile.file, line, record, 'province_code', /^\d{2}$/, '2 digits'),
        provinceName: field(unitsFile.file, line, record, 'province_name'),
        districtCode: withDistricts
          ? field(unitsFile.file, line, record, 'district_code', /^\d{3}$/, '3 digits')
          : null,
        code: field(unitsFile.file, line, record, 'unit_code', /^\d{5}$/, '5 digits'),
        name: field(unitsFile.file, line, record, 'unit_name'),
        type: field(unitsFile.file, line, record, 'unit_type'),
      };
      if (row.type !== '' && !UNIT_TYPES.has(row.type))
        issues.push({
          file: unitsFile.file,
          line,
          field: 'unit_type',
          code: 'FIELD_INVALID',
          message: `unit_type "${row.type}" is not xã, phường, thị trấn or đặc khu`,
        });
      dateOf(unitsFile.file, line, (record.valid_from ?? '').trim(), 'valid_from');
      const before = seen.get(row.code);
      if (before !== undefined)
        issues.push({
          file: unitsFile.file,
          line,
          field: 'unit_code',
          code: 'DUPLICATE_UNIT',
          message: `unit ${row.code} is listed twice (also line ${before})`,
        });
      else seen.set(row.code, line);
      return row;
    });
    units = { file: unitsFile.file, rows };
  }

  let provinces: Resolution['provinces'] = null;
  const provincesFile = byKind.get('provinces');
  if (provincesFile) {
    const seen = new Set<string>();
    const rows = provincesFile.records.map((record, index): ProvinceLine => {
      const line = index + 2;
      const row: ProvinceLine = {
        line,
        code: field(provincesFile.file, line, record, 'province_code', /^\d{2}$/, '2 digits'),
        name: field(provincesFile.file, line, record, 'province_name'),
        type: field(provincesFile.file, line, record, 'province_type'),
      };
      if (row.type !== '' && !PROVINCE_TYPES.has(row.type))
        issues.push({
          file: provincesFile.file,
          line,
          field: 'province_type',
          code: 'FIELD_INVALID',
          message: `province_type "${row.type}" is not tỉnh or thành phố`,
        });
      dateOf(provincesFile.file, line, (record.valid_from ?? '').trim(), 'valid_from');
      if (seen.has(row.code))
        issues.push({
          file: provincesFile.file,
          line,
          field: 'province_code',
          code: 'DUPLICATE_UNIT',
          message: `province ${row.code} is listed twice`,
        });
      seen.add(row.code);
      return row;
    });
    provinces = { file: provincesFile.file, rows };
  }

  let lineage: Resolution['lineage'] = null;
  const lineageFile = byKind.get('lineage');
  if (lineageFile) {
    const newUnits = new Map((units?.rows ?? []).map((u) => [u.code, u]));
    const pairs = new Set<string>();
    const rows = lineageFile.records.map((record, index): LineageLine => {
      const line = index + 2;
      const file = lineageFile.file;
      const oldCodeRaw = (record.old_unit_code ?? '').trim();
      if (oldCodeRaw !== '' && !/^\d{5}$/.test(oldCodeRaw))
        issues.push({
          file,
          line,
          field: 'old_unit_code',
          code: 'FIELD_INVALID',
          message: `old_unit_code "${oldCodeRaw}" is not 5 digits`,
        });
      const row: LineageLine = {
        line,
        oldCode: oldCodeRaw === '' ? null : oldCodeRaw,
        oldName: field(file, line, record, 'old_unit_name'),
        oldProvinceCode: field(file, line, record, 'old_province_code', /^\d{2}$/, '2 digits'),
        newCode: field(file, line, record, 'new_unit_code', /^\d{5}$/, '5 digits'),
        newName: field(file, line, record, 'new_unit_name'),
        newProvinceCode: field(file, line, record, 'new_province_code', /^\d{2}$/, '2 digits'),
        kind: 'WHOLE',
        shareNote: (record.share_note ?? '').normalize('NFC').trim(),
        sourceNote: field(file, line, record, 'source_note'),
      };
      const kind = linkKind(row.sourceNote, row.shareNote);
      if (kind === null)
        issues.push({
          file,
          line,
          field: 'source_note',
          code: 'UNKNOWN_SOURCE_NOTE',
          message: `source_note "${row.sourceNote}" is none of Nhập toàn bộ, Nhập một phần, Giữ nguyên, Đổi tên, Đổi loại hình`,
        });
      else row.kind = kind;
      const unit = newUnits.get(row.newCode);
      if (!unit)
        issues.push({
          file,
          line,
          field: 'new_unit_code',
          code: 'UNKNOWN_NEW_UNIT',
          message: `new unit ${row.newCode} is not in the units list of this reorganisation`,
        });
      else {
        if (comparableName(unit.name) !== comparableName(row.newName))
          issues.push({
            file,
            line,
            field: 'new_unit_name',
            code: 'NAME_MISMATCH',
            message: `new_unit_name "${row.newName}" differs from the units list's "${unit.name}" for ${row.newCode}`,
          });
        if (unit.provinceCode !== row.newProvinceCode)
          issues.push({
            file,
            line,
            field: 'new_province_code',
            code: 'PROVINCE_MISMATCH',
            message: `new_province_code ${row.newProvinceCode} differs from the units list's ${unit.provinceCode} for ${row.newCode}`,
          });
      }
      const pair = `${row.oldCode ?? row.oldName}>${row.newCode}`;
      if (pairs.has(pair))
        issues.push({
          file,
          line,
          field: 'old_unit_code',
          code: 'DUPLICATE_LINK',
          message: `the link ${row.oldCode ?? row.oldName} → ${row.newCode} is listed twice`,
        });
      pairs.add(pair);
      return row;
    });
    const formed = new Set(rows.map((r) => r.newCode));
    for (const unit of units?.rows ?? []) {
      if (!formed.has(unit.code))
        issues.push({
          file: units?.file ?? '',
          line: unit.line,
          field: 'unit_code',
          code: 'NEW_UNIT_WITHOUT_LINEAGE',
          message: `unit ${unit.code} ${unit.name} has no row in the lineage table`,
        });
    }
    lineage = { file: lineageFile.file, rows };
  } else if (units) {
    issues.push({
      file: units.file,
      line: 0,
      field: 'file',
      code: 'LINEAGE_REQUIRED',
      message: 'a units list needs its lineage table in the same folder: history follows lineage',
    });
  }

  let retired: Resolution['retired'] = null;
  const retiredFile = byKind.get('retired');
  if (retiredFile) {
    const rows = retiredFile.records.map((record, index): RetiredLine => {
      const line = index + 2;
      const validTo = field(retiredFile.file, line, record, 'valid_to');
      if (validTo !== '' && !isIsoDate(validTo))
        issues.push({
          file: retiredFile.file,
          line,
          field: 'valid_to',
          code: 'FIELD_INVALID',
          message: `valid_to "${validTo}" is not an ISO date`,
        });
      return {
        line,
        code: field(retiredFile.file, line, record, 'code', /^\d{5}$/, '5 digits'),
        name: field(retiredFile.file, line, record, 'name'),
        validTo,
        note: (record.note ?? '').normalize('NFC').trim(),
      };
    });
    retired = { file: retiredFile.file, rows };
    const from = dates.from;
    if (from !== null) {
      for (const row of rows) {
        if (isIsoDate(row.validTo) && row.validTo >= from)
          issues.push({
            file: retiredFile.file,
            line: row.line,
            field: 'valid_to',
            code: 'FIELD_INVALID',
            message: `valid_to ${row.validTo} is not before the reorganisation's ${from}`,
          });
      }
    }
  }
  if (!units && !provinces && !retired)
    issues.push({
      file: path.basename(dir),
      line: 0,
      field: 'file',
      code: 'NOTHING_TO_APPLY',
      message: 'no units, provinces or retired list in this folder',
    });
  if (issues.length > 0) throw new UnitsFileError(issues);
  const retiredEnd = retired?.rows
    .map((r) => r.validTo)
    .sort()
    .at(-1);
  const from: string =
    dates.from ??
    (retiredEnd ? new Date(new Date(`${retiredEnd}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10) : '');
  return {
    name: path.basename(dir),
    effectiveFrom: from,
    contentHash: hash.digest('hex'),
    files: [...byKind.entries()].map(([kind, v]) => ({ kind, file: v.file, rows: v.records.length })),
    twoTier,
    units,
    lineage,
    provinces,
    retired,
  };
}
