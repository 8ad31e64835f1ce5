import {
  CycleTransitionError,
  TRANSITIONS,
  allowedActions,
  nextState,
} from '../../../subgraphs/ldtbxh/recognition/cycle';
import { parseCycleAction, validateDetails } from '../../../subgraphs/ldtbxh/recognition/action-details';
import { missingSteps } from '../../../subgraphs/ldtbxh/recognition/required-steps';
import { recognitionPreconditionProblems } from '../../../subgraphs/ldtbxh/recognition/precondition';
import type {
  CycleAction,
  CycleState,
  RecognitionDetails,
  SelfAssessmentDetails,
} from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { AssessmentSummary } from '../../../subgraphs/ldtbxh/recognition/precondition';

const selfAssessment = (overrides: Partial<SelfAssessmentDetails> = {}): SelfAssessmentDetails => ({
  meetingDate: '2020-10-05',
  requestLetter: 'TTr 12/UBND',
  assessmentReport: 'BC 45/HĐĐG',
  dataSourceExplanation: 'GT 3/UBND',
  councilMinutes: 'BB 2020-10-05',
  ...overrides,
});
const recognition = (overrides: Partial<RecognitionDetails> = {}): RecognitionDetails => ({
  decisionNumber: '1234/QĐ-UBND',
  decisionDate: '2020-11-20',
  signer: 'Chủ tịch UBND huyện Ninh Hải',
  ...overrides,
});

function run(...actions: CycleAction[]): CycleState {
  let state: CycleState | null = null;
  for (const action of actions) state = nextState(state, action);
  if (state === null) throw new Error('no action');
  return state;
}

const REGISTER: CycleAction = { type: 'REGISTER', commune: '22783', year: 2020 };
const SELF_ASSESS: CycleAction = { type: 'SELF_ASSESS', details: selfAssessment() };
const SUBMIT: CycleAction = { type: 'SUBMIT' };
const RECOGNISE: CycleAction = { type: 'RECOGNISE', details: recognition() };

function thrown(fn: () => unknown): CycleTransitionError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CycleTransitionError) return error;
    throw error;
  }
  throw new Error('expected a CycleTransitionError');
}

describe('TRANSITIONS', () => {
  it('is the whole machine', () => {
    const decidable = ['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED', 'COUNCIL_REVIEWED', 'POSTED'];
    expect(TRANSITIONS).toEqual({
      REGISTER: { from: [null], to: 'REGISTERED' },
      SELF_ASSESS: { from: ['REGISTERED', 'SELF_ASSESSED', 'RETURNED'], to: 'SELF_ASSESSED' },
      SUBMIT: { from: ['SELF_ASSESSED'], to: 'SUBMITTED' },
      ACCEPT_DOSSIER: { from: ['SUBMITTED'], to: 'DOSSIER_ACCEPTED' },
      RETURN_DOSSIER: { from: ['SUBMITTED'], to: 'RETURNED' },
      APPRAISE: { from: ['SUBMITTED', 'DOSSIER_ACCEPTED'], to: 'APPRAISED' },
      COUNCIL_REVIEW: { from: ['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED'], to: 'COUNCIL_REVIEWED' },
      POST: { from: ['SUBMITTED', 'DOSSIER_ACCEPTED', 'APPRAISED', 'COUNCIL_REVIEWED'], to: 'POSTED' },
      RECORD_COMMENT: { from: ['POSTED'], to: 'POSTED' },
      RECOGNISE: { from: [...decidable, 'REAPPRAISAL_REQUESTED'], to: 'RECOGNISED' },
      REFUSE: { from: decidable, to: 'NOT_RECOGNISED' },
      REVOKE: { from: ['RECOGNISED'], to: 'REVOKED' },
      REQUEST_REAPPRAISAL: { from: ['NOT_RECOGNISED'], to: 'REAPPRAISAL_REQUESTED' },
      UPHOLD_REFUSAL: { from: ['REAPPRAISAL_REQUESTED'], to: 'REFUSAL_UPHELD' },
    });
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(TRANSITIONS.SELF_ASSESS.from)).toBe(true);
  });

  it.each([
    [null, ['REGISTER']],
    ['REGISTERED', ['SELF_ASSESS']],
    ['SELF_ASSESSED', ['SUBMIT', 'SELF_ASSESS']],
    ['SUBMITTED', ['ACCEPT_DOSSIER', 'RETURN_DOSSIER', 'APPRAISE', 'COUNCIL_REVIEW', 'POST', 'RECOGNISE', 'REFUSE']],
    ['RETURNED', ['SELF_ASSESS']],
    ['DOSSIER_ACCEPTED', ['APPRAISE', 'COUNCIL_REVIEW', 'POST', 'RECOGNISE', 'REFUSE']],
    ['APPRAISED', ['COUNCIL_REVIEW', 'POST', 'RECOGNISE', 'REFUSE']],
    ['COUNCIL_REVIEWED', ['POST', 'RECOGNISE', 'REFUSE']],
    ['POSTED', ['RECOGNISE', 'REFUSE', 'RECORD_COMMENT']],
    ['RECOGNISED', ['REVOKE']],
    ['NOT_RECOGNISED', ['REQUEST_REAPPRAISAL']],
    ['REAPPRAISAL_REQUESTED', ['RECOGNISE', 'UPHOLD_REFUSAL']],
    ['REFUSAL_UPHELD', []],
    ['REVOKED', []],
  ] as const)('from %s allows %j (moving on first, then staying)', (status, expected) => {
    expect(allowedActions(status)).toEqual(expected);
  });
});

