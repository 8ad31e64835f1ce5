/**
 * The steps of the recognition procedure that tests go through to reach what they are about: the
 * commune's dossier and its submission, and the recognising level's steps before a decision
 * (dossier check, appraisal with VHTTDL taking part, review council, public posting). Every
 * recognising step is dated `date` (the decision's date or earlier, not before the commune
 * council's meeting).
 */
import { communeOfficer, type GraphQLResponse, type TestHub, type TestIdentity } from './hub';

/** A commune's self-assessment: the council's meeting and the dossier's four items (`label` tells dossiers apart). */
export const dossierInput = (commune: string, year: number, meetingDate: string, label = '') => ({
  commune,
  year,
  meetingDate,
  requestLetter: `Tờ trình ${commune}/${year}${label}`,
  assessmentReport: `Báo cáo đánh giá ${year}${label}`,
  dataSourceExplanation: 'Giải trình nguồn số liệu',
  councilMinutes: `Biên bản họp Hội đồng ${year}${label}`,
});

/**
 * Register, self-assess (council meeting on `meetingDate`, a short dossier) and submit with
 * `submit` (`submitDossier`, or the old `submitToDistrict`), as the commune's officer; returns the
 * three answers.
 */
export async function communeSubmits(
  hub: TestHub,
  commune: string,
  year: number,
  meetingDate: string,
  submit: 'submitDossier' | 'submitToDistrict',
): Promise<GraphQLResponse[]> {
  const steps: [string, Record<string, unknown>][] = [
    [
      'mutation($c: String!, $y: Int!) { registerForRecognition(commune: $c, year: $y) { state } }',
      { c: commune, y: year },
    ],
    [
      'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }',
      {
        i: {
          commune,
          year,
          meetingDate,
          requestLetter: 'Tờ trình',
          assessmentReport: 'Báo cáo',
          dataSourceExplanation: 'Giải trình',
          councilMinutes: 'Biên bản',
        },
      },
    ],
    [`mutation($c: String!, $y: Int!) { ${submit}(commune: $c, year: $y) { state } }`, { c: commune, y: year }],
  ];
  const answers: GraphQLResponse[] = [];
  for (const [mutation, variables] of steps)
    answers.push(await hub.query(mutation, variables, communeOfficer(commune)));
  return answers;
}

/**
 * Takes the four steps when the dossier is SUBMITTED (nothing otherwise, so that a test of what a
 * decision answers in another state still sees the decision's own answer); returns the first answer
 * with errors, or null.
 */
export async function throughRecognisingSteps(
  hub: TestHub,
  commune: string,
  year: number,
  who: TestIdentity,
  date: string,
): Promise<GraphQLResponse | null> {
  const state = await hub.query<{ commune: { year: { recognition: { state: string } | null } } | null }>(
    'query($c: String!, $y: Int!) { commune(code: $c) { year(year: $y) { recognition { state } } } }',
    { c: commune, y: year },
  );
  if (state.body.data?.commune?.year.recognition?.state !== 'SUBMITTED') return null;
  const steps: [string, Record<string, unknown>][] = [
    [
      'mutation($i: DossierAcceptanceInput!) { acceptDossier(input: $i) { state } }',
      { commune, year, checkDate: date },
    ],
    [
      'mutation($i: AppraisalInput!) { recordAppraisal(input: $i) { state } }',
      {
        commune,
        year,
        appraisalDate: date,
        report: `Báo cáo thẩm định ${commune}/${year}`,
        participants: ['LDTBXH', 'VHTTDL'],
        results: [{ criterion: 1, met: true }],
      },
    ],
    [
      'mutation($i: CouncilReviewInput!) { recordCouncilReview(input: $i) { state } }',
      {
        commune,
        year,
        meetingDate: date,
        opinion: 'RECOMMEND',
        minutes: `Biên bản hội đồng xét duyệt ${commune}/${year}`,
      },
    ],
    [
      'mutation($i: PostingInput!) { postPublicly(input: $i) { state } }',
      { commune, year, postedFrom: date, postedUntil: date, place: 'Trụ sở UBND xã' },
    ],
  ];
  for (const [mutation, input] of steps) {
    const answer = await hub.query(mutation, { i: input }, who);
    if (answer.body.errors?.length) return answer;
  }
  return null;
}
