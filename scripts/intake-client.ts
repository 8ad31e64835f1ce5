/**
 * What `npm run template` and `npm run import` do, as functions (the commands parse arguments and
 * print; tests call these directly against a running hub). Both talk to the gateway only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { department as departmentOf, DEPARTMENTS, isDepartmentCode, type Department } from '../shared/departments';
import type { IndicatorKind } from '../shared/criteria/types';
import type { ImportReport, OutcomeLike } from '../shared/intake/report';
import { runImport } from '../shared/intake/run';
import { parseSheet, type SheetFormat } from '../shared/intake/sheet';

/** Where and as whom the commands act. */
export interface GraphTarget {
  url: string;
  /** Authorization or X-Api-Key header. */
  headers: Record<string, string>;
}

interface GraphBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; messageVi?: string; field?: string } }[];
}

/** Thrown when the graph refuses a call; the message carries the code, English and Vietnamese. */
export class GraphCallError extends Error {
  constructor(readonly errors: NonNullable<GraphBody<unknown>['errors']>) {
    super(
      errors
        .map(
          (e) =>
            `[${e.extensions?.code ?? 'ERROR'}] ${e.message}${e.extensions?.messageVi ? ` | ${e.extensions.messageVi}` : ''}`,
        )
        .join('\n'),
    );
    this.name = 'GraphCallError';
  }
}

export async function callGraph<T>(target: GraphTarget, query: string, variables: Record<string, unknown>): Promise<T> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: GraphBody<T>;
  try {
    body = JSON.parse(text) as GraphBody<T>;
  } catch {
    throw new Error(`the gateway answered ${response.status}: ${text.slice(0, 200)}`);
  }
  if (body.errors?.length || !body.data)
    throw new GraphCallError(body.errors ?? [{ message: `no data (HTTP ${response.status})` }]);
  return body.data;
}

/** A department code as typed on the command line. @throws Error naming the valid codes */
export function departmentArg(code: string | undefined): Department {
  if (!code || !isDepartmentCode(code))
    throw new Error(`--department is one of ${DEPARTMENTS.map((d) => d.code).join(', ')}`);
  return departmentOf(code);
}

/** The criteria set assigned to a year (the province's decision in force now). */
export async function assignedSet(target: GraphTarget, year: number): Promise<string> {
  const data = await callGraph<{ criteriaSetAssignments: { year: number; criteriaSetId: string }[] }>(
    target,
    '{ criteriaSetAssignments { year criteriaSetId } }',
    {},
  );
  const found = data.criteriaSetAssignments.find((a) => a.year === year);
  if (!found) throw new Error(`no criteria set is assigned to ${year}: give --set`);
  return found.criteriaSetId;
}

export interface TemplateOptions {
  department: Department;
  year: number;
  criteriaSetId?: string;
  districtCode?: string;
  /** The province's communes (default Ninh Thuận, 58); on the two-tier map, e.g. 56. */
  provinceCode?: string;
  format: SheetFormat;
  out: string;
}

/** Downloads a template from the graph and writes it. Returns its row count and file. */
export async function downloadTemplate(
  target: GraphTarget,
  options: TemplateOptions,
): Promise<{ rows: number; file: string; criteriaSetId: string }> {
  const criteriaSetId = options.criteriaSetId ?? (await assignedSet(target, options.year));
  const field = `${options.department.slug}Template`;
  const data = await callGraph<Record<string, { contentBase64: string; rows: number; fileName: string }>>(
    target,
    `query($input: TemplateInput!) { t: ${field}(input: $input) { fileName rows contentBase64 } }`,
    {
      input: {
        criteriaSetId,
        year: options.year,
        districtCode: options.districtCode ?? null,
        ...(options.provinceCode ? { provinceCode: options.provinceCode } : {}),
        format: options.format,
      },
    },
  );
  const template = data.t;
  if (!template) throw new Error('no template in the answer');
  fs.writeFileSync(options.out, Buffer.from(template.contentBase64, 'base64'));
  return { rows: template.rows, file: options.out, criteriaSetId };
}

export interface ImportOptions {
  file: string;
  department: Department;
  year: number;
  criteriaSetId?: string;
  format?: SheetFormat;
  dryRun: boolean;
  /** Rows per call (at most the hub's HUB_MAX_PUBLISH_ROWS). */
  chunkSize: number;
  /** Told how many rows have been sent so far. */
  progress?: (sent: number, total: number) => void;
  /** Told when every row is sent and the commit has begun. */
  committing?: () => void;
  /** The longest pause between asking whether the commit has ended (ms, default 1000; it starts at 50). */
  pollMs?: number;
}

