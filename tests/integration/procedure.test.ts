/**
 * The recognition procedure as the law runs it, through the public mutations: the dossier check
 * with a return for completion and a resubmission, the district's appraisal with the bodies taking
 * part, the review council, the public posting with a comment, and the decision; a refusal
 * contested by a re-appraisal (upheld, and overturned); a decision that disagrees with the hub's
 * computation recorded with its reason, blocked only where the province chose so for a set whose
 * thresholds are confirmed; every out-of-order step refused with its code and messageVi; the
 * year's calendar (default, the province's, flags on steps outside it); the steps a period requires
 * as configuration; and the demo's procedure dated inside the calendar, before the report deadline.
 */
import fs from 'node:fs';
import { projectPath } from '../../shared/paths';
import { runProcedure } from '../../scripts/demo-procedure';
import { communeRows, CRITERION_3_AT_ZERO } from '../fixtures/qd06';
import {
  admin,
  communeOfficer,
  districtOfficer,
  startTestHub,
  type GraphQLResponse,
  type TestHub,
  type TestIdentity,
} from '../helpers/hub';
import { dossierInput, throughRecognisingSteps } from '../helpers/procedure';
import { mergeRows, publishYear } from '../helpers/publishing';

jest.setTimeout(300_000);

let hub: TestHub;

const A = '22783'; // Phước Bình, Bác Ái (584): eligible
const B = '22786'; // Phước Hoà, Bác Ái: eligible
const C = '22789'; // Bác Ái: criterion 3 at zero, not eligible
const D = '22792'; // Bác Ái: for the period's configured steps
const BAC_AI = districtOfficer('584');
const OTHER_DISTRICT = districtOfficer('582');

type Flag = { code: string; message: string; messageVi: string };
type Cycle = {
  state: string;
  allowedActions: string[];
  history: { action: string; toState: string; actor: string; details: Record<string, unknown> }[];
  lastStep: {
    action: string;
    flags: Flag[];
    disagreement: { decided: string; reason: string; computed: Record<string, unknown> } | null;
  } | null;
};
const CYCLE = `state allowedActions history { action toState actor details } lastStep { action flags { code message messageVi } disagreement { decided reason computed { criteriaSetId criteriaSetVersion total maxTotal status eligible thresholdsProvisional } } }`;

const M = {
  register: `mutation($c: String!, $y: Int!, $d: Date) { registerForRecognition(commune: $c, year: $y, date: $d) { ${CYCLE} } }`,
  self: `mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { ${CYCLE} } }`,
  submit: `mutation($c: String!, $y: Int!, $d: Date) { submitDossier(commune: $c, year: $y, date: $d) { ${CYCLE} } }`,
  submitOld: `mutation($c: String!, $y: Int!) { submitToDistrict(commune: $c, year: $y) { ${CYCLE} } }`,
  accept: `mutation($i: DossierAcceptanceInput!) { acceptDossier(input: $i) { ${CYCLE} } }`,
  return: `mutation($i: DossierReturnInput!) { returnDossier(input: $i) { ${CYCLE} } }`,
  appraise: `mutation($i: AppraisalInput!) { recordAppraisal(input: $i) { ${CYCLE} } }`,
  council: `mutation($i: CouncilReviewInput!) { recordCouncilReview(input: $i) { ${CYCLE} } }`,
  post: `mutation($i: PostingInput!) { postPublicly(input: $i) { ${CYCLE} } }`,
  comment: `mutation($i: PublicCommentInput!) { recordPublicComment(input: $i) { ${CYCLE} } }`,
  recognise: `mutation($i: RecognitionDecisionInput!) { recognise(input: $i) { ${CYCLE} } }`,
  refuse: `mutation($i: RefusalInput!) { refuseRecognition(input: $i) { ${CYCLE} } }`,
  reappraisal: `mutation($i: ReappraisalRequestInput!) { requestReappraisal(input: $i) { ${CYCLE} } }`,
  uphold: `mutation($i: UpholdRefusalInput!) { upholdRefusal(input: $i) { ${CYCLE} } }`,
};

