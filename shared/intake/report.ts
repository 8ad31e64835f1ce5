/**
 * The summary of an import, in DHIS2's manner: rows created, updated, unchanged, rejected (and
 * ignored: rows with nothing filled in), an overall status OK / WARNING / ERROR, and every problem
 * with the sheet's own row number and column, in English and Vietnamese.
 */
import { columnLabel, type SheetField } from './columns';
import type { ParsedSheet, Severity, SheetProblem, SheetRow } from './sheet';
import { cellKey } from './sheet';

/** What the hub answered for the rows (a staged commit, or one publication). */
export interface OutcomeLike {
  dryRun: boolean;
  applied: boolean;
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejected: {
    index: number;
    commune: string;
    indicator: string;
    code: string;
    field: string;
    message: string;
    messageVi: string;
    ruleId: string | null;
  }[];
  ruleResults: {
    index: number;
    commune?: string;
    communeCode: string;
    indicator: string;
    ruleId: string;
    severity: Severity;
    message: string;
    messageVi: string;
    left: { field: string };
  }[];
  rulesNotEvaluated: { ruleIds: string[]; reason: string; reasonVi: string }[];
}

export type ImportStatus = 'OK' | 'WARNING' | 'ERROR';

export interface ImportReport {
  status: ImportStatus;
  dryRun: boolean;
  applied: boolean;
  publicationId: string | null;
  /** Rows sent (rows with something filled in). */
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows with at least one ERROR problem. */
  rejected: number;
  ignored: number;
  warnings: number;
  /** Every problem, ordered by row then column. */
  problems: SheetProblem[];
}

const FIELD_OF_INPUT: Record<string, SheetField> = { commune: 'communeCode', indicator: 'indicator' };

/**
 * Combines what the sheet's reading found with what the hub answered for the rows sent (`sent`,
 * in the order sent; rows with a cell that could not be read are not sent). `outcome` is null when
 * nothing was sent (an unreadable file).
 */
export function buildImportReport(
  parsed: ParsedSheet,
  outcome: OutcomeLike | null,
  dryRun: boolean,
  sent: readonly SheetRow[] = parsed.rows,
): ImportReport {
  const problems: SheetProblem[] = [...parsed.problems];
  const columnOf = (field: string): string | null => {
    const column = parsed.columns[(FIELD_OF_INPUT[field] ?? field) as SheetField];
    return column ? columnLabel(column.letter, column.header) : null;
  };
  for (const r of outcome?.rejected ?? []) {
    const row = sent[r.index]?.sheetRow ?? null;
    // A cell that could not be read was left out of the row; publishing's "value required" for it is the same problem.
    if (r.code === 'VALUE_REQUIRED' && row !== null && parsed.unreadable.has(cellKey(row, r.field))) continue;
    // So is it for a column the sheet lacks (reported once, on the header row).
    if (
      r.code === 'VALUE_REQUIRED' &&
      !parsed.columns[r.field as SheetField] &&
      parsed.problems.some((p) => p.code === 'MISSING_COLUMN' && p.field === r.field)
    )
      continue;
    problems.push({
      row,
      column: columnOf(r.field),
      field: r.field,
      commune: r.commune,
      indicator: r.indicator,
      code: r.ruleId ? `RULE_VIOLATED:${r.ruleId}` : r.code,
      severity: 'ERROR',
      message: r.message,
      messageVi: r.messageVi,
    });
  }
  for (const w of outcome?.ruleResults ?? []) {
    if (w.severity !== 'WARNING') continue;
    const row = sent[w.index]?.sheetRow ?? null;
    const field = w.left.field === 'rate' ? 'numerator' : w.left.field;
    problems.push({
      row,
      column: columnOf(field),
      field,
      commune: w.communeCode,
      indicator: w.indicator,
      code: `RULE_WARNING:${w.ruleId}`,
      severity: 'WARNING',
      message: w.message,
      messageVi: w.messageVi,
    });
  }
  for (const n of outcome?.rulesNotEvaluated ?? []) {
    problems.push({
      row: null,
      column: null,
      field: null,
      commune: null,
      indicator: null,
      code: 'RULES_NOT_EVALUATED',
      severity: 'WARNING',
      message: `rules ${n.ruleIds.join(', ')} were not evaluated: ${n.reason}`,
      messageVi: n.reasonVi,
    });
  }
  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0) || (a.column ?? '').localeCompare(b.column ?? ''));
  const errorRows = new Set(problems.filter((p) => p.severity === 'ERROR').map((p) => p.row ?? 0));
  const errors = problems.some((p) => p.severity === 'ERROR');
  const warnings = problems.filter((p) => p.severity === 'WARNING').length;
  return {
    status: errors ? 'ERROR' : warnings > 0 ? 'WARNING' : 'OK',
    dryRun,
    applied: !errors && (outcome?.applied ?? false),
    publicationId: errors ? null : (outcome?.publicationId ?? null),
    totalRows: parsed.rows.length,
    created: outcome?.created ?? 0,
    updated: outcome?.updated ?? 0,
    unchanged: outcome?.unchanged ?? 0,
    rejected: errorRows.size,
    ignored: parsed.ignored,
    warnings,
    problems,
  };
}

/** The report as lines for a terminal, Vietnamese first. */
export function reportLines(report: ImportReport): string[] {
  const verb = report.applied ? '' : ' (chưa ghi / not written)';
  const lines = [
    `Trạng thái / status: ${report.status}${report.dryRun ? ' — chạy thử / dry run' : ''}${verb}`,
    `Tạo mới / created: ${report.created}   Cập nhật / updated: ${report.updated}   Không đổi / unchanged: ${report.unchanged}   Bị từ chối / rejected: ${report.rejected}   Bỏ qua (trống) / ignored (blank): ${report.ignored}   Cảnh báo / warnings: ${report.warnings}`,
  ];
  if (report.publicationId) lines.push(`Lượt công bố / publication: ${report.publicationId}`);
  for (const p of report.problems) {
    const where = [p.row === null ? null : `dòng/row ${p.row}`, p.column === null ? null : `cột/column ${p.column}`]
      .filter(Boolean)
      .join(', ');
    lines.push(`${p.severity} ${where ? `[${where}] ` : ''}${p.code}: ${p.messageVi} | ${p.message}`);
  }
  return lines;
}