describe('nextState', () => {
  it('walks the procedure to RECOGNISED and REVOKED, carrying the details and the history', () => {
    const revocation = { reason: 'số liệu tiêu chí 2 sai', decisionNumber: '88/QĐ-UBND', decisionDate: '2021-02-01' };
    const revoked = run(REGISTER, SELF_ASSESS, SUBMIT, RECOGNISE, { type: 'REVOKE', details: revocation });
    expect(revoked).toEqual({
      commune: '22783',
      year: 2020,
      status: 'REVOKED',
      selfAssessment: selfAssessment(),
      recognition: recognition(),
      revocation,
      history: [
        { from: null, to: 'REGISTERED', action: REGISTER },
        { from: 'REGISTERED', to: 'SELF_ASSESSED', action: SELF_ASSESS },
        { from: 'SELF_ASSESSED', to: 'SUBMITTED', action: SUBMIT },
        { from: 'SUBMITTED', to: 'RECOGNISED', action: RECOGNISE },
        { from: 'RECOGNISED', to: 'REVOKED', action: { type: 'REVOKE', details: revocation } },
      ],
    });
  });

  it('refuses with a reason: NOT_RECOGNISED keeps the dossier and the reason', () => {
    const refused = run(REGISTER, SELF_ASSESS, SUBMIT, { type: 'REFUSE', details: { reason: 'tổng điểm 790 < 850' } });
    expect(refused).toMatchObject({
      status: 'NOT_RECOGNISED',
      selfAssessment: selfAssessment(),
      refusal: { reason: 'tổng điểm 790 < 850' },
    });
    expect(refused.history).toHaveLength(4);
  });

  it('lets a new council meeting replace the self-assessment and keeps the earlier one in the history', () => {
    const second = selfAssessment({ meetingDate: '2020-10-20', councilMinutes: 'BB 2020-10-20' });
    const state = run(REGISTER, SELF_ASSESS, { type: 'SELF_ASSESS', details: second }, SUBMIT);
    expect(state.status).toBe('SUBMITTED');
    expect(state).toMatchObject({ selfAssessment: second });
    expect(state.history.map((e) => [e.from, e.to])).toEqual([
      [null, 'REGISTERED'],
      ['REGISTERED', 'SELF_ASSESSED'],
      ['SELF_ASSESSED', 'SELF_ASSESSED'],
      ['SELF_ASSESSED', 'SUBMITTED'],
    ]);
    expect(state.history[1]?.action).toEqual({ type: 'SELF_ASSESS', details: selfAssessment() });
  });

  it('names the commune, the year, the state and what is allowed when an action is illegal', () => {
    const selfAssessed = run(REGISTER, SELF_ASSESS);
    const error = thrown(() => nextState(selfAssessed, RECOGNISE));
    expect(error.message).toBe(
      'commune 22783, 2020: cannot RECOGNISE from SELF_ASSESSED; allowed: SUBMIT, SELF_ASSESS',
    );
    expect({ ...error, name: error.name }).toEqual({
      name: 'CycleTransitionError',
      code: 'ILLEGAL_TRANSITION',
      from: 'SELF_ASSESSED',
      action: 'RECOGNISE',
      allowed: ['SUBMIT', 'SELF_ASSESS'],
      commune: '22783',
      year: 2020,
      messageVi:
        'xã 22783, năm 2020: không thể quyết định công nhận khi hồ sơ ở trạng thái "Đã tự đánh giá"; bước có thể làm: nộp hồ sơ, tự đánh giá (họp hội đồng xã)',
    });
  });

  it('refuses any action but REGISTER before a cycle exists', () => {
    const error = thrown(() => nextState(null, SUBMIT));
    expect(error.message).toBe('cannot SUBMIT before the commune is registered for the year; allowed: REGISTER');
    expect([error.from, error.commune, error.year, error.allowed]).toEqual([null, null, null, ['REGISTER']]);
  });

  it('refuses a second REGISTER for the same commune and year', () => {
    const error = thrown(() => nextState(run(REGISTER), REGISTER));
    expect(error.message).toBe('commune 22783, 2020: cannot REGISTER from REGISTERED; allowed: SELF_ASSESS');
  });

  it("has no withdrawal: a submitted dossier goes through the recognising level's steps to a decision, and is re-assessed only when returned", () => {
    const error = thrown(() => nextState(run(REGISTER, SELF_ASSESS, SUBMIT), SELF_ASSESS));
    expect(error.message).toBe(
      'commune 22783, 2020: cannot SELF_ASSESS from SUBMITTED; allowed: ACCEPT_DOSSIER, RETURN_DOSSIER, APPRAISE, COUNCIL_REVIEW, POST, RECOGNISE, REFUSE',
    );
    const returned = run(REGISTER, SELF_ASSESS, SUBMIT, {
      type: 'RETURN_DOSSIER',
      details: { checkDate: '2020-10-10', missing: 'biên bản' },
    });
    expect(returned).toMatchObject({ status: 'RETURNED', dossierReturn: { missing: 'biên bản' } });
    expect(nextState(returned, SELF_ASSESS).status).toBe('SELF_ASSESSED');
  });

  it('lists the required steps not yet taken since the last submission (missingSteps)', () => {
    const all = ['DOSSIER_CHECK', 'APPRAISAL', 'COUNCIL_REVIEW', 'PUBLIC_POSTING'] as const;
    const submitted = run(REGISTER, SELF_ASSESS, SUBMIT);
    expect(missingSteps(submitted, 'RECOGNISE', all)).toEqual([...all]);
    expect(missingSteps(submitted, 'APPRAISE', all)).toEqual(['DOSSIER_CHECK']);
    expect(missingSteps(submitted, 'ACCEPT_DOSSIER', all)).toEqual([]);
    expect(missingSteps(submitted, 'RECOGNISE', ['APPRAISAL'])).toEqual(['APPRAISAL']);
    const appraised = nextState(submitted, {
      type: 'APPRAISE',
      details: {
        appraisalDate: '2020-10-12',
        report: 'r',
        participants: ['VHTTDL'],
        results: [{ criterion: 1, met: true }],
      },
    });
    expect(missingSteps(appraised, 'REFUSE', ['APPRAISAL'])).toEqual([]);
    // Once the dossier is checked, the appraisal needs nothing more.
    const accepted = nextState(submitted, { type: 'ACCEPT_DOSSIER', details: { checkDate: '2020-10-11' } });
    expect(missingSteps(accepted, 'APPRAISE', all)).toEqual([]);
  });

  it.each([
    [
      'REFUSAL_UPHELD',
      [
        REGISTER,
        SELF_ASSESS,
        SUBMIT,
        { type: 'REFUSE', details: { reason: 'r' } },
        { type: 'REQUEST_REAPPRAISAL', details: { requestDate: '2020-12-01', grounds: 'g' } },
        { type: 'UPHOLD_REFUSAL', details: { reappraisalDate: '2020-12-10', report: 'b', reason: 'r' } },
      ],
    ],
    [
      'REVOKED',
      [
        REGISTER,
        SELF_ASSESS,
        SUBMIT,
        RECOGNISE,
        { type: 'REVOKE', details: { reason: 'r', decisionNumber: 'n', decisionDate: '2021-01-01' } },
      ],
    ],
  ] as [string, CycleAction[]][])('treats %s as final for the year', (status, actions) => {
    const error = thrown(() => nextState(run(...actions), SELF_ASSESS));
    expect(error.allowed).toEqual([]);
    expect(error.message).toBe(
      `commune 22783, 2020: cannot SELF_ASSESS from ${status}; allowed: none (${status} is final for the year; the commune registers again next year)`,
    );
  });

  it('does not modify its input and returns frozen states that share nothing with the caller', () => {
    const details = selfAssessment();
    const registered = run(REGISTER);
    const before = JSON.stringify(registered);
    const assessed = nextState(registered, { type: 'SELF_ASSESS', details });
    expect(JSON.stringify(registered)).toBe(before);
    details.meetingDate = '1999-01-01';
    expect(assessed).toMatchObject({ selfAssessment: { meetingDate: '2020-10-05' } });
    expect(Object.isFrozen(assessed)).toBe(true);
    expect(Object.isFrozen(assessed.history)).toBe(true);
    expect(Object.isFrozen(assessed.history[1]?.action)).toBe(true);
  });

  it('throws a TypeError for an action that does not exist', () => {
    expect(() => nextState(null, { type: 'WITHDRAW' } as unknown as CycleAction)).toThrow(
      new TypeError('unknown cycle action "WITHDRAW"'),
    );
  });
});