async function step(
  who: TestIdentity,
  mutation: string,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse<Record<string, Cycle>>> {
  return hub.query<Record<string, Cycle>>(mutation, variables, who);
}

/** The cycle a step answered with; fails the test with the errors when it was refused. */
async function ok(who: TestIdentity, mutation: string, variables: Record<string, unknown>): Promise<Cycle> {
  const answer = await step(who, mutation, variables);
  expect(answer.body.errors).toBeUndefined();
  const cycle = Object.values(answer.body.data ?? {})[0];
  if (!cycle) throw new Error('no cycle in the answer');
  return cycle;
}

/** The refusal's extensions (code, messageVi, …); fails when the step was taken. */
async function refused(
  who: TestIdentity,
  mutation: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const answer = await step(who, mutation, variables);
  expect(answer.body.data ?? null).toBeNull();
  const extensions = answer.body.errors?.[0]?.extensions ?? {};
  // Every refusal of the procedure says it in Vietnamese too (access refusals are the gateway's own).
  if (extensions.code !== 'FORBIDDEN' && extensions.code !== 'UNAUTHENTICATED')
    expect([extensions.code, typeof extensions.messageVi]).toEqual([extensions.code, 'string']);
  return extensions;
}

const dossier = (commune: string, year: number, meetingDate: string, label = '') => ({
  i: dossierInput(commune, year, meetingDate, label),
});

/** Register, self-assess and submit, as the commune's officer, dated inside the default calendar. */
async function submitted(commune: string, year: number): Promise<void> {
  const officer = communeOfficer(commune);
  await ok(officer, M.register, { c: commune, y: year, d: `${year}-02-10` });
  await ok(officer, M.self, dossier(commune, year, `${year}-08-10`));
  await ok(officer, M.submit, { c: commune, y: year, d: `${year}-08-12` });
}

beforeAll(async () => {
  hub = await startTestHub();
  for (const year of [2020, 2021, 2022, 2023])
    await publishYear(
      hub,
      year,
      mergeRows(communeRows(A), communeRows(B), communeRows(C, CRITERION_3_AT_ZERO), communeRows(D)),
    );
}, 300_000);

afterAll(async () => {
  await hub?.stop();
});

describe('one dossier through the whole procedure', () => {
  it('check → return → resubmission → appraisal (VHTTDL taking part) → council → posting with a comment → decision, each step with who, when and what', async () => {
    const officer = communeOfficer(A);
    const registered = await ok(officer, M.register, { c: A, y: 2021, d: '2021-02-10' });
    expect(registered.lastStep?.flags).toEqual([]);
    await ok(officer, M.self, dossier(A, 2021, '2021-08-10'));
    const sent = await ok(officer, M.submit, { c: A, y: 2021, d: '2021-08-12' });
    expect(sent.state).toBe('SUBMITTED');
    // What may come next under the period's required steps: the dossier check.
    expect(sent.allowedActions).toEqual(['ACCEPT_DOSSIER', 'RETURN_DOSSIER']);

    // Out of order: the appraisal and the decision need the dossier check first.
    const early = await refused(BAC_AI, M.appraise, {
      i: {
        commune: A,
        year: 2021,
        appraisalDate: '2021-09-10',
        report: 'BC TĐ 1',
        participants: ['LDTBXH', 'VHTTDL'],
        results: [{ criterion: 1, met: true }],
      },
    });
    expect(early).toMatchObject({
      code: 'PROCEDURE_STEP_MISSING',
      missing: ['DOSSIER_CHECK'],
      action: 'APPRAISE',
      stepsProvisional: true,
    });
    expect(early.messageVi).toContain('cần kiểm tra hồ sơ trước');
    const decisionFirst = await refused(BAC_AI, M.recognise, {
      i: {
        commune: A,
        year: 2021,
        decisionNumber: '1/QĐ',
        decisionDate: '2021-08-20',
        signer: 'Chủ tịch UBND huyện Bác Ái',
      },
    });
    expect(decisionFirst).toMatchObject({
      code: 'PROCEDURE_STEP_MISSING',
      missing: ['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING'],
    });
    // The commune does not check its own dossier; another district does not either.
    expect((await refused(officer, M.accept, { i: { commune: A, year: 2021, checkDate: '2021-08-15' } })).code).toBe(
      'FORBIDDEN',
    );
    expect(
      (await refused(OTHER_DISTRICT, M.accept, { i: { commune: A, year: 2021, checkDate: '2021-08-15' } })).code,
    ).toBe('FORBIDDEN');

    // Returned for completion, with what is missing; completed and submitted again.
    const returned = await ok(BAC_AI, M.return, {
      i: { commune: A, year: 2021, checkDate: '2021-08-15', missing: 'Thiếu giải trình nguồn số liệu tiêu chí 6' },
    });
    expect(returned.state).toBe('RETURNED');
    expect(returned.allowedActions).toEqual(['SELF_ASSESS']);
    const again = await refused(officer, M.submit, { c: A, y: 2021, d: '2021-08-16' });
    expect(again).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      from: 'RETURNED',
      action: 'SUBMIT',
      allowed: ['SELF_ASSESS'],
    });
    expect(again.messageVi).toContain('Hồ sơ trả lại để bổ sung');
    const backdated = await refused(officer, M.self, dossier(A, 2021, '2021-08-14', ' (bổ sung)'));
    expect(backdated).toMatchObject({
      code: 'CYCLE_DETAILS_INVALID',
      field: 'meetingDate',
      problems: [{ field: 'meetingDate', code: 'DATE_ORDER' }],
    });
    expect(backdated.messageVi).toMatch(/^Trường meetingDate: /);
    await ok(officer, M.self, dossier(A, 2021, '2021-08-20', ' (bổ sung)'));
    const resubmitted = await ok(officer, M.submitOld, { c: A, y: 2021 });
    expect(resubmitted.state).toBe('SUBMITTED');
    // The deprecated name submits too, dated today: outside the 2021 dossier window, and said so.
    expect(resubmitted.lastStep?.flags.map((f) => f.code)).toEqual(['OUTSIDE_WINDOW']);
    expect(resubmitted.lastStep?.flags[0]?.messageVi).toContain(
      'nằm ngoài thời gian tự đánh giá và nộp hồ sơ năm 2021',
    );

    expect((await ok(BAC_AI, M.accept, { i: { commune: A, year: 2021, checkDate: '2021-09-01' } })).state).toBe(
      'DOSSIER_ACCEPTED',
    );
    // A body that is not a department is not a value of the Department enum: the graph refuses the
    // variable before the step is considered.
    const unknownBody = await step(BAC_AI, M.appraise, {
      i: {
        commune: A,
        year: 2021,
        appraisalDate: '2021-09-15',
        report: 'BC TĐ',
        participants: ['LDTBXH', 'PHONG_X'],
        results: [{ criterion: 1, met: true }],
      },
    });
    expect(unknownBody.body.data ?? null).toBeNull();
    expect(unknownBody.body.errors).toHaveLength(1);
    expect(unknownBody.body.errors?.[0]?.message).toMatch(/"PHONG_X".*Department/);
    expect(unknownBody.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      messageVi: expect.stringMatching(/\S/),
    });
    const badAppraisal = await refused(BAC_AI, M.appraise, {
      i: {
        commune: A,
        year: 2021,
        appraisalDate: '2021-09-15',
        report: 'BC TĐ',
        participants: ['LDTBXH'],
        results: [],
      },
    });
    expect(badAppraisal).toMatchObject({
      code: 'CYCLE_DETAILS_INVALID',
      problems: [{ field: 'results', code: 'FIELD_REQUIRED' }],
    });
    const appraised = await ok(BAC_AI, M.appraise, {
      i: {
        commune: A,
        year: 2021,
        appraisalDate: '2021-09-15',
        report: 'Báo cáo thẩm định 45/BC-LĐTBXH',
        notes: 'Đã đối chiếu sổ sách tại xã',
        participants: ['LDTBXH', 'VHTTDL', 'YTE'],
        results: [
          { criterion: 2, met: true },
          { criterion: 1, met: true, note: 'Đủ hồ sơ' },
        ],
      },
    });
    expect(appraised.state).toBe('APPRAISED');
    expect(appraised.lastStep?.flags).toEqual([]);
    expect(appraised.history.at(-1)?.details).toEqual({
      appraisalDate: '2021-09-15',
      report: 'Báo cáo thẩm định 45/BC-LĐTBXH',
      notes: 'Đã đối chiếu sổ sách tại xã',
      participants: ['LDTBXH', 'VHTTDL', 'YTE'],
      results: [
        { criterion: 1, met: true, note: 'Đủ hồ sơ' },
        { criterion: 2, met: true },
      ],
    });
    expect(
      (
        await refused(BAC_AI, M.post, {
          i: { commune: A, year: 2021, postedFrom: '2021-10-15', postedUntil: '2021-10-30', place: 'Trụ sở UBND xã' },
        })
      ).missing,
    ).toEqual(['COUNCIL_REVIEW']);
    expect(
      (
        await ok(BAC_AI, M.council, {
          i: { commune: A, year: 2021, meetingDate: '2021-10-10', opinion: 'RECOMMEND', minutes: 'Biên bản 12/HĐXD' },
        })
      ).state,
    ).toBe('COUNCIL_REVIEWED');
    const posted = await ok(BAC_AI, M.post, {
      i: {
        commune: A,
        year: 2021,
        postedFrom: '2021-10-15',
        postedUntil: '2021-10-30',
        place: 'Trụ sở UBND xã và loa truyền thanh',
      },
    });
    expect(posted.state).toBe('POSTED');
    const tooEarly = await refused(BAC_AI, M.comment, {
      i: {
        commune: A,
        year: 2021,
        receivedDate: '2021-10-12',
        from: 'Ông Nguyễn Văn C',
        comment: 'Sân chơi chưa có rào chắn',
      },
    });
    expect(tooEarly).toMatchObject({
      code: 'CYCLE_DETAILS_INVALID',
      problems: [{ field: 'receivedDate', code: 'DATE_ORDER' }],
    });
    const commented = await ok(BAC_AI, M.comment, {
      i: {
        commune: A,
        year: 2021,
        receivedDate: '2021-10-20',
        from: 'Ông Nguyễn Văn C',
        comment: 'Sân chơi chưa có rào chắn',
      },
    });
    expect(commented.state).toBe('POSTED');
    // The decision comes after the posting ends.
    const duringPosting = await refused(BAC_AI, M.recognise, {
      i: {
        commune: A,
        year: 2021,
        decisionNumber: '88/QĐ-UBND',
        decisionDate: '2021-10-25',
        signer: 'Chủ tịch UBND huyện Bác Ái',
      },
    });
    expect(duringPosting).toMatchObject({
      code: 'CYCLE_DETAILS_INVALID',
      problems: [
        {
          field: 'decisionDate',
          code: 'DATE_ORDER',
          message: 'decisionDate 2021-10-25 is before the end of the public posting (2021-10-30)',
        },
      ],
    });
    const decided = await ok(BAC_AI, M.recognise, {
      i: {
        commune: A,
        year: 2021,
        decisionNumber: '88/QĐ-UBND',
        decisionDate: '2021-11-10',
        signer: 'Chủ tịch UBND huyện Bác Ái',
      },
    });
    expect(decided.state).toBe('RECOGNISED');
    expect(decided.lastStep).toMatchObject({ action: 'RECOGNISE', flags: [], disagreement: null });
    expect(decided.history.map((h) => [h.action, h.toState, h.actor])).toEqual([
      ['REGISTER', 'REGISTERED', 'commune-22783'],
      ['SELF_ASSESS', 'SELF_ASSESSED', 'commune-22783'],
      ['SUBMIT', 'SUBMITTED', 'commune-22783'],
      ['RETURN_DOSSIER', 'RETURNED', 'district-584'],
      ['SELF_ASSESS', 'SELF_ASSESSED', 'commune-22783'],
      ['SUBMIT', 'SUBMITTED', 'commune-22783'],
      ['ACCEPT_DOSSIER', 'DOSSIER_ACCEPTED', 'district-584'],
      ['APPRAISE', 'APPRAISED', 'district-584'],
      ['COUNCIL_REVIEW', 'COUNCIL_REVIEWED', 'district-584'],
      ['POST', 'POSTED', 'district-584'],
      ['RECORD_COMMENT', 'POSTED', 'district-584'],
      ['RECOGNISE', 'RECOGNISED', 'district-584'],
    ]);
    expect(decided.history[3]?.details).toEqual({
      checkDate: '2021-08-15',
      missing: 'Thiếu giải trình nguồn số liệu tiêu chí 6',
    });
    expect(decided.history[2]?.details).toEqual({ date: '2021-08-12' });
  });

  it('a self-assessment with no indicator published is flagged, and the district returns the dossier saying what is missing', async () => {
    const E = '22795'; // Phước Thắng, Bác Ái: nothing published
    const officer = communeOfficer(E);
    await ok(officer, M.register, { c: E, y: 2021, d: '2021-02-10' });
    const assessed = await ok(officer, M.self, dossier(E, 2021, '2021-08-10'));
    expect(assessed.lastStep?.flags.map((f) => f.code)).toEqual(['ASSESSMENT_INCOMPLETE']);
    expect(assessed.lastStep?.flags[0]?.messageVi).toMatch(
      /^Kết quả đánh giá chưa đầy đủ: còn 25 chỉ tiêu chưa có số liệu/,
    );
    await ok(officer, M.submit, { c: E, y: 2021, d: '2021-08-12' });
    const returned = await ok(BAC_AI, M.return, {
      i: { commune: E, year: 2021, checkDate: '2021-08-20', missing: 'Chưa có số liệu của 25 chỉ tiêu' },
    });
    expect(returned.state).toBe('RETURNED');
  });

  it('a dossier under appraisal is counted as such, not as recognised', async () => {
    await submitted(B, 2021);
    await ok(BAC_AI, M.accept, { i: { commune: B, year: 2021, checkDate: '2021-09-01' } });
    const overview = await hub.query<{
      recognitionOverview: { province: { recognised: number }; byState: { state: string; count: number }[] };
    }>(`{ recognitionOverview(year: 2021) { province { recognised } byState { state count } } }`);
    const counts = Object.fromEntries(
      (overview.body.data?.recognitionOverview.byState ?? []).map((s) => [s.state, s.count]),
    );
    expect(overview.body.data?.recognitionOverview.province.recognised).toBe(1);
    expect(counts).toMatchObject({ RECOGNISED: 1, DOSSIER_ACCEPTED: 1, SUBMITTED: 0, RETURNED: 1 });
  });
});

