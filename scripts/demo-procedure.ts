/**
 * The procedure part of `npm run demo`: for every year of the demo, each commune's officer
 * registers, records the council's self-assessment (synthetic dossier references) and submits; the
 * district's officer recognises it — or, when the hub refuses because the assessment is not
 * eligible or complete, records a refusal with the hub's reason. A few communes sit a year out,
 * one recognition is revoked, and the districts and the province submit their reports. Everything
 * goes through the public mutations, as the people concerned, with locally signed tokens; every
 * reference says it is synthetic. Running it again changes nothing (steps already taken are skipped).
 *
 * One dossier is left submitted, awaiting the district's decision: {@link AWAITING_DECISION}, so that
 * the README's `recognise` example has a commune at that step on a fresh install.
 */
import { mintLocalToken } from './lib/local-token';
import { demoRandom } from './demo-model';

const SYNTHETIC = 'SYNTHETIC DEMO';

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const tokenFor = (claims: Record<string, unknown>): Promise<string> => mintLocalToken(claims, '30m');

async function call<T>(url: string, token: string, query: string, variables: Record<string, unknown>): Promise<Answer<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(60_000),
  });
  return (await response.json()) as Answer<T>;
}

/** The dossier the demo submits and leaves for the district to decide (the README's `recognise` example). */
export const AWAITING_DECISION = Object.freeze({ commune: '22783', year: 2020 });

/** Whether a commune registers for `year` (a deterministic ~8 % sit a year out). */
export function demoRegisters(code: string, year: number): boolean {
  if (code === AWAITING_DECISION.commune && year === AWAITING_DECISION.year) return true;
  return demoRandom(code, year, 'registers')() >= 0.08;
}

/** Summary of what the procedure did. */
export interface ProcedureSummary {
  recognised: number;
  refused: number;
  skipped: number;
  /** Dossiers submitted and left for the district to decide. */
  awaiting: number;
  revoked: number;
  reports: number;
  failures: string[];
}

/**
 * Drives the procedure for `years` over `communes`. Steps the hub refuses as already taken
 * (ILLEGAL_TRANSITION) are skipped, so a second run changes nothing.
 */
