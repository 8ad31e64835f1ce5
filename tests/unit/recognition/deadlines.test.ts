import fc from 'fast-check';

import {
  deadlineInstant,
  deadlineStatus,
  reportDeadline,
  vietnamDateTime,
} from '../../../subgraphs/ldtbxh/reports/deadlines';
import type { ReportKind, ReportTimeZone } from '../../../subgraphs/ldtbxh/reports/deadlines';

const TZ: ReportTimeZone = 'Asia/Ho_Chi_Minh';

/** An instant written in Vietnam local time. */
const vn = (local: string): Date => new Date(`${local}+07:00`);

describe('reportDeadline', () => {
  it('names 30 November for a district and 10 December for the province, of the report year', () => {
    expect([
      reportDeadline('DISTRICT', 2020),
      reportDeadline('PROVINCE', 2020),
      reportDeadline('DISTRICT', 2024),
    ]).toEqual(['2020-11-30', '2020-12-10', '2024-11-30']);
  });

  it('starts being late at 00:00 of that day in Vietnam, which is 17:00 UTC the day before', () => {
    expect(deadlineInstant('DISTRICT', 2020).toISOString()).toBe('2020-11-29T17:00:00.000Z');
    expect(deadlineInstant('PROVINCE', 2020).toISOString()).toBe('2020-12-09T17:00:00.000Z');
  });

  it('refuses a year that is not a 4-digit integer', () => {
    expect(() => reportDeadline('DISTRICT', 20.5)).toThrow(new RangeError('year must be a 4-digit integer, got 20.5'));
  });
});

describe('deadlineStatus', () => {
  const status = (kind: ReportKind, submittedAt: Date | null, now: Date): string =>
    deadlineStatus({ kind, year: 2020, submittedAt, now, timeZone: TZ });
  const later = vn('2021-06-01T00:00:00');

  it.each([
    ['DISTRICT', '2020-11-29T23:59:59', 'ON_TIME'],
    ['DISTRICT', '2020-11-29T23:59:59.999', 'ON_TIME'],
    ['DISTRICT', '2020-11-30T00:00:00', 'LATE'],
    ['DISTRICT', '2020-11-30T12:00:00', 'LATE'],
    ['PROVINCE', '2020-12-09T23:59:59', 'ON_TIME'],
    ['PROVINCE', '2020-12-10T00:00:00', 'LATE'],
  ] as const)(
    '%s report submitted at %s Vietnam time is %s (the deadline day itself is late)',
    (kind, local, expected) => {
      expect(status(kind, vn(local), later)).toBe(expected);
    },
  );

  it('judges in Vietnam time, not UTC: 16:59:59Z on 29 November is still on time, 17:00:00Z is not', () => {
    expect(status('DISTRICT', new Date('2020-11-29T16:59:59Z'), later)).toBe('ON_TIME');
    expect(status('DISTRICT', new Date('2020-11-29T17:00:00Z'), later)).toBe('LATE');
  });

  it.each([
    ['DISTRICT', '2020-11-29T23:59:59', 'PENDING'],
    ['DISTRICT', '2020-11-30T00:00:00', 'MISSING'],
    ['PROVINCE', '2020-12-09T23:59:59', 'PENDING'],
    ['PROVINCE', '2020-12-10T00:00:00', 'MISSING'],
  ] as const)('%s report not submitted at %s Vietnam time is %s', (kind, local, expected) => {
    expect(status(kind, null, vn(local))).toBe(expected);
  });

  it('keeps a submission on time whatever the clock says now', () => {
    expect(status('DISTRICT', vn('2020-11-01T09:00:00'), vn('2020-10-01T00:00:00'))).toBe('ON_TIME');
  });

  it('refuses another time zone and invalid dates', () => {
    expect(() =>
      deadlineStatus({
        kind: 'DISTRICT',
        year: 2020,
        submittedAt: null,
        now: later,
        timeZone: 'UTC' as ReportTimeZone,
      }),
    ).toThrow(new RangeError('deadlines are judged in Asia/Ho_Chi_Minh, got UTC'));
    expect(() => status('DISTRICT', new Date('nope'), later)).toThrow(new RangeError('submittedAt is an invalid Date'));
  });

  it('agrees with the local calendar date for any instant (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2021-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom<ReportKind>('DISTRICT', 'PROVINCE'),
        (at, kind) => {
          const localDay = vietnamDateTime(at).slice(0, 10);
          const onTime = localDay < reportDeadline(kind, 2020);
          expect(status(kind, at, later)).toBe(onTime ? 'ON_TIME' : 'LATE');
          expect(status(kind, null, at)).toBe(onTime ? 'PENDING' : 'MISSING');
        },
      ),
    );
  });
});

describe('vietnamDateTime', () => {
  it('writes an instant in UTC+7 with its offset', () => {
    expect(vietnamDateTime(new Date('2020-11-29T17:00:00Z'))).toBe('2020-11-30T00:00:00+07:00');
    expect(vietnamDateTime(new Date('2020-11-29T16:59:59.999Z'))).toBe('2020-11-29T23:59:59+07:00');
  });
});