describe('decisions belong to people', () => {
  it('a recognition the computation disagrees with needs the reason, and is then recorded with the computation beside it (provisional thresholds never block)', async () => {
    await submitted(C, 2021);
    expect(await throughRecognisingSteps(hub, C, 2021, BAC_AI, '2021-11-05')).toBeNull();
    const decision = {
      commune: C,
      year: 2021,
      decisionNumber: '90/QĐ-UBND',
      decisionDate: '2021-11-12',
      signer: 'Chủ tịch UBND huyện Bác Ái',
    };
    const noReason = await refused(BAC_AI, M.recognise, { i: decision });
    expect(noReason).toMatchObject({
      code: 'DECISION_REASON_REQUIRED',
      field: 'reason',
      computed: { total: 900, status: 'COMPLETE', eligible: false, thresholdsProvisional: true },
    });
    expect(noReason.messageVi).toMatch(/^Trường reason: bắt buộc khi quyết định khác kết quả tính toán/);
    const state = await hub.query<{ commune: { year: { recognition: { state: string } } } }>(
      `{ commune(code: "${C}") { year(year: 2021) { recognition { state } } } }`,
    );
    expect(state.body.data?.commune.year.recognition.state).toBe('POSTED');

    const reason = 'Tiêu chí 3: hai vụ việc đã được xác minh là không thuộc địa bàn xã (biên bản xác minh 14/CA)';
    const recognised = await ok(BAC_AI, M.recognise, { i: { ...decision, reason } });
    expect(recognised.state).toBe('RECOGNISED');
    expect(recognised.lastStep?.disagreement).toEqual({
      decided: 'RECOGNISED',
      reason,
      computed: {
        criteriaSetId: 'QD06-2019',
        criteriaSetVersion: 2,
        total: 900,
        maxTotal: 1000,
        status: 'COMPLETE',
        eligible: false,
        thresholdsProvisional: true,
      },
    });
    expect(recognised.lastStep?.flags.map((f) => f.code)).toEqual(['DISAGREES_WITH_COMPUTATION']);
    const shown = await hub.query<{
      commune: { year: { recognition: { decision: { disagreement: { reason: string } } } } };
    }>(`{ commune(code: "${C}") { year(year: 2021) { recognition { decision { disagreement { reason } } } } } }`);
    expect(shown.body.data?.commune.year.recognition.decision.disagreement.reason).toBe(reason);
  });

  it('the province cannot make a provisional set block; it can for a confirmed one, and then a disagreeing recognition is refused while a refusal is not', async () => {
    const policy = `mutation($id: String!, $v: Int, $b: Boolean!) { setDecisionPolicy(criteriaSetId: $id, version: $v, blockOnDisagreement: $b, note: "Công văn 7/SLĐTBXH") { criteriaSetId criteriaSetVersion blockOnDisagreement provisionalThresholds setBy } }`;
    expect((await hub.query(policy, { id: 'QD06-2019', b: true }, BAC_AI)).body.errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const provisional = await hub.query(policy, { id: 'QD06-2019', v: 2, b: true }, admin());
    const error = provisional.body.errors?.[0]?.extensions ?? {};
    expect(error).toMatchObject({ code: 'CRITERIA_SET_PROVISIONAL', field: 'criteriaSetId' });
    expect(error.provisionalThresholds).toContain('criteria[1].met');
    expect(String(error.messageVi)).toMatch(
      /^Trường criteriaSetId: bộ tiêu chí QD06-2019 phiên bản 2 có ngưỡng công nhận tạm thời/,
    );
    const thirtyFour = await hub.query(policy, { id: 'QD34-2014', b: true }, admin());
    expect(thirtyFour.body.errors?.[0]?.extensions?.provisionalThresholds).toEqual(
      expect.arrayContaining(['minimumTotal.URBAN_WARD', 'minimumTotal.OTHER']),
    );
    const stored = await hub.query<{ decisionPolicy: { blockOnDisagreement: boolean; setBy: string | null } }>(
      `{ decisionPolicy(criteriaSetId: "QD06-2019", version: 2) { blockOnDisagreement setBy } }`,
    );
    expect(stored.body.data?.decisionPolicy).toEqual({ blockOnDisagreement: false, setBy: null });

    // A version of QĐ 06 for 2022 whose recognition thresholds the province has confirmed.
    const shipped = JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v2.json'), 'utf8')) as Record<
      string,
      unknown
    > & { recognition: Record<string, { status?: string }>; criteria: { met?: { status: string } }[] };
    const confirmed = structuredClone(shipped);
    confirmed.version = 3;
    confirmed.years = { from: 2022, to: 2022 };
    for (const rule of Object.values(confirmed.recognition))
      if (rule && typeof rule === 'object' && 'status' in rule) rule.status = 'confirmed';
    for (const rule of Object.values(confirmed.recognition.minimumTotal as Record<string, { status: string }>))
      rule.status = 'confirmed';
    for (const criterion of confirmed.criteria) if (criterion.met) criterion.met.status = 'confirmed';
    const loaded = await hub.query(
      `mutation($d: String!) { loadCriteriaSet(document: $d) { outcome } }`,
      { d: JSON.stringify(confirmed) },
      admin(),
    );
    expect(loaded.body.errors).toBeUndefined();
    const set = await hub.query<{ setDecisionPolicy: Record<string, unknown> }>(
      policy,
      { id: 'QD06-2019', v: 3, b: true },
      admin(),
    );
    expect(set.body.data?.setDecisionPolicy).toEqual({
      criteriaSetId: 'QD06-2019',
      criteriaSetVersion: 3,
      blockOnDisagreement: true,
      provisionalThresholds: [],
      setBy: 'province-admin',
    });

    await submitted(C, 2022);
    expect(await throughRecognisingSteps(hub, C, 2022, BAC_AI, '2022-11-05')).toBeNull();
    const blocked = await refused(BAC_AI, M.recognise, {
      i: {
        commune: C,
        year: 2022,
        decisionNumber: '91/QĐ-UBND',
        decisionDate: '2022-11-12',
        signer: 'Chủ tịch UBND huyện Bác Ái',
        reason: 'Theo đề nghị của hội đồng',
      },
    });
    expect(blocked).toMatchObject({
      code: 'RECOGNITION_REFUSED',
      policy: { criteriaSetId: 'QD06-2019', criteriaSetVersion: 3, blockOnDisagreement: true },
    });
    expect(JSON.stringify(blocked.reasons)).toContain('NOT_ELIGIBLE');
    expect(blocked.messageVi).toContain('tỉnh quy định không công nhận khi kết quả tính toán');
    const refusal = await ok(BAC_AI, M.refuse, {
      i: { commune: C, year: 2022, reason: 'Tiêu chí 3 không đạt', decisionDate: '2022-11-12' },
    });
    expect(refusal.state).toBe('NOT_RECOGNISED');
    expect(refusal.lastStep).toMatchObject({ flags: [], disagreement: null });
  });
});

describe('a refusal can be contested', () => {
  it('re-appraisal upheld: the refusal becomes final; a second request is refused', async () => {
    const officer = communeOfficer(C);
    expect(
      (await refused(BAC_AI, M.reappraisal, { i: { commune: C, year: 2022, requestDate: '2022-11-20', grounds: 'x' } }))
        .code,
    ).toBe('FORBIDDEN');
    const requested = await ok(officer, M.reappraisal, {
      i: {
        commune: C,
        year: 2022,
        requestDate: '2022-11-20',
        grounds: 'Số liệu tiêu chí 3 của Công an xã đã được đính chính',
      },
    });
    expect(requested.state).toBe('REAPPRAISAL_REQUESTED');
    expect(requested.allowedActions).toEqual(['RECOGNISE', 'UPHOLD_REFUSAL']);
    const twice = await refused(officer, M.reappraisal, {
      i: { commune: C, year: 2022, requestDate: '2022-11-21', grounds: 'lần hai' },
    });
    expect(twice).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'REAPPRAISAL_REQUESTED' });
    const upheld = await ok(BAC_AI, M.uphold, {
      i: {
        commune: C,
        year: 2022,
        reappraisalDate: '2022-11-28',
        report: 'Báo cáo thẩm định lại 3/BC',
        reason: 'Số liệu đính chính chưa được Công an tỉnh xác nhận',
      },
    });
    expect(upheld).toMatchObject({ state: 'REFUSAL_UPHELD', allowedActions: [] });
    const final = await refused(officer, M.reappraisal, {
      i: { commune: C, year: 2022, requestDate: '2022-11-29', grounds: 'lần ba' },
    });
    expect(final).toMatchObject({ code: 'ILLEGAL_TRANSITION', from: 'REFUSAL_UPHELD', allowed: [] });
    expect(final.messageVi).toContain('trạng thái này là cuối cùng trong năm');
    const overview = await hub.query<{ recognitionOverview: { byState: { state: string; count: number }[] } }>(
      `{ recognitionOverview(year: 2022) { byState { state count } } }`,
    );
    expect(overview.body.data?.recognitionOverview.byState.find((s) => s.state === 'REFUSAL_UPHELD')?.count).toBe(1);
  });

  it('re-appraisal overturned: a refusal the computation disagrees with (recorded with its reason) is followed by a recognition', async () => {
    await submitted(A, 2022);
    expect(await throughRecognisingSteps(hub, A, 2022, BAC_AI, '2022-11-05')).toBeNull();
    const refusal = await ok(BAC_AI, M.refuse, {
      i: {
        commune: A,
        year: 2022,
        reason: 'Có ý kiến phản ánh của người dân chưa được xác minh',
        decisionDate: '2022-11-10',
      },
    });
    expect(refusal.lastStep?.disagreement).toMatchObject({
      decided: 'NOT_RECOGNISED',
      computed: { eligible: true, status: 'COMPLETE', criteriaSetVersion: 3, thresholdsProvisional: false },
    });
    await ok(communeOfficer(A), M.reappraisal, {
      i: { commune: A, year: 2022, requestDate: '2022-11-15', grounds: 'Phản ánh đã được xác minh là không đúng' },
    });
    const recognised = await ok(BAC_AI, M.recognise, {
      i: {
        commune: A,
        year: 2022,
        decisionNumber: '95/QĐ-UBND',
        decisionDate: '2022-11-25',
        signer: 'Chủ tịch UBND huyện Bác Ái',
      },
    });
    expect(recognised).toMatchObject({ state: 'RECOGNISED', lastStep: { disagreement: null } });
    expect(recognised.history.slice(-3).map((h) => h.action)).toEqual(['REFUSE', 'REQUEST_REAPPRAISAL', 'RECOGNISE']);
  });
});