export async function runProcedure(url: string, years: readonly number[], communes: readonly { code: string; districtCode: string; name: string }[]): Promise<ProcedureSummary> {
  const summary: ProcedureSummary = { recognised: 0, refused: 0, skipped: 0, awaiting: 0, revoked: 0, reports: 0, failures: [] };
  const communeTokens = new Map<string, string>();
  const districtTokens = new Map<string, string>();
  const communeToken = async (code: string) => communeTokens.get(code) ?? communeTokens.set(code, await tokenFor({ sub: `demo.commune.${code}`, name: `demo commune officer ${code} (synthetic)`, role: 'COMMUNE_OFFICER', commune: code })).get(code) ?? '';
  const districtToken = async (code: string) => districtTokens.get(code) ?? districtTokens.set(code, await tokenFor({ sub: `demo.district.${code}`, name: `demo district officer ${code} (synthetic)`, role: 'DISTRICT_OFFICER', district: code })).get(code) ?? '';
  const step = async (token: string, query: string, variables: Record<string, unknown>, label: string): Promise<'done' | 'already' | { refused: string }> => {
    const answer = await call<unknown>(url, token, query, variables);
    const error = answer.errors?.[0];
    if (!error) return 'done';
    if (error.extensions?.code === 'ILLEGAL_TRANSITION') return 'already';
    if (error.extensions?.code === 'RECOGNITION_REFUSED') return { refused: error.message };
    summary.failures.push(`${label}: ${error.extensions?.code ?? 'ERROR'} ${error.message}`);
    return 'already';
  };

  for (const year of years) {
    // Communes of a district are independent: run them a few at a time.
    const queue = [...communes];
    const worker = async () => {
      for (let commune = queue.shift(); commune; commune = queue.shift()) {
        if (!demoRegisters(commune.code, year)) {
          summary.skipped += 1;
          continue;
        }
        const officer = await communeToken(commune.code);
        const where = { c: commune.code, y: year };
        await step(officer, 'mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { state } }', where, `${commune.code} ${year} register`);
        await step(
          officer,
          'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }',
          {
            i: {
              commune: commune.code,
              year,
              meetingDate: `${year}-12-05`,
              requestLetter: `${SYNTHETIC} tờ trình ${commune.code}/${year}`,
              assessmentReport: `${SYNTHETIC} báo cáo đánh giá ${commune.code}/${year}`,
              dataSourceExplanation: `${SYNTHETIC} giải trình nguồn số liệu`,
              councilMinutes: `${SYNTHETIC} biên bản họp hội đồng ${commune.code}/${year}`,
            },
          },
          `${commune.code} ${year} self-assess`,
        );
        await step(officer, 'mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { state } }', where, `${commune.code} ${year} submit`);
        if (commune.code === AWAITING_DECISION.commune && year === AWAITING_DECISION.year) {
          summary.awaiting += 1;
          continue;
        }
        const district = await districtToken(commune.districtCode);
        const decision = await step(
          district,
          'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }',
          { i: { commune: commune.code, year, decisionNumber: `${SYNTHETIC} ${year}/QĐ-UBND-${commune.code}`, decisionDate: `${year + 1}-01-20`, signer: `${SYNTHETIC} Chủ tịch UBND huyện` } },
          `${commune.code} ${year} recognise`,
        );
        if (decision === 'done') summary.recognised += 1;
        if (typeof decision === 'object') {
          await step(district, 'mutation($i: RefusalInput!) { refuseRecognition(input: $i) { state } }', { i: { commune: commune.code, year, reason: `${SYNTHETIC}: ${decision.refused}`.slice(0, 500) } }, `${commune.code} ${year} refuse`);
          summary.refused += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  }

  // One recognition revoked, so the history shows it and a streak is broken: the first commune
  // (by code) recognised in the middle year.
  const middle = years[Math.floor(years.length / 2)];
  const adminForCheck = await tokenFor({ sub: 'demo.province-admin', name: 'demo province administrator (synthetic)', role: 'PROVINCE_ADMIN' });
  const alreadyRevoked =
    middle !== undefined &&
    ((await call<{ recognitionOverview: { byState: { state: string; count: number }[] } }>(url, adminForCheck, 'query($y: Int!) { recognitionOverview(year: $y) { byState { state count } } }', { y: middle })).data?.recognitionOverview.byState.find((s) => s.state === 'REVOKED')?.count ?? 0) > 0;
  if (middle !== undefined && !alreadyRevoked) {
    for (const commune of communes) {
      const district = await districtToken(commune.districtCode);
      const revoked = await step(
        district,
        'mutation($i: RevocationInput!) { revokeRecognition(input: $i) { state } }',
        { i: { commune: commune.code, year: middle, reason: `${SYNTHETIC}: số liệu không đúng thực tế`, decisionNumber: `${SYNTHETIC} ${middle}/QĐ-TH`, decisionDate: `${middle + 1}-06-01` } },
        `${commune.code} ${middle} revoke`,
      );
      if (revoked === 'done') {
        summary.revoked += 1;
        break;
      }
    }
  }

  // Reports: every district for every year; the province's for every year but the last.
  const admin = await tokenFor({ sub: 'demo.province-admin', name: 'demo province administrator (synthetic)', role: 'PROVINCE_ADMIN' });
  const districtCodes = [...new Set(communes.map((c) => c.districtCode))];
  for (const year of years) {
    const existing = await call<{ reportDeadlines: { scope: string; submittedAt: string | null }[] }>(url, admin, 'query($y: Int!) { reportDeadlines(year: $y) { scope submittedAt } }', { y: year });
    const submitted = new Set((existing.data?.reportDeadlines ?? []).filter((r) => r.submittedAt !== null).map((r) => r.scope));
    for (const code of districtCodes) {
      if (submitted.has(`district:${code}`)) continue;
      const answer = await call(url, await districtToken(code), 'mutation($y: Int!, $d: String!) { submitReport(year: $y, districtCode: $d) { timeliness } }', { y: year, d: code });
      if (answer.errors?.length) summary.failures.push(`report ${code} ${year}: ${answer.errors[0]?.message}`);
      else summary.reports += 1;
    }
    if (year !== years[years.length - 1] && !submitted.has('province:58')) {
      const answer = await call(url, admin, 'mutation($y: Int!) { submitReport(year: $y) { timeliness } }', { y: year });
      if (answer.errors?.length) summary.failures.push(`province report ${year}: ${answer.errors[0]?.message}`);
      else summary.reports += 1;
    }
  }
  return summary;
}
