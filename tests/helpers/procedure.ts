/**
 * The recognising level's steps a dossier goes through before a decision (dossier check,
 * appraisal with VHTTDL taking part, review council, public posting), for tests whose subject is
 * what comes after them. Every step is dated `date` (the decision's date or earlier, not before
 * the commune council's meeting).
 */
import type { GraphQLResponse, TestHub, TestIdentity } from './hub';

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