describe('the calendar', () => {
  it('ships a default (provisional but for the report deadline) that the province overrides per year; steps outside a window are flagged, not refused', async () => {
    const CAL = `query($y: Int!) { procedureCalendar(year: $y) { year source windows { window from to provisional } } }`;
    const shipped = await hub.query<{
      procedureCalendar: {
        source: string;
        windows: { window: string; from: string; to: string; provisional: boolean }[];
      };
    }>(CAL, { y: 2023 });
    expect(shipped.body.data?.procedureCalendar.source).toBe('DEFAULT');
    const windows = shipped.body.data?.procedureCalendar.windows ?? [];
    expect(windows.map((w) => w.window)).toEqual([
      'REGISTRATION',
      'DOSSIER',
      'APPRAISAL',
      'COUNCIL',
      'POSTING',
      'DECISION',
      'REPORTS',
    ]);
    expect(windows.find((w) => w.window === 'REPORTS')).toEqual({
      window: 'REPORTS',
      from: '2023-11-01',
      to: '2023-11-29',
      provisional: false,
    });
    expect(windows.find((w) => w.window === 'DECISION')?.provisional).toBe(true);

    const SET = `mutation($i: ProcedureCalendarInput!) { setProcedureCalendar(input: $i) { source windows { window from to provisional } } }`;
    const late = await hub.query(
      SET,
      {
        i: {
          year: 2023,
          note: 'Kế hoạch 12/KH-UBND',
          windows: [
            { window: 'REGISTRATION', from: '2023-01-01', to: '2023-01-31' },
            { window: 'DECISION', from: '2023-11-01', to: '2023-11-30' },
          ],
        },
      },
      admin(),
    );
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'windows[1].to' });
    expect(String(late.body.errors?.[0]?.extensions?.messageVi)).toMatch(
      /^Trường windows\[1\]\.to: phải kết thúc trước hạn báo cáo/,
    );
    expect(
      (await hub.query(SET, { i: { year: 2023, note: 'x', windows: [] } }, BAC_AI)).body.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await hub.query<{ procedureCalendar: { source: string } }>(CAL, { y: 2023 })).body.data?.procedureCalendar
        .source,
    ).toBe('DEFAULT');
    const set = await hub.query<{
      setProcedureCalendar: {
        source: string;
        windows: { window: string; from: string; to: string; provisional: boolean }[];
      };
    }>(
      SET,
      {
        i: {
          year: 2023,
          note: 'Kế hoạch 12/KH-UBND năm 2023',
          windows: [{ window: 'REGISTRATION', from: '2023-01-01', to: '2023-01-31' }],
        },
      },
      admin(),
    );
    expect(set.body.data?.setProcedureCalendar.source).toBe('PROVINCE');
    expect(set.body.data?.setProcedureCalendar.windows[0]).toEqual({
      window: 'REGISTRATION',
      from: '2023-01-01',
      to: '2023-01-31',
      provisional: false,
    });
    expect(set.body.data?.setProcedureCalendar.windows[1]).toEqual(windows[1]);

    const officer = communeOfficer(B);
    const outside = await ok(officer, M.register, { c: B, y: 2023, d: '2023-02-10' });
    expect(outside.state).toBe('REGISTERED');
    expect(outside.lastStep?.flags).toEqual([
      {
        code: 'OUTSIDE_WINDOW',
        message:
          "REGISTER dated 2023-02-10 is outside the REGISTRATION window of 2023 (2023-01-01 to 2023-01-31, province's); recorded as dated",
        messageVi:
          'Bước REGISTER ngày 2023-02-10 nằm ngoài thời gian đăng ký năm 2023 (2023-01-01 đến 2023-01-31); vẫn được ghi nhận theo ngày đã nêu',
      },
    ]);
    const future = await refused(officer, M.self, dossier(B, 2023, '2099-01-01'));
    expect(future).toMatchObject({ code: 'CYCLE_DETAILS_INVALID', field: 'meetingDate' });
  });
});

