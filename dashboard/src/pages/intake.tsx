import { useState } from 'preact/hooks';
import { Page } from '../components';
import { base64Bytes, download, CSV_TYPE, XLSX_TYPE } from '../export';
import { credential, graph, GraphFailure, tokenClaims, type GraphError } from '../graph';
import { useGraph } from '../hooks';
import { label, num, t } from '../i18n';

/** The departments, in the plan's order (the graph's Department enum); each has its own template and import fields. */
const DEPARTMENTS = ['LDTBXH', 'YTE', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL'] as const;
type DepartmentCode = (typeof DEPARTMENTS)[number];
const slugOf = (d: DepartmentCode) => d.toLowerCase();
const pascalOf = (d: DepartmentCode) => `${d.charAt(0)}${d.slice(1).toLowerCase()}`;

interface Problem {
  row: number | null;
  column: string | null;
  field: string | null;
  commune: string | null;
  indicator: string | null;
  code: string;
  severity: 'ERROR' | 'WARNING';
  message: string;
  messageVi: string;
}

export interface ImportReport {
  status: 'OK' | 'WARNING' | 'ERROR';
  dryRun: boolean;
  applied: boolean;
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  ignored: number;
  warnings: number;
  problems: Problem[];
}

interface IntakeData {
  criteriaSetAssignments: { year: number; criteriaSetId: string }[];
  province: { code: string; name: string; districts: { code: string; name: string }[] } | null;
}

export const INTAKE_QUERY = `query Intake {
  criteriaSetAssignments { year criteriaSetId }
  province(code: "58") { code name districts { code name } }
}`;

export const templateQuery = (d: DepartmentCode) => `query Template($input: TemplateInput!) {
  template: ${slugOf(d)}Template(input: $input) { fileName rows contentBase64 }
}`;

export const importMutation = (d: DepartmentCode) => `mutation Import($input: ImportSheetInput!) {
  report: import${pascalOf(d)}Sheet(input: $input) {
    status dryRun applied totalRows created updated unchanged rejected ignored warnings
    problems { row column field commune indicator code severity message messageVi }
  }
}`;

/** A file's bytes as base64 (in slices, so a large file does not overflow the call stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The first error of a refused call, in Vietnamese when the graph gave it. */
const errorText = (errors: GraphError[], fallback: string) => {
  const first = errors[0];
  return first
    ? `${first.extensions?.messageVi ?? first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}`
    : fallback;
};

/**
 * A department's intake, through the graph: download the template of a district (or the province,
 * or on the two-tier map another province) for a year, in XLSX or CSV; upload the filled file for
 * a dry run or an import (one all-or-nothing publication), and read the summary — created,
 * updated, unchanged, rejected, ignored, warnings and OK / WARNING / ERROR, as DHIS2 gives it —
 * with every problem by row and column, in Vietnamese.
 */
export function IntakePage(props: { year: number }) {
  const loaded = useGraph<IntakeData>(INTAKE_QUERY, {});
  const claims = tokenClaims(credential());
  const own = DEPARTMENTS.find((d) => d === claims?.department);
  const [department, setDepartment] = useState<DepartmentCode>(own ?? 'YTE');
  const [scope, setScope] = useState('');
  const [province, setProvince] = useState('');
  const [format, setFormat] = useState<'XLSX' | 'CSV'>('XLSX');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const setId =
    loaded.state === 'ready'
      ? (loaded.data.criteriaSetAssignments.find((a) => a.year === props.year)?.criteriaSetId ?? null)
      : null;

  const run = async (what: string, work: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    setNote(null);
    try {
      await work();
    } catch (e) {
      setError(e instanceof GraphFailure ? errorText(e.errors, e.message) : String(e instanceof Error ? e.message : e));
    } finally {
      setBusy(null);
    }
  };

  const downloadTemplate = () =>
    run('template', async () => {
      if (!setId) throw new Error(t('intakeNoSet'));
      const input = {
        criteriaSetId: setId,
        year: props.year,
        format,
        ...(scope ? { districtCode: scope } : {}),
        ...(province ? { provinceCode: province } : {}),
      };
      const { data, errors } = await graph<{
        template: { fileName: string; rows: number; contentBase64: string } | null;
      }>(templateQuery(department), { input });
      const template = data?.template;
      if (!template) throw new Error(errorText(errors, t('failed')));
      download(
        format === 'CSV'
          ? new TextDecoder().decode(base64Bytes(template.contentBase64))
          : base64Bytes(template.contentBase64),
        template.fileName,
        format === 'CSV' ? CSV_TYPE : XLSX_TYPE,
      );
      setNote(`${template.fileName}: ${num(template.rows)} ${t('intakeRows')}`);
    });

  const upload = (dryRun: boolean) =>
    run(dryRun ? 'dry-run' : 'import', async () => {
      if (!setId) throw new Error(t('intakeNoSet'));
      if (!file) throw new Error(t('intakeChooseFile'));
      const bytes = new Uint8Array(await file.arrayBuffer());
      const input = {
        criteriaSetId: setId,
        year: props.year,
        format: /\.csv$/i.test(file.name) ? 'CSV' : 'XLSX',
        contentBase64: toBase64(bytes),
        dryRun,
      };
      const { data, errors } = await graph<{ report: ImportReport | null }>(importMutation(department), { input });
      if (!data?.report) throw new Error(errorText(errors, t('failed')));
      setReport(data.report);
    });

  const districts = loaded.state === 'ready' ? (loaded.data.province?.districts ?? []) : [];
  return (
    <Page
      id="intake"
      title={`${t('intakeTitle')} — ${props.year}`}
      state={loaded.state === 'failed' ? 'failed' : loaded.state}
    >
      <p>{t('intakeIntro')}</p>
      {loaded.state === 'failed' && (
        <p role="alert" class="error">
          {t('failed')}: {loaded.message}
        </p>
      )}
      <form class="intake" onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('intakeTemplate')}</legend>
          <label>
            {t('intakeDepartment')}{' '}
            <select
              id="intake-department"
              value={department}
              onChange={(e) => setDepartment((e.target as HTMLSelectElement).value as DepartmentCode)}
            >
              {DEPARTMENTS.map((d) => (
                <option key={d} value={d}>
                  {label(d)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('district')}{' '}
            <select
              id="intake-district"
              value={scope}
              onChange={(e) => setScope((e.target as HTMLSelectElement).value)}
            >
              <option value="">{t('intakeWholeProvince')}</option>
              {districts.map((d) => (
                <option key={d.code} value={d.code}>
                  {d.name} ({d.code})
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('intakeProvinceCode')}{' '}
            <input
              id="intake-province"
              inputMode="numeric"
              size={3}
              maxLength={2}
              placeholder="58"
              value={province}
              onInput={(e) => setProvince((e.target as HTMLInputElement).value.trim())}
            />
          </label>
          <label>
            {t('intakeFormat')}{' '}
            <select
              id="intake-format"
              value={format}
              onChange={(e) => setFormat((e.target as HTMLSelectElement).value as 'XLSX' | 'CSV')}
            >
              <option value="XLSX">XLSX</option>
              <option value="CSV">CSV</option>
            </select>
          </label>
          <p class="muted">
            {t('intakeSet')}: <strong data-intake="set">{setId ?? '—'}</strong>
          </p>
          <button
            type="button"
            id="intake-template"
            disabled={busy !== null || loaded.state !== 'ready'}
            onClick={() => void downloadTemplate()}
          >
            {t('intakeDownload')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('intakeUpload')}</legend>
          <label for="intake-file">{t('intakeFile')}</label>
          <input
            id="intake-file"
            type="file"
            accept=".xlsx,.csv"
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)}
          />
          <button type="button" id="intake-dry-run" disabled={busy !== null || !file} onClick={() => void upload(true)}>
            {t('intakeDryRun')}
          </button>
          <button type="button" id="intake-import" disabled={busy !== null || !file} onClick={() => void upload(false)}>
            {t('intakeImport')}
          </button>
        </fieldset>
      </form>
      {busy && <p role="status">{t('loading')}</p>}
      {note && (
        <p role="status" data-intake="note">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" class="error" data-intake="error">
          {error}
        </p>
      )}
      {report && <ReportView report={report} />}
    </Page>
  );
}

function ReportView(props: { report: ImportReport }) {
  const r = props.report;
  const counts: [string, number][] = [
    ['created', r.created],
    ['updated', r.updated],
    ['unchanged', r.unchanged],
    ['rejected', r.rejected],
    ['ignored', r.ignored],
    ['warnings', r.warnings],
  ];
  return (
    <div
      class="card"
      data-intake="report"
      data-status={r.status}
      data-dry-run={String(r.dryRun)}
      data-applied={String(r.applied)}
    >
      <h2>
        {t('intakeSummary')}: <span class={`tag status-${r.status.toLowerCase()}`}>{r.status}</span>
      </h2>
      <p data-intake="outcome">
        {r.applied ? t('intakeApplied') : r.dryRun ? t('intakeDryRunDone') : t('intakeNotApplied')}
      </p>
      <table class="data" data-table="intake-summary">
        <tbody>
          {counts.map(([key, value]) => (
            <tr key={key} data-count={key}>
              <th scope="row">{label(`INTAKE_${key.toUpperCase()}`)}</th>
              <td>{num(value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {r.problems.length > 0 && (
        <div class="scroll">
          <table class="data" data-table="intake-problems">
            <thead>
              <tr>
                <th scope="col">{t('intakeSeverity')}</th>
                <th scope="col">{t('intakeRow')}</th>
                <th scope="col">{t('intakeColumn')}</th>
                <th scope="col">{t('code')}</th>
                <th scope="col">{t('intakeProblem')}</th>
              </tr>
            </thead>
            <tbody>
              {r.problems.map((p, i) => (
                <tr key={i} data-row={p.row ?? ''} data-code={p.code} data-severity={p.severity}>
                  <td>{p.severity}</td>
                  <td data-col="row">{p.row ?? '—'}</td>
                  <td data-col="column">{p.column ?? '—'}</td>
                  <td data-col="code">{p.code}</td>
                  <td data-col="message" lang="vi">
                    {p.messageVi}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
