/**
 * The procedure part of `npm run demo`: for every year of the demo, each commune's officer
 * registers, records the council's self-assessment (synthetic dossier references) and submits its
 * dossier; the district checks it (about one in ten is returned for completion, completed and
 * submitted again), appraises it with VHTTDL taking part, hears its review council, posts the result
 * publicly (a few comments are received) and decides — recognising the commune where the hub's
 * computation says it is eligible, otherwise refusing with the computation's reasons. Every step is
 * dated inside the year's calendar (`procedureCalendar`), so decisions come before the districts'
 * report deadline of 30 November. A few communes sit a year out, one recognition is revoked, and the
 * districts and the province submit their reports. Everything goes through the public mutations, as
 * the people concerned, with locally signed tokens; every reference says it is synthetic. Running
 * it again changes nothing (steps already taken are skipped).
 *
 * One dossier is left submitted, awaiting the district's steps and decision: {@link AWAITING_DECISION},
 * so that the README's procedure example has a commune at that step on a fresh install.
 */
import { mintLocalToken } from './lib/local-token';
import { demoRandom } from './demo-model';

const SYNTHETIC = 'SYNTHETIC DEMO';

interface Answer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

const tokenFor = (claims: Record<string, unknown>): Promise<string> => mintLocalToken(claims, '30m');