const COMMIT_FIELDS = `criteriaSetId criteriaSetVersion year dryRun applied publicationId totalRows created updated unchanged rejectedCount
  rejected { index sheetRow commune indicator code field message messageVi ruleId }
  ruleResults { ruleId severity communeCode indicator index sheetRow message messageVi left { department indicator field value } right { department indicator field value } limit ruleSetId ruleSetVersion title titleVi }
  rulesNotEvaluated { ruleIds reason reasonVi }`;

/** The format of a file by its extension. */
export function formatOf(file: string): SheetFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return 'CSV';
  if (ext === '.xlsx') return 'XLSX';
  throw new Error(`${file}: the format is CSV or XLSX (by the extension .csv or .xlsx, or --format)`);
}

/**
 * Imports a sheet through the graph as ONE publication: the rows go in chunks into a staged
 * publication, which is committed as a whole (or, dry run or refused, discarded).
 */
export async function importFile(target: GraphTarget, options: ImportOptions): Promise<ImportReport> {
  const criteriaSetId = options.criteriaSetId ?? (await assignedSet(target, options.year));
  const set = await callGraph<{
    criteriaSet: { criteria: { indicators: { code: string; kind: IndicatorKind }[] }[] } | null;
  }>(target, 'query($id: ID!) { criteriaSet(id: $id) { criteria { indicators { code kind } } } }', {
    id: criteriaSetId,
  });
  if (!set.criteriaSet) throw new Error(`criteria set ${criteriaSetId} is not loaded`);
  const kinds = new Map(set.criteriaSet.criteria.flatMap((c) => c.indicators).map((i) => [i.code, i.kind]));
  const parsed = await parseSheet(fs.readFileSync(options.file), options.format ?? formatOf(options.file), { kinds });
  const { pascal } = options.department;
  return runImport(
    parsed,
    async (rows, dryRun): Promise<OutcomeLike> => {
      const opened = await callGraph<{ s: { id: string } }>(
        target,
        `mutation($input: OpenStagedPublicationInput!) { s: open${pascal}StagedPublication(input: $input) { id } }`,
        {
          input: { criteriaSetId, year: options.year },
        },
      );
      const id = opened.s.id;
      let committed = false;
      try {
        for (let start = 0; start < rows.length; start += options.chunkSize) {
          const chunk = rows.slice(start, start + options.chunkSize);
          await callGraph(
            target,
            `mutation($id: ID!, $rows: [StagedRowInput!]!) { append${pascal}StagedRows(id: $id, rows: $rows) { rowCount } }`,
            { id, rows: chunk },
          );
          options.progress?.(start + chunk.length, rows.length);
        }
        // Committed in the background and polled: a national file takes longer than one gateway fetch may wait.
        await callGraph(
          target,
          `mutation($id: ID!, $dryRun: Boolean!) { begin${pascal}StagedCommit(id: $id, dryRun: $dryRun) { state } }`,
          { id, dryRun },
        );
        options.committing?.();
        for (let attempt = 0; ; attempt += 1) {
          const read = await callGraph<{
            s: {
              state: string;
              result: (OutcomeLike & { applied: boolean }) | null;
              failure: { code: string; message: string; messageVi: string } | null;
            };
          }>(
            target,
            `query($id: ID!) { s: ${options.department.slug}StagedPublication(id: $id) { state result { ${COMMIT_FIELDS} } failure { code message messageVi } } }`,
            { id },
          );
          if (read.s.state !== 'COMMITTING') {
            if (read.s.failure)
              throw new GraphCallError([
                {
                  message: read.s.failure.message,
                  extensions: { code: read.s.failure.code, messageVi: read.s.failure.messageVi },
                },
              ]);
            if (!read.s.result) throw new Error(`staged publication ${id} is ${read.s.state} with no outcome`);
            committed = read.s.result.applied;
            return read.s.result;
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(options.pollMs ?? 1000, 50 * 2 ** attempt)));
        }
      } finally {
        // Nothing of it was written: discard it (a failure to discard must not hide why it failed).
        if (!committed)
          await callGraph(target, `mutation($id: ID!) { discard${pascal}StagedPublication(id: $id) { state } }`, {
            id,
          }).catch(() => undefined);
      }
    },
    options.dryRun,
  );
}

/** A progress bar on a terminal (stderr), or a line per tenth elsewhere. */
export function progressBar(stream: NodeJS.WriteStream): (sent: number, total: number) => void {
  let lastTenth = -1;
  return (sent, total) => {
    const share = total === 0 ? 1 : sent / total;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.round(share * 100)}% ${sent}/${total} dòng/rows`,
      );
      if (sent === total) stream.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth !== lastTenth) {
      lastTenth = tenth;
      stream.write(`đã gửi / sent ${sent}/${total} dòng/rows (${Math.round(share * 100)}%)\n`);
    }
  };
}