describe('the steps a period requires are configuration', () => {
  it('with only the appraisal required, a dossier goes from submission to appraisal to decision', async () => {
    const periods = await hub.query<{
      procedurePeriods: { validFrom: string; requiredSteps: string[]; stepsProvisional: boolean }[];
    }>(`{ procedurePeriods { validFrom requiredSteps stepsProvisional } }`);
    expect(periods.body.data?.procedurePeriods).toEqual([
      {
        validFrom: '2000-01-01',
        requiredSteps: ['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING'],
        stepsProvisional: true,
      },
      {
        validFrom: '2025-07-01',
        requiredSteps: ['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING'],
        stepsProvisional: true,
      },
    ]);
    const SET = `mutation($i: ProcedurePeriodInput!) { setProcedurePeriod(input: $i) { validFrom requiredSteps stepsProvisional } }`;
    const input = {
      validFrom: '2000-01-01',
      recognisingLevel: 'DISTRICT',
      reportingLevel: 'DISTRICT',
      levelsProvisional: false,
      lineagePolicy: 'ALL_PREDECESSORS',
      lineagePolicyProvisional: true,
      requiredSteps: ['APPRAISAL'],
      note: 'Quyết định 3/QĐ-UBND: chỉ bắt buộc thẩm định',
    };
    const set = await hub.query<{ setProcedurePeriod: unknown }>(SET, { i: input }, admin());
    expect(set.body.data?.setProcedurePeriod).toEqual({
      validFrom: '2000-01-01',
      requiredSteps: ['APPRAISAL'],
      stepsProvisional: false,
    });

    await submitted(D, 2023);
    const next = await hub.query<{ commune: { year: { recognition: { allowedActions: string[] } } } }>(
      `{ commune(code: "${D}") { year(year: 2023) { recognition { allowedActions } } } }`,
    );
    expect(next.body.data?.commune.year.recognition.allowedActions).toEqual([
      'ACCEPT_DOSSIER',
      'RETURN_DOSSIER',
      'APPRAISE',
    ]);
    const decision = {
      commune: D,
      year: 2023,
      decisionNumber: '7/QĐ-UBND',
      decisionDate: '2023-11-10',
      signer: 'Chủ tịch UBND huyện Bác Ái',
    };
    expect(await refused(BAC_AI, M.recognise, { i: decision })).toMatchObject({
      code: 'PROCEDURE_STEP_MISSING',
      missing: ['APPRAISAL'],
      stepsProvisional: false,
    });
    await ok(BAC_AI, M.appraise, {
      i: {
        commune: D,
        year: 2023,
        appraisalDate: '2023-09-15',
        report: 'BC TĐ 9',
        participants: ['LDTBXH'],
        results: [{ criterion: 1, met: true }],
      },
    }).then((cycle) => {
      expect(cycle.lastStep?.flags.map((f) => f.code)).toEqual(['VHTTDL_NOT_PARTICIPATING']);
    });
    expect((await ok(BAC_AI, M.recognise, { i: decision })).state).toBe('RECOGNISED');
    // Back to the default for the rest.
    expect(
      (await hub.query(SET, { i: { ...input, requiredSteps: null, note: 'Trở lại mặc định' } }, admin())).body.errors,
    ).toBeUndefined();
  });
});