async function call<T>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Answer<T>> {
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

/** The calendar windows the demo reads (`procedureCalendar(year) { windows { window from to } }`). */
export interface DemoWindow {
  window: string;
  from: string;
  to: string;
}

/** The dates of one commune-year's steps, each inside its window where the order allows. */
export interface DemoDates {
  register: string;
  meeting: string;
  submit: string;
  returned: string;
  meetingAgain: string;
  resubmit: string;
  check: string;
  appraisal: string;
  council: string;
  postedFrom: string;
  postedUntil: string;
  comment: string;
  decision: string;
}

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The demo's dates for a commune-year under the year's calendar: each step a few (deterministic)
 * days into its window and not before the step it follows; clipped to the window's last day unless
 * the order forbids it.
 */
export function demoDates(windows: readonly DemoWindow[], code: string, year: number): DemoDates {
  const random = demoRandom(code, year, 'dates');
  const window = (name: string) => {
    const found = windows.find((w) => w.window === name);
    if (!found) throw new Error(`the calendar of ${year} has no ${name} window`);
    return found;
  };
  const at = (name: string, after: string | null, offset: number): string => {
    const w = window(name);
    const start = after !== null && after > w.from ? addDays(after, 1) : w.from;
    const date = addDays(start, offset);
    return date > w.to ? (start > w.to ? start : w.to) : date;
  };
  const register = at('REGISTRATION', null, 5 + Math.floor(random() * 40));
  const meeting = at('DOSSIER', register, Math.floor(random() * 20));
  const submit = at('DOSSIER', meeting, 2);
  const returned = at('DOSSIER', submit, 5);
  const meetingAgain = at('DOSSIER', returned, 5);
  const resubmit = at('DOSSIER', meetingAgain, 1);
  const check = at('DOSSIER', resubmit, 3);
  const appraisal = at('APPRAISAL', check, 5 + Math.floor(random() * 10));
  const council = at('COUNCIL', appraisal, 5 + Math.floor(random() * 10));
  const postedFrom = at('POSTING', council, 1);
  const postedUntil = at('POSTING', postedFrom, 13);
  const comment = addDays(postedFrom, 3);
  const decision = at('DECISION', postedUntil, 1 + Math.floor(random() * 10));
  return {
    register,
    meeting,
    submit,
    returned,
    meetingAgain,
    resubmit,
    check,
    appraisal,
    council,
    postedFrom,
    postedUntil,
    comment,
    decision,
  };
}

/** Summary of what the procedure did. */
export interface ProcedureSummary {
  recognised: number;
  refused: number;
  /** Dossiers returned for completion (then completed and submitted again). */
  returned: number;
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
export async function runProcedure(
  url: string,
  years: readonly number[],
  communes: readonly { code: string; districtCode: string; name: string }[],
): Promise<ProcedureSummary> {
  const summary: ProcedureSummary = {
    recognised: 0,
    refused: 0,
    returned: 0,
    skipped: 0,
    awaiting: 0,
    revoked: 0,
    reports: 0,
    failures: [],
  };
  const communeTokens = new Map<string, string>();
  const districtTokens = new Map<string, string>();
  const communeToken = async (code: string) =>
    communeTokens.get(code) ??
    communeTokens
      .set(
        code,
        await tokenFor({
          sub: `demo.commune.${code}`,
          name: `demo commune officer ${code} (synthetic)`,
          role: 'COMMUNE_OFFICER',
          commune: code,
        }),
      )
      .get(code) ??
    '';
  const districtToken = async (code: string) =>
    districtTokens.get(code) ??
    districtTokens
      .set(
        code,
        await tokenFor({
          sub: `demo.district.${code}`,
          name: `demo district officer ${code} (synthetic)`,
          role: 'DISTRICT_OFFICER',
          district: code,
        }),
      )
      .get(code) ??
    '';
  const step = async (
    token: string,
    query: string,
    variables: Record<string, unknown>,
    label: string,
  ): Promise<'done' | 'already'> => {
    const answer = await call<unknown>(url, token, query, variables);
    const error = answer.errors?.[0];
    if (!error) return 'done';
    if (error.extensions?.code === 'ILLEGAL_TRANSITION') return 'already';
    summary.failures.push(`${label}: ${error.extensions?.code ?? 'ERROR'} ${error.message}`);
    return 'already';
  };

  const admin0 = await tokenFor({
    sub: 'demo.province-admin',
    name: 'demo province administrator (synthetic)',
    role: 'PROVINCE_ADMIN',
  });
  for (const year of years) {
    const calendar = await call<{ procedureCalendar: { windows: DemoWindow[] } }>(
      url,
      admin0,
      'query($y: Int!) { procedureCalendar(year: $y) { windows { window from to } } }',
      { y: year },
    );
    const windows = calendar.data?.procedureCalendar.windows;
    if (!windows) {
      summary.failures.push(`calendar ${year}: ${calendar.errors?.[0]?.message ?? 'no answer'}`);
      continue;
    }
    // Communes of a district are independent: run them a few at a time.
    const queue = [...communes];
    const worker = async () => {
      for (let commune = queue.shift(); commune; commune = queue.shift()) {
        if (!demoRegisters(commune.code, year)) {
          summary.skipped += 1;
          continue;
        }
        const dates = demoDates(windows, commune.code, year);
        const officer = await communeToken(commune.code);
        const where = { c: commune.code, y: year };
        const selfAssess = (meetingDate: string, label: string) =>
          step(
            officer,
            'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }',
            {
              i: {
                commune: commune.code,
                year,
                meetingDate,
                requestLetter: `${SYNTHETIC} tờ trình ${commune.code}/${year}`,
                assessmentReport: `${SYNTHETIC} báo cáo đánh giá ${commune.code}/${year}`,
                dataSourceExplanation: `${SYNTHETIC} giải trình nguồn số liệu`,
                councilMinutes: `${SYNTHETIC} biên bản họp hội đồng ${commune.code}/${year}${label}`,
              },
            },
            `${commune.code} ${year} self-assess${label}`,
          );
        const submit = (date: string) =>
          step(
            officer,
            'mutation($c: String!, $y: Int!, $d: Date) { submitDossier(commune: $c, year: $y, date: $d) { state } }',
            { ...where, d: date },
            `${commune.code} ${year} submit`,
          );
        await step(
          officer,
          'mutation($c: String!, $y: Int!, $d: Date) { registerForRecognition(commune: $c, year: $y, date: $d) { state } }',
          { ...where, d: dates.register },
          `${commune.code} ${year} register`,
        );
        await selfAssess(dates.meeting, '');
        await submit(dates.submit);
        if (commune.code === AWAITING_DECISION.commune && year === AWAITING_DECISION.year) {
          summary.awaiting += 1;
          continue;
        }
        const district = await districtToken(commune.districtCode);
        const input = (fields: Record<string, unknown>) => ({ i: { commune: commune.code, year, ...fields } });
        if (demoRandom(commune.code, year, 'returned')() < 0.1) {
          const returned = await step(
            district,
            'mutation($i: DossierReturnInput!) { returnDossier(input: $i) { state } }',
            input({ checkDate: dates.returned, missing: `${SYNTHETIC}: thiếu giải trình nguồn số liệu tiêu chí 1` }),
            `${commune.code} ${year} return`,
          );
          if (returned === 'done') {
            summary.returned += 1;
            await selfAssess(dates.meetingAgain, ' (bổ sung)');
            await submit(dates.resubmit);
          }
        }
        const assessment = (
          await call<{
            commune: {
              year: {
                assessment: {
                  status: string;
                  eligible: boolean;
                  total: number;
                  criteria: { number: number; points: number | null }[];
                  conditions: { met: boolean | null; message: string }[];
                };
              };
            };
          }>(
            url,
            district,
            'query($c: String!, $y: Int!) { commune(code: $c) { year(year: $y) { assessment { status eligible total criteria { number points } conditions { met message } } } } }',
            where,
          )
        ).data?.commune.year.assessment;
        if (!assessment) {
          summary.failures.push(`${commune.code} ${year} assessment: no answer`);
          continue;
        }
        const recognisable = assessment.status === 'COMPLETE' && assessment.eligible;
        await step(
          district,
          'mutation($i: DossierAcceptanceInput!) { acceptDossier(input: $i) { state } }',
          input({ checkDate: dates.check }),
          `${commune.code} ${year} check`,
        );
        await step(
          district,
          'mutation($i: AppraisalInput!) { recordAppraisal(input: $i) { state } }',
          input({
            appraisalDate: dates.appraisal,
            report: `${SYNTHETIC} báo cáo thẩm định ${commune.code}/${year}`,
            participants: ['LDTBXH', 'VHTTDL', 'YTE'],
            results: assessment.criteria.map((c) => ({ criterion: c.number, met: (c.points ?? 0) > 0 })),
          }),
          `${commune.code} ${year} appraise`,
        );
        await step(
          district,
          'mutation($i: CouncilReviewInput!) { recordCouncilReview(input: $i) { state } }',
          input({
            meetingDate: dates.council,
            opinion: recognisable ? 'RECOMMEND' : 'DO_NOT_RECOMMEND',
            minutes: `${SYNTHETIC} biên bản hội đồng xét duyệt ${commune.code}/${year}`,
          }),
          `${commune.code} ${year} council`,
        );
        await step(
          district,
          'mutation($i: PostingInput!) { postPublicly(input: $i) { state } }',
          input({ postedFrom: dates.postedFrom, postedUntil: dates.postedUntil, place: `${SYNTHETIC} trụ sở UBND xã` }),
          `${commune.code} ${year} post`,
        );
        if (demoRandom(commune.code, year, 'comment')() < 0.15) {
          await step(
            district,
            'mutation($i: PublicCommentInput!) { recordPublicComment(input: $i) { state } }',
            input({
              receivedDate: dates.comment,
              from: `${SYNTHETIC} người dân`,
              comment: `${SYNTHETIC} góp ý về sân chơi cho trẻ em`,
            }),
            `${commune.code} ${year} comment`,
          );
        }
        if (recognisable) {
          const decision = await step(
            district,
            'mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { state } }',
            input({
              decisionNumber: `${SYNTHETIC} ${year}/QĐ-UBND-${commune.code}`,
              decisionDate: dates.decision,
              signer: `${SYNTHETIC} Chủ tịch UBND huyện`,
            }),
            `${commune.code} ${year} recognise`,
          );
          if (decision === 'done') summary.recognised += 1;
        } else {
          const unmet = assessment.conditions
            .filter((c) => c.met !== true)
            .map((c) => c.message)
            .join('; ');
          const refusal = await step(
            district,
            'mutation($i: RefusalInput!) { refuseRecognition(input: $i) { state } }',
            input({
              reason:
                `${SYNTHETIC}: ${assessment.status === 'COMPLETE' ? 'chưa đủ điều kiện' : 'chưa đủ số liệu'} (${assessment.total} điểm) ${unmet}`.slice(
                  0,
                  500,
                ),
              decisionDate: dates.decision,
            }),
            `${commune.code} ${year} refuse`,
          );
          if (refusal === 'done') summary.refused += 1;
        }
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));
  }

  // One recognition revoked, so the history shows it and a streak is broken: the first commune
  // (by code) recognised in the middle year.
  const middle = years[Math.floor(years.length / 2)];
  const adminForCheck = await tokenFor({
    sub: 'demo.province-admin',
    name: 'demo province administrator (synthetic)',
    role: 'PROVINCE_ADMIN',
  });
  const alreadyRevoked =
    middle !== undefined &&
    ((
      await call<{ recognitionOverview: { byState: { state: string; count: number }[] } }>(
        url,
        adminForCheck,
        'query($y: Int!) { recognitionOverview(year: $y) { byState { state count } } }',
        { y: middle },
      )
    ).data?.recognitionOverview.byState.find((s) => s.state === 'REVOKED')?.count ?? 0) > 0;
  if (middle !== undefined && !alreadyRevoked) {
    for (const commune of communes) {
      const district = await districtToken(commune.districtCode);
      const revoked = await step(
        district,
        'mutation($i: RevocationInput!) { revokeRecognition(input: $i) { state } }',
        {
          i: {
            commune: commune.code,
            year: middle,
            reason: `${SYNTHETIC}: số liệu không đúng thực tế`,
            decisionNumber: `${SYNTHETIC} ${middle}/QĐ-TH`,
            decisionDate: `${middle + 1}-06-01`,
          },
        },
        `${commune.code} ${middle} revoke`,
      );
      if (revoked === 'done') {
        summary.revoked += 1;
        break;
      }
    }
  }

  // Reports: every district for every year; the province's for every year but the last.
  const admin = await tokenFor({
    sub: 'demo.province-admin',
    name: 'demo province administrator (synthetic)',
    role: 'PROVINCE_ADMIN',
  });
  const districtCodes = [...new Set(communes.map((c) => c.districtCode))];
  for (const year of years) {
    const existing = await call<{ reportDeadlines: { scope: string; submittedAt: string | null }[] }>(
      url,
      admin,
      'query($y: Int!) { reportDeadlines(year: $y) { scope submittedAt } }',
      { y: year },
    );
    const submitted = new Set(
      (existing.data?.reportDeadlines ?? []).filter((r) => r.submittedAt !== null).map((r) => r.scope),
    );
    for (const code of districtCodes) {
      if (submitted.has(`district:${code}`)) continue;
      const answer = await call(
        url,
        await districtToken(code),
        'mutation($y: Int!, $d: String!) { submitReport(year: $y, districtCode: $d) { timeliness } }',
        { y: year, d: code },
      );
      if (answer.errors?.length) summary.failures.push(`report ${code} ${year}: ${answer.errors[0]?.message}`);
      else summary.reports += 1;
    }
    if (year !== years[years.length - 1] && !submitted.has('province:58')) {
      const answer = await call(url, admin, 'mutation($y: Int!) { submitReport(year: $y) { timeliness } }', {
        y: year,
      });
      if (answer.errors?.length) summary.failures.push(`province report ${year}: ${answer.errors[0]?.message}`);
      else summary.reports += 1;
    }
  }
  return summary;
}
