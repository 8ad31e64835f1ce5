import { useState } from 'preact/hooks';
import { Page, Status } from '../components';
import { base64Bytes, download, CSV_TYPE, DOCX_TYPE, XLSX_TYPE } from '../export';
import { graph } from '../graph';
import { useGraph } from '../hooks';
import { date, dateTime, label, t } from '../i18n';

interface ReportsData {
  reportDeadlines: {
    kind: string;
    scope: string;
    year: number;
    deadline: string;
    status: string;
    submittedAt: string | null;
  }[];
  province: { code: string; name: string; districts: { code: string; name: string }[] } | null;
}

export const REPORTS_QUERY = `query Reports($year: Int!) {
  reportDeadlines(year: $year) { kind scope year deadline status submittedAt }
  province(code: "58") { code name districts { code name } }
}`;

export const REPORT_FILE_QUERY = `query ReportFile($year: Int!, $district: String) {
  report(year: $year, districtCode: $district) { fileName csv xlsxBase64 docxBase64 }
}`;

/**
 * Each district's report and the province's: on time, late, missing or pending, with the graph's
 * own files — the report as a document to sign (DOCX) and its annexes (XLSX, CSV).
 */
export function ReportsPage(props: { year: number }) {
  const loaded = useGraph<ReportsData>(REPORTS_QUERY, { year: props.year });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const names = new Map(
    (loaded.state === 'ready' ? (loaded.data.province?.districts ?? []) : []).map((d) => [
      `district:${d.code}`,
      d.name,
    ]),
  );
  const provinceName = loaded.state === 'ready' ? loaded.data.province?.name : undefined;
  const fetchFile = async (scope: string, format: 'docx' | 'csv' | 'xlsx') => {
    setBusy(`${scope}|${format}`);
    setError(null);
    try {
      const district = scope.startsWith('district:') ? scope.slice('district:'.length) : null;
      const { data } = await graph<{
        report: { fileName: string; csv: string; xlsxBase64: string; docxBase64: string };
      }>(REPORT_FILE_QUERY, { year: props.year, district });
      const report = data?.report;
      if (!report) throw new Error('no report');
      if (format === 'csv') download(report.csv, `${report.fileName}.csv`, CSV_TYPE);
      else if (format === 'docx') download(base64Bytes(report.docxBase64), `${report.fileName}.docx`, DOCX_TYPE);
      else download(base64Bytes(report.xlsxBase64), `${report.fileName}.xlsx`, XLSX_TYPE);
    } catch (e) {
      setError(String(e instanceof Error ? e.message : e));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Page id="reports" title={`${t('reportsTitle')} — ${props.year}`} state={loaded.state}>
      <Status loaded={loaded} />
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {loaded.state === 'ready' && (
        <div class="scroll">
          <table class="data" data-table="reports">
            <thead>
              <tr>
                <th scope="col">{t('report')}</th>
                <th scope="col">{t('deadline')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('submittedAt')}</th>
                <th scope="col">{t('download')}</th>
              </tr>
            </thead>
            <tbody>
              {loaded.data.reportDeadlines.map((r) => {
                const name =
                  r.kind === 'PROVINCE'
                    ? `${t('provinceReport')}${provinceName ? ` — ${provinceName}` : ''}`
                    : `${label('DISTRICT')} ${names.get(r.scope) ?? r.scope}`;
                return (
                  <tr key={r.scope} data-scope={r.scope}>
                    <th scope="row">{name}</th>
                    <td data-col="deadline">{date(r.deadline)}</td>
                    <td data-col="status" data-value={r.status}>
                      <span class={`tag status-${r.status.toLowerCase()}`}>{label(r.status)}</span>
                    </td>
                    <td data-col="submittedAt">{dateTime(r.submittedAt)}</td>
                    <td class="actions">
                      {(['docx', 'xlsx', 'csv'] as const).map((format) => (
                        <button
                          key={format}
                          type="button"
                          data-download={format}
                          disabled={busy !== null}
                          aria-label={`${t('download')} ${format.toUpperCase()}: ${name}`}
                          onClick={() => void fetchFile(r.scope, format)}
                        >
                          {format.toUpperCase()}
                        </button>
                      ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
