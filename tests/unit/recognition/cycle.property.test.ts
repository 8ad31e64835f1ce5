import fc from 'fast-check';

import { assertNever } from '../../../shared/assert-never';
import {
  CYCLE_ACTION_TYPES,
  CycleTransitionError,
  TRANSITIONS,
  allowedActions,
  nextState,
} from '../../../subgraphs/ldtbxh/recognition/cycle';
import { ACTION_FIELDS, isIsoDate, validateDetails } from '../../../subgraphs/ldtbxh/recognition/action-details';
import type { CycleAction, CycleActionType, CycleState } from '../../../subgraphs/ldtbxh/recognition/cycle';
import type { DetailProblemCode } from '../../../subgraphs/ldtbxh/recognition/action-details';

const details = {
  meetingDate: '2020-10-05',
  requestLetter: 'a',
  assessmentReport: 'b',
  dataSourceExplanation: 'c',
  councilMinutes: 'd',
};

function actionOf(type: CycleActionType): CycleAction {
  switch (type) {
    case 'REGISTER':
      return { type, commune: '22783', year: 2020 };
    case 'SELF_ASSESS':
      return { type, details };
    case 'SUBMIT':
      return { type };
    case 'RECOGNISE':
      return { type, details: { decisionNumber: 'n', decisionDate: '2020-11-20', signer: 's' } };
    case 'REFUSE':
      return { type, details: { reason: 'r' } };
    case 'REVOKE':
      return { type, details: { reason: 'r', decisionNumber: 'm', decisionDate: '2021-01-01' } };
    case 'ACCEPT_DOSSIER':
      return { type, details: { checkDate: '2020-10-10' } };
    case 'RETURN_DOSSIER':
      return { type, details: { checkDate: '2020-10-10', missing: 'm' } };
    case 'APPRAISE':
      return {
        type,
        details: {
          appraisalDate: '2020-10-12',
          report: 'r',
          participants: ['LDTBXH', 'VHTTDL'],
          results: [{ criterion: 1, met: true }],
        },
      };
    case 'COUNCIL_REVIEW':
      return { type, details: { meetingDate: '2020-10-15', opinion: 'RECOMMEND', minutes: 'm' } };
    case 'POST':
      return { type, details: { postedFrom: '2020-10-16', postedUntil: '2020-10-30', place: 'p' } };
    case 'RECORD_COMMENT':
      return { type, details: { receivedDate: '2020-10-20', from: 'f', comment: 'c' } };
    case 'REQUEST_REAPPRAISAL':
      return { type, details: { requestDate: '2020-12-01', grounds: 'g' } };
    case 'UPHOLD_REFUSAL':
      return { type, details: { reappraisalDate: '2020-12-10', report: 'r', reason: 'r' } };
    default:
      return assertNever(type, 'action type');
  }
}

const actionsArb = fc.array(fc.constantFrom(...CYCLE_ACTION_TYPES), { maxLength: 12 });

describe('cycle state machine (properties)', () => {
  it('applies exactly the transitions of the table; anything else throws ILLEGAL_TRANSITION with what is allowed', () => {
    fc.assert(
      fc.property(actionsArb, (types) => {
        let state: CycleState | null = null;
        let applied = 0;
        for (const type of types) {
          const from: CycleState['status'] | null = state === null ? null : state.status;
          const legal = TRANSITIONS[type].from.includes(from);
          try {
            state = nextState(state, actionOf(type));
            expect(legal).toBe(true);
            expect(state.status).toBe(TRANSITIONS[type].to);
            applied += 1;
            expect(state.history).toHaveLength(applied);
          } catch (error) {
            expect(error).toBeInstanceOf(CycleTransitionError);
            const e = error as CycleTransitionError;
            expect(legal).toBe(false);
            expect([e.code, e.from, e.action]).toEqual(['ILLEGAL_TRANSITION', from, type]);
            expect(e.allowed).toEqual(allowedActions(from));
            expect(e.allowed).not.toContain(type);
          }
        }
      }),
    );
  });

  it('keeps a history that is a walk through the table, starting with REGISTER', () => {
    fc.assert(
      fc.property(actionsArb, (types) => {
        let state: CycleState | null = null;
        for (const type of types) {
          try {
            state = nextState(state, actionOf(type));
          } catch {
            // illegal steps are skipped; the walk goes on from the same state
          }
        }
        if (state === null) return;
        expect(state.history[0]?.action.type).toBe('REGISTER');
        state.history.forEach((event, index) => {
          expect(event.from).toBe(index === 0 ? null : state?.history[index - 1]?.to);
          expect(TRANSITIONS[event.action.type].from).toContain(event.from);
          expect(event.to).toBe(TRANSITIONS[event.action.type].to);
        });
        expect(state.history[state.history.length - 1]?.to).toBe(state.status);
        if (state.status === 'REVOKED') {
          expect(state.history.map((e) => e.to)).toContain('RECOGNISED');
        }
      }),
    );
  });

  it('allows every action from exactly the states the table lists', () => {
    for (const status of [
      null,
      'REGISTERED',
      'SELF_ASSESSED',
      'SUBMITTED',
      'RECOGNISED',
      'NOT_RECOGNISED',
      'REVOKED',
    ] as const) {
      expect(new Set(allowedActions(status))).toEqual(
        new Set(CYCLE_ACTION_TYPES.filter((t) => TRANSITIONS[t].from.includes(status))),
      );
    }
  });
});

const CODES: readonly DetailProblemCode[] = [
  'DETAILS_INVALID',
  'FIELD_REQUIRED',
  'DATE_INVALID',
  'DATE_IN_FUTURE',
  'DATE_OUTSIDE_YEAR',
  'DATE_ORDER',
  'TEXT_TOO_LONG',
  'TEXT_INVALID',
  'VALUE_INVALID',
  'UNKNOWN_FIELD',
];

describe('validateDetails (properties)', () => {
  it('never throws on any input and only names fields that exist or were sent', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CYCLE_ACTION_TYPES), fc.anything(), (action, input) => {
        const problems = validateDetails(action, input, { year: 2020, today: '2020-12-01' });
        const sent = typeof input === 'object' && input !== null ? Object.keys(input) : [];
        for (const p of problems) {
          expect(CODES).toContain(p.code);
          expect([...Object.keys(ACTION_FIELDS[action]), ...sent, 'details']).toContain(p.field);
          expect(p.message.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('accepts any real date within the year window and not after today', () => {
    const day = fc.date({
      min: new Date('2020-01-01T00:00:00Z'),
      max: new Date('2021-03-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, (d) => {
        const meetingDate = d.toISOString().slice(0, 10);
        expect(
          validateDetails('SELF_ASSESS', { ...details, meetingDate }, { year: 2020, today: '2021-03-31' }),
        ).toEqual([]);
      }),
    );
  });
});

describe('isIsoDate (properties)', () => {
  it('agrees with the calendar for every YYYY-MM-DD between 1900 and 2100', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2100 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const roundTrip = new Date(Date.UTC(y, m - 1, d));
          const real = m >= 1 && m <= 12 && d >= 1 && roundTrip.getUTCMonth() === m - 1 && roundTrip.getUTCDate() === d;
          expect(isIsoDate(text)).toBe(real);
        },
      ),
    );
  });
});