describe('validateDetails', () => {
  const context = { year: 2020, today: '2020-12-01' };

  it('accepts complete details of every action', () => {
    expect(validateDetails('REGISTER', undefined, context)).toEqual([]);
    expect(validateDetails('SUBMIT', {}, context)).toEqual([]);
    expect(validateDetails('SELF_ASSESS', selfAssessment(), context)).toEqual([]);
    expect(validateDetails('RECOGNISE', recognition(), context)).toEqual([]);
    expect(validateDetails('REFUSE', { reason: 'thiếu hồ sơ' }, context)).toEqual([]);
    expect(
      validateDetails('REVOKE', { reason: 'r', decisionNumber: 'n', decisionDate: '2020-12-01' }, context),
    ).toEqual([]);
  });

  it('reports every missing, blank or mistyped field, in field order', () => {
    expect(
      validateDetails('SELF_ASSESS', { requestLetter: '   ', assessmentReport: 7, councilMinutes: null }, context),
    ).toEqual([
      { field: 'meetingDate', code: 'FIELD_REQUIRED', message: 'meetingDate is required for SELF_ASSESS' },
      { field: 'requestLetter', code: 'FIELD_REQUIRED', message: 'requestLetter must not be blank' },
      { field: 'assessmentReport', code: 'FIELD_REQUIRED', message: 'assessmentReport must be a text, got number' },
      {
        field: 'dataSourceExplanation',
        code: 'FIELD_REQUIRED',
        message: 'dataSourceExplanation is required for SELF_ASSESS',
      },
      { field: 'councilMinutes', code: 'FIELD_REQUIRED', message: 'councilMinutes is required for SELF_ASSESS' },
    ]);
  });

  it.each(['2020-02-30', '2019-02-29', '2020-13-01', '2020-1-05', '05/10/2020', '2020-10-05T00:00:00Z', ''])(
    'rejects the date %j',
    (meetingDate) => {
      const problems = validateDetails('SELF_ASSESS', selfAssessment({ meetingDate }), context);
      expect(problems.map((p) => [p.field, p.code])).toEqual([
        ['meetingDate', meetingDate === '' ? 'FIELD_REQUIRED' : 'DATE_INVALID'],
      ]);
    },
  );

  it('refuses an appraisal naming a body that is not a department, and one naming none (a caller outside the graph, whose enum refuses them first)', () => {
    const appraisal = (participants: unknown) => ({
      appraisalDate: '2020-09-15',
      report: 'BC TĐ',
      participants,
      results: [{ criterion: 1, met: true }],
    });
    expect(validateDetails('APPRAISE', appraisal(['LDTBXH', 'PHONG_X']), context)).toEqual([
      {
        field: 'participants',
        code: 'VALUE_INVALID',
        message: 'participants: "PHONG_X" not a department code (LDTBXH, YTE, TUPHAP, GDDT, CONGAN, VHTTDL)',
      },
    ]);
    expect(validateDetails('APPRAISE', appraisal([]), context).map((p) => [p.field, p.code])).toEqual([
      ['participants', 'FIELD_REQUIRED'],
    ]);
  });

  it('accepts 29 February of a leap year', () => {
    expect(validateDetails('RECOGNISE', recognition({ decisionDate: '2020-02-29' }), context)).toEqual([]);
  });

  it('accepts a decision dated today and refuses one dated tomorrow', () => {
    expect(validateDetails('RECOGNISE', recognition({ decisionDate: '2020-12-01' }), context)).toEqual([]);
    expect(validateDetails('RECOGNISE', recognition({ decisionDate: '2020-12-02' }), context)).toEqual([
      {
        field: 'decisionDate',
        code: 'DATE_IN_FUTURE',
        message: 'decisionDate 2020-12-02 is after today (2020-12-01); a decision cannot be recorded before it happens',
      },
    ]);
  });

  it.each([
    ['2019-12-31', false],
    ['2020-01-01', true],
    ['2021-03-31', true],
    ['2021-04-01', false],
  ])('holds a council meeting on %s inside the 2020 window: %s', (meetingDate, inside) => {
    const problems = validateDetails('SELF_ASSESS', selfAssessment({ meetingDate }), {
      year: 2020,
      today: '2022-01-01',
    });
    expect(problems).toEqual(
      inside
        ? []
        : [
            {
              field: 'meetingDate',
              code: 'DATE_OUTSIDE_YEAR',
              message: `meetingDate ${meetingDate} is outside the meetings allowed for 2020 (2020-01-01 to 2021-03-31: the year, or the first 3 months of the next)`,
            },
          ],
    );
  });

  it('lists both problems of a meeting date in the future and outside the year', () => {
    const problems = validateDetails('SELF_ASSESS', selfAssessment({ meetingDate: '2021-06-01' }), context);
    expect(problems.map((p) => p.code)).toEqual(['DATE_IN_FUTURE', 'DATE_OUTSIDE_YEAR']);
  });

  it('counts text length in code points after NFC: 500 is accepted, 501 is too long', () => {
    const decomposed = 'e\u0302\u0303'; // ễ written as three code points, one after NFC
    expect(validateDetails('REFUSE', { reason: decomposed.repeat(500) }, context)).toEqual([]);
    expect(validateDetails('REFUSE', { reason: '😀'.repeat(500) }, context)).toEqual([]);
    expect(validateDetails('REFUSE', { reason: 'x'.repeat(501) }, context)).toEqual([
      { field: 'reason', code: 'TEXT_TOO_LONG', message: 'reason has 501 characters; at most 500 are accepted' },
    ]);
  });

  it('rejects a NUL character, which cannot be stored', () => {
    expect(validateDetails('RECOGNISE', recognition({ signer: 'Lê\u0000Văn B' }), context)).toEqual([
      {
        field: 'signer',
        code: 'TEXT_INVALID',
        message: 'signer contains a NUL character (U+0000), which cannot be stored',
      },
    ]);
  });

  it('rejects fields the action does not carry, in alphabetical order', () => {
    expect(validateDetails('REFUSE', { reason: 'r', signer: 's', decisonDate: '2020-01-01' }, context)).toEqual([
      {
        field: 'decisonDate',
        code: 'UNKNOWN_FIELD',
        message: 'REFUSE has no field decisonDate; its fields are reason, decisionDate',
      },
      {
        field: 'signer',
        code: 'UNKNOWN_FIELD',
        message: 'REFUSE has no field signer; its fields are reason, decisionDate',
      },
    ]);
    expect(validateDetails('SUBMIT', { note: 'x' }, context)).toEqual([
      { field: 'note', code: 'UNKNOWN_FIELD', message: 'SUBMIT carries no details; remove note' },
    ]);
  });

  it('rejects details that are not an object', () => {
    expect(validateDetails('REFUSE', 'không đạt', context)).toEqual([
      {
        field: 'details',
        code: 'DETAILS_INVALID',
        message: 'details of REFUSE must be an object with reason, decisionDate',
      },
    ]);
    expect(validateDetails('SUBMIT', [], context)).toEqual([
      { field: 'details', code: 'DETAILS_INVALID', message: 'SUBMIT carries no details; send none' },
    ]);
  });

  it('checks the order of dates against the cycle when it is given', () => {
    const assessed = run(REGISTER, SELF_ASSESS);
    const submitted = nextState(assessed, SUBMIT);
    const recognised = nextState(submitted, RECOGNISE);
    expect(
      validateDetails('SELF_ASSESS', selfAssessment({ meetingDate: '2020-10-04' }), { ...context, current: assessed }),
    ).toEqual([
      {
        field: 'meetingDate',
        code: 'DATE_ORDER',
        message: 'meetingDate 2020-10-04 is before the previous council meeting (2020-10-05)',
      },
    ]);
    expect(
      validateDetails('RECOGNISE', recognition({ decisionDate: '2020-10-01' }), { ...context, current: submitted }),
    ).toEqual([
      {
        field: 'decisionDate',
        code: 'DATE_ORDER',
        message: 'decisionDate 2020-10-01 is before the council meeting (2020-10-05)',
      },
    ]);
    expect(
      validateDetails(
        'REVOKE',
        { reason: 'r', decisionNumber: 'n', decisionDate: '2020-11-19' },
        { ...context, current: recognised },
      ),
    ).toEqual([
      {
        field: 'decisionDate',
        code: 'DATE_ORDER',
        message: 'decisionDate 2020-11-19 is before the recognition decision (2020-11-20)',
      },
    ]);
    expect(
      validateDetails('RECOGNISE', recognition({ decisionDate: '2020-10-05' }), { ...context, current: submitted }),
    ).toEqual([]);
  });

  it('throws a RangeError for a today that is not a date (a programming error)', () => {
    expect(() => validateDetails('SUBMIT', undefined, { year: 2020, today: '2020-12-1' })).toThrow(RangeError);
  });
});

