/**
 * The departments' completeness table: exactly the missing publications, lateness against the
 * province's deadline day (Vietnam time), values of another set ignored.
 */
import { completeness, deadlineEnd, type CompletenessInput } from '../../../subgraphs/ldtbxh/follow-up/completeness';

const base = (over: Partial<CompletenessInput> = {}): CompletenessInput => ({
  year: 2020,
  criteriaSetId: 'QD06-2019',
  indicators: [
    { code: '2.1', department: 'TUPHAP' },
    { code: '7.1', department: 'YTE' },
    { code: '8.1', department: 'YTE' },
  ],
  departments: ['TUPHAP', 'YTE'],
  groups: [
    {
      districtCode: '584',
      name: 'Bác Ái',
      communes: [
        { code: '22786', name: 'Phước Hoà' },
        { code: '22783', name: 'Phước Bình' },
      ],
    },
    { districtCode: '582', name: 'Phan Rang-Tháp Chàm', communes: [{ code: '22738', name: 'Đô Vinh' }] },
  ],
  published: new Map([
    [
      'YTE',
      [
        { communeCode: '22783', criteriaSetId: 'QD06-2019', indicator: '7.1', publishedAt: '2020-10-30T16:59:59.999Z' },
        { communeCode: '22783', criteriaSetId: 'QD06-2019', indicator: '8.1', publishedAt: '2020-10-30T17:00:00.000Z' },
        { communeCode: '22786', criteriaSetId: 'QD06-2019', indicator: '7.1', publishedAt: '2020-10-01T00:00:00.000Z' },
        { communeCode: '22738', criteriaSetId: 'QD34-2014', indicator: '7.1', publishedAt: '2020-10-01T00:00:00.000Z' },
      ],
    ],
  ]),
  deadlines: new Map([['YTE', '2020-10-30']]),
  now: new Date('2020-12-01T00:00:00Z'),
  ...over,
});

describe("completeness of the departments' publications", () => {
  it('a deadline day ends at 00:00 Vietnam time of the next day', () => {
    expect(deadlineEnd('2020-10-30').toISOString()).toBe('2020-10-30T17:00:00.000Z');
    expect(() => deadlineEnd('2020-02-30')).toThrow(RangeError);
  });

  it('lists exactly the missing publications, by commune, and the late ones', () => {
    const lines = completeness(base());
    expect(
      lines.map((l) => [l.department, l.districtCode, l.expected, l.published, l.missing, l.late, l.overdue]),
    ).toEqual([
      ['TUPHAP', '584', 2, 0, 2, null, false],
      ['TUPHAP', '582', 1, 0, 1, null, false],
      ['YTE', '584', 4, 3, 1, 1, true],
      ['YTE', '582', 2, 0, 2, 0, true],
    ]);
    const yte584 = lines[2];
    expect(yte584?.missingList).toEqual([{ communeCode: '22786', communeName: 'Phước Hoà', indicators: ['8.1'] }]);
    expect(yte584?.lateList).toEqual([{ communeCode: '22783', communeName: 'Phước Bình', indicators: ['8.1'] }]);
    // A value under another criteria set does not count for the year's set.
    expect(lines[3]?.missingList).toEqual([
      { communeCode: '22738', communeName: 'Đô Vinh', indicators: ['7.1', '8.1'] },
    ]);
    expect(lines[0]?.missingList.map((m) => m.communeCode)).toEqual(['22783', '22786']);
  });

  it('is not overdue before the deadline has passed', () => {
    const lines = completeness(base({ now: new Date('2020-10-30T16:00:00Z') }));
    expect(lines.find((l) => l.department === 'YTE' && l.districtCode === '584')).toMatchObject({
      missing: 1,
      overdue: false,
    });
  });
});