describe("the demo's procedure follows the calendar", () => {
  it('every step of the demo is inside its window, so its decisions come before the 30 November report deadline', async () => {
    const saved = {
      secret: process.env.HUB_JWT_SECRET,
      issuer: process.env.HUB_JWT_ISSUER,
      audience: process.env.HUB_JWT_AUDIENCE,
    };
    Object.assign(process.env, {
      HUB_JWT_SECRET: hub.tokens.secret,
      HUB_JWT_ISSUER: hub.tokens.issuer,
      HUB_JWT_AUDIENCE: hub.tokens.audience,
    });
    try {
      const communes = [A, B, C, D].map((code) => ({ code, name: code, districtCode: '584' }));
      const summary = await runProcedure(hub.gatewayUrl, [2020], communes);
      expect(summary.failures).toEqual([]);
      expect(summary.recognised + summary.refused + summary.awaiting + summary.skipped).toBe(4);
    } finally {
      for (const [name, value] of [
        ['HUB_JWT_SECRET', saved.secret],
        ['HUB_JWT_ISSUER', saved.issuer],
        ['HUB_JWT_AUDIENCE', saved.audience],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const answer = await hub.query<{
      communes: {
        code: string;
        year: {
          recognition: {
            state: string;
            history: { action: string; details: { decisionDate: string }; flags: Flag[] }[];
          } | null;
        };
      }[];
    }>(
      `{ communes(year: 2020) { code year(year: 2020) { recognition { state history { action details flags { code message } } } } } }`,
      {},
      admin(),
    );
    const cycles = (answer.body.data?.communes ?? []).filter(
      (c) => [A, B, C, D].includes(c.code) && c.year.recognition !== null,
    );
    expect(cycles.length).toBeGreaterThanOrEqual(3);
    const decisions = cycles.flatMap((c) =>
      (c.year.recognition?.history ?? []).filter((h) => h.action === 'RECOGNISE' || h.action === 'REFUSE'),
    );
    expect(decisions.length).toBeGreaterThanOrEqual(2);
    for (const d of decisions) {
      const date = d.details.decisionDate;
      expect([date, date < '2020-11-30', date >= '2020-11-01']).toEqual([date, true, true]);
    }
    // No step of the demo is flagged outside its window.
    expect(
      cycles.flatMap((c) =>
        (c.year.recognition?.history ?? []).flatMap((h) =>
          h.flags.filter((f) => f.code === 'OUTSIDE_WINDOW').map((f) => `${c.code} ${h.action}: ${f.message}`),
        ),
      ),
    ).toEqual([]);
  });
});
