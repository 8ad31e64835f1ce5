/**
 * One import, wherever it runs (the `import` command through the graph's staged publication, or
 * the subgraph behind `import…Sheet`): a sheet that could not be read is reported as is; a sheet
 * with bad cells is still checked in full by a dry run, so every problem is reported at once; a
 * clean sheet is published as one publication (or, with dryRun, only checked).
 */
import { buildImportReport, type ImportReport, type OutcomeLike } from './report';
import type { ParsedSheet, SheetRowInput } from './sheet';

/** Sends every row (with its sheet row) as one publication; `dryRun` writes nothing. */
export type RowSender = (rows: (SheetRowInput & { sheetRow: number })[], dryRun: boolean) => Promise<OutcomeLike>;

const FATAL = new Set(['FILE_UNREADABLE', 'EMPTY_SHEET', 'MISSING_COLUMN', 'DUPLICATE_COLUMN']);

export async function runImport(parsed: ParsedSheet, send: RowSender, dryRun: boolean): Promise<ImportReport> {
  const fatal = parsed.problems.some(
    (p) => FATAL.has(p.code) && (p.field === 'communeCode' || p.field === 'indicator' || p.code !== 'MISSING_COLUMN'),
  );
  if (fatal || parsed.rows.length === 0) {
    if (!fatal && parsed.rows.length === 0) {
      return buildImportReport(
        {
          ...parsed,
          problems: [
            ...parsed.problems,
            {
              row: null,
              column: null,
              field: null,
              commune: null,
              indicator: null,
              code: 'EMPTY_SHEET',
              severity: 'ERROR',
              message: 'no row has a value filled in: nothing to import',
              messageVi: 'Không có dòng nào có số liệu: không có gì để nhập',
            },
          ],
        },
        null,
        dryRun,
      );
    }
    return buildImportReport(parsed, null, dryRun);
  }
  const hasErrors = parsed.problems.some((p) => p.severity === 'ERROR');
  // A row with a cell that could not be read is reported as it is and not sent: the counts then
  // add up (every row is created, updated, unchanged or rejected), and the rest is still checked in full.
  const unreadableRows = new Set(
    parsed.problems.filter((p) => p.severity === 'ERROR' && p.row !== null && p.row > 1).map((p) => p.row),
  );
  const sent = parsed.rows.filter((r) => !unreadableRows.has(r.sheetRow));
  const outcome =
    sent.length === 0
      ? null
      : await send(
          sent.map((r) => ({ ...r.input, sheetRow: r.sheetRow })),
          dryRun || hasErrors,
        );
  return buildImportReport(parsed, outcome, dryRun, sent);
}