describe('parseCycleAction', () => {
  const context = { commune: '22783', year: 2020, today: '2020-12-01' };

  it('builds the typed action with trimmed, NFC text', () => {
    expect(parseCycleAction('REFUSE', { reason: '  Thie\u0302\u0301u biên bản  ' }, context)).toEqual({
      ok: true,
      action: { type: 'REFUSE', details: { reason: 'Thiếu biên bản' } },
    });
    expect(parseCycleAction('REGISTER', null, context)).toEqual({
      ok: true,
      action: { type: 'REGISTER', commune: '22783', year: 2020 },
    });
    expect(parseCycleAction('RECOGNISE', { ...recognition(), decisionDate: ' 2020-11-20 ' }, context)).toEqual({
      ok: true,
      action: { type: 'RECOGNISE', details: recognition() },
    });
  });

  it('returns the problems instead of an action', () => {
    expect(parseCycleAction('SUBMIT', { x: 1 }, context)).toEqual({
      ok: false,
      problems: [{ field: 'x', code: 'UNKNOWN_FIELD', message: 'SUBMIT carries no details; remove x' }],
    });
  });
});

describe('recognitionPreconditionProblems', () => {
  const assessment = (overrides: Partial<AssessmentSummary> = {}): AssessmentSummary => ({
    status: 'COMPLETE',
    eligible: true,
    total: 912,
    conditions: [
      { code: 'DATA_COMPLETE', met: true, message: 'all 40 indicators have values' },
      { code: 'MINIMUM_TOTAL', met: true, message: 'total 912 ≥ 850' },
      { code: 'NO_CRITERION_AT_ZERO', met: true, message: 'no criterion at 0' },
    ],
    ...overrides,
  });

  it('has nothing to say about a complete, eligible assessment', () => {
    expect(recognitionPreconditionProblems(assessment())).toEqual([]);
  });

  it('names the failing conditions of a complete assessment that is not eligible', () => {
    expect(
      recognitionPreconditionProblems(
        assessment({
          eligible: false,
          total: 812,
          conditions: [
            { code: 'DATA_COMPLETE', met: true, message: 'all 40 indicators have values' },
            { code: 'MINIMUM_TOTAL', met: false, message: 'total 812 < 850' },
            { code: 'NO_CRITERION_AT_ZERO', met: false, message: 'criterion 4 scored 0' },
          ],
        }),
      ),
    ).toEqual([
      {
        code: 'NOT_ELIGIBLE',
        message:
          'the commune does not meet the recognition conditions (total 812): total 812 < 850; criterion 4 scored 0',
        conditions: [
          { code: 'MINIMUM_TOTAL', message: 'total 812 < 850' },
          { code: 'NO_CRITERION_AT_ZERO', message: 'criterion 4 scored 0' },
        ],
      },
    ]);
  });

  it('reports an incomplete assessment, and a condition that already failed with it', () => {
    expect(
      recognitionPreconditionProblems(
        assessment({
          status: 'INCOMPLETE',
          eligible: false,
          total: 700,
          conditions: [
            { code: 'DATA_COMPLETE', met: false, message: '38 of 40 indicators have values; missing 8.1, 9.1' },
            { code: 'MINIMUM_TOTAL', met: null, message: 'total 700 so far, 900 possible' },
            { code: 'NO_CRITERION_AT_ZERO', met: false, message: 'criterion 4 scored 0' },
          ],
        }),
      ),
    ).toEqual([
      {
        code: 'ASSESSMENT_INCOMPLETE',
        message:
          'the assessment is incomplete (total so far 700); recognition needs every indicator published: 38 of 40 indicators have values; missing 8.1, 9.1; total 700 so far, 900 possible',
        conditions: [
          { code: 'DATA_COMPLETE', message: '38 of 40 indicators have values; missing 8.1, 9.1' },
          { code: 'MINIMUM_TOTAL', message: 'total 700 so far, 900 possible' },
        ],
      },
      {
        code: 'NOT_ELIGIBLE',
        message: 'the commune does not meet the recognition conditions (total 700): criterion 4 scored 0',
        conditions: [{ code: 'NO_CRITERION_AT_ZERO', message: 'criterion 4 scored 0' }],
      },
    ]);
  });

  it('does not trust an INCOMPLETE assessment marked eligible', () => {
    expect(recognitionPreconditionProblems(assessment({ status: 'INCOMPLETE' })).map((p) => p.code)).toEqual([
      'ASSESSMENT_INCOMPLETE',
    ]);
  });
});
