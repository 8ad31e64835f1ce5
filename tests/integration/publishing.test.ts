/**
 * Publishing through the gateway: every rejection answered with its code and field, and shown to
 * change nothing stored; dry runs, partial calls, re-publishing and history.
 */
import { publisher, startTestHub, type TestHub, type TestIdentity } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ maxPublishRows: 50 });
});

afterAll(async () => {
  await hub?.stop();
});

const PUBLISH_YTE = /* GraphQL */ `
  mutation Publish($input: PublishValuesInput!) {
    publishYteValues(input: $input) {
      department criteriaSetId criteriaSetVersion year dryRun applied publicationId
      created updated unchanged rejectedCount
      rejected { index commune indicator code field message }
      rows { index commune indicator outcome }
    }
  }
`;

type Row = Record<string, unknown>;
interface PublishResult {
  applied: boolean;
  dryRun: boolean;
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { index: number; commune: string; indicator: string; code: string; field: string; message: string }[];
  rows: { index: number; outcome: string }[];
}

const YTE = publisher('YTE');

async function publishYte(rows: Row[], extra: Row = {}, who: TestIdentity | Record<string, string> = YTE) {
  return hub.query<{ publishYteValues: PublishResult }>(
    PUBLISH_YTE,
    { input: { criteriaSetId: 'QD06-2019', year: 2020, rows, ...extra } },
    who,
  );
}

/** Everything the YTE department has stored, to prove a refused call changed nothing. */
async function yteSnapshot(): Promise<unknown> {
  const ds = hub.services.YTE.db.dataSource;
  return {
    values: await ds.query('SELECT * FROM yte.indicator_value ORDER BY id'),
    revisions: await ds.query('SELECT * FROM yte.indicator_value_revision ORDER BY id'),
    publications: await ds.query('SELECT * FROM yte.publication ORDER BY id'),
  };
}

const GOOD_RATE = {
  commune: '22738',
  indicator: '7.1',
  numerator: 97,
  denominator: 100,
  note: 'đủ mũi',
  sourceRef: 'Sổ tiêm chủng 2020',
};
const GOOD_COUNT = { commune: '22741', indicator: '5.1', count: 0 };

describe('a first publication', () => {
  it('creates the values and shows them with provenance on the commune through the gateway', async () => {
    const result = await publishYte([GOOD_RATE, GOOD_COUNT]);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.publishYteValues).toMatchObject({
      applied: true,
      dryRun: false,
      created: 2,
      updated: 0,
      unchanged: 0,
      rejectedCount: 0,
      rejected: [],
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'CREATED' },
      ],
    });
    expect(result.body.data?.publishYteValues.publicationId).toMatch(/^\d+$/);

    const read = await hub.query(/* GraphQL */ `
      { commune(code: "22738") { code name year(year: 2020) { communeCode year
          yte { criteriaSetId indicator kind department numerator denominator count value grade note sourceRef revision publishedBy publishedAt
                history { revision numerator denominator publishedBy } }
          congan { indicator } } } }`);
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data).toEqual({
      commune: {
        code: '22738',
        name: 'Đô Vinh',
        year: {
          communeCode: '22738',
          year: 2020,
          yte: [
            {
              criteriaSetId: 'QD06-2019',
              indicator: '7.1',
              kind: 'RATE',
              department: 'YTE',
              numerator: 97,
              denominator: 100,
              count: null,
              value: null,
              grade: null,
              note: 'đủ mũi',
              sourceRef: 'Sổ tiêm chủng 2020',
              revision: 1,
              publishedBy: 'yte-system',
              publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
              history: [{ revision: 1, numerator: 97, denominator: 100, publishedBy: 'yte-system' }],
            },
          ],
          congan: [],
        },
      },
    });
  });

  it('re-publishing identical values changes nothing and says so', async () => {
    const before = await yteSnapshot();
    const result = await publishYte([GOOD_RATE, GOOD_COUNT]);
    expect(result.body.data?.publishYteValues).toMatchObject({
      applied: true,
      publicationId: null,
      created: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await yteSnapshot()).toEqual(before);
  });

  it('a changed value becomes a new revision and the earlier one stays in the history', async () => {
    const result = await publishYte([{ ...GOOD_RATE, numerator: 99 }], {}, publisher('YTE', 'yte-officer-2'));
    expect(result.body.data?.publishYteValues).toMatchObject({ applied: true, created: 0, updated: 1, unchanged: 0 });
    const read = await hub.query<{ commune: { year: { yte: Row[] } } }>(/* GraphQL */ `
      { commune(code: "22738") { year(year: 2020) { yte { numerator revision publishedBy history { revision numerator publishedBy } } } } }`);
    expect(read.body.data?.commune.year.yte).toEqual([
      {
        numerator: 99,
        revision: 2,
        publishedBy: 'yte-officer-2',
        history: [
          { revision: 1, numerator: 97, publishedBy: 'yte-system' },
          { revision: 2, numerator: 99, publishedBy: 'yte-officer-2' },
        ],
      },
    ]);
  });
});

describe('rejected rows: each coded, each naming its field, none changing anything', () => {
  // [label, bad row, expected code, expected field, further problems of the same row]
  const cases: [string, Row, string, string, [string, string][]?][] = [
    [
      'an unknown commune',
      { commune: '99999', indicator: '7.1', numerator: 1, denominator: 2 },
      'UNKNOWN_COMMUNE',
      'commune',
    ],
    [
      'an unknown indicator',
      { commune: '22738', indicator: '7.9', numerator: 1, denominator: 2 },
      'UNKNOWN_INDICATOR',
      'indicator',
    ],
    [
      'an indicator of another department',
      { commune: '22738', indicator: '3.1', count: 0 },
      'INDICATOR_OWNED_BY_OTHER_DEPARTMENT',
      'indicator',
    ],
    [
      'a numerator above the denominator',
      { commune: '22738', indicator: '7.1', numerator: 101, denominator: 100 },
      'NUMERATOR_EXCEEDS_DENOMINATOR',
      'numerator',
    ],
    ['a negative count', { commune: '22738', indicator: '5.1', count: -1 }, 'NEGATIVE_VALUE', 'count'],
    ['a non-integer count', { commune: '22738', indicator: '5.1', count: 1.5 }, 'NOT_AN_INTEGER', 'count'],
    [
      'a non-integer denominator',
      { commune: '22738', indicator: '7.1', numerator: 1, denominator: 2.5 },
      'NOT_AN_INTEGER',
      'denominator',
    ],
    [
      'a count given to a rate',
      { commune: '22738', indicator: '7.1', count: 3 },
      'WRONG_VALUE_KIND',
      'count',
      [
        ['VALUE_REQUIRED', 'numerator'],
        ['VALUE_REQUIRED', 'denominator'],
      ],
    ],
    [
      'a yes/no answer given to a count',
      { commune: '22738', indicator: '5.1', value: true },
      'WRONG_VALUE_KIND',
      'value',
      [['VALUE_REQUIRED', 'count']],
    ],
    [
      'a rate without its denominator',
      { commune: '22738', indicator: '7.1', numerator: 3 },
      'VALUE_REQUIRED',
      'denominator',
    ],
    [
      'a value above the accepted maximum',
      { commune: '22738', indicator: '5.1', count: 200000000 },
      'VALUE_TOO_LARGE',
      'count',
    ],
    [
      'a note too long',
      { commune: '22738', indicator: '5.1', count: 0, note: 'x'.repeat(2001) },
      'TEXT_TOO_LONG',
      'note',
    ],
  ];

  it.each(cases)('%s', async (_label, bad, code, field, further = []) => {
    const before = await yteSnapshot();
    const result = await publishYte([{ commune: '22747', indicator: '7.1', numerator: 50, denominator: 60 }, bad]);
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const summary = result.body.data?.publishYteValues;
    expect(summary?.applied).toBe(false);
    expect(summary?.publicationId).toBeNull();
    expect(summary?.rejectedCount).toBe(1);
    expect(summary?.rejected).toEqual(
      [[code, field], ...further].map(([c, f]) => ({
        index: 1,
        commune: bad.commune,
        indicator: bad.indicator,
        code: c,
        field: f,
        message: expect.any(String),
      })),
    );
    expect(summary?.rows).toEqual([
      { index: 0, commune: '22747', indicator: '7.1', outcome: 'CREATED' },
      { index: 1, commune: bad.commune, indicator: bad.indicator, outcome: 'REJECTED' },
    ]);
    expect(await yteSnapshot()).toEqual(before);
  });

  it('a grade that the indicator does not have', async () => {
    const before = await hub.services.VHTTDL.db.dataSource.query(
      'SELECT count(*)::int AS n FROM vhttdl.indicator_value',
    );
    const result = await hub.query<{ publishVhttdlValues: PublishResult }>(
      /* GraphQL */ `mutation($input: PublishValuesInput!) { publishVhttdlValues(input: $input) { applied rejected { index code field } } }`,
      {
        input: { criteriaSetId: 'QD06-2019', year: 2020, rows: [{ commune: '22738', indicator: '12.2', grade: 'Z' }] },
      },
      publisher('VHTTDL'),
    );
    expect(result.body.data?.publishVhttdlValues).toEqual({
      applied: false,
      rejected: [{ index: 0, code: 'UNKNOWN_GRADE', field: 'grade' }],
    });
    expect(
      await hub.services.VHTTDL.db.dataSource.query('SELECT count(*)::int AS n FROM vhttdl.indicator_value'),
    ).toEqual(before);
  });

  it('duplicate rows in one call: the second is refused, naming the first', async () => {
    const before = await yteSnapshot();
    const row = { commune: '22750', indicator: '7.1', numerator: 5, denominator: 6 };
    const result = await publishYte([row, { ...row, numerator: 4 }]);
    expect(result.body.data?.publishYteValues.rejected).toEqual([
      {
        index: 1,
        commune: '22750',
        indicator: '7.1',
        code: 'DUPLICATE_ROW',
        field: 'indicator',
        message: expect.stringContaining('row 0'),
      },
    ]);
    expect(await yteSnapshot()).toEqual(before);
  });

  it('several problems of one row are all reported', async () => {
    const result = await publishYte([{ commune: '99999', indicator: '7.1', numerator: -1, denominator: 2.5 }]);
    const codes = result.body.data?.publishYteValues.rejected.map((r) => `${r.code}:${r.field}`).sort();
    expect(codes).toEqual(['NEGATIVE_VALUE:numerator', 'NOT_AN_INTEGER:denominator', 'UNKNOWN_COMMUNE:commune']);
  });
});

describe('call-level refusals: a coded error naming the field, nothing stored', () => {
  const cases: [string, Row, Row[], string, string][] = [
    ['a year before the set applies', { year: 2018 }, [GOOD_COUNT], 'YEAR_OUT_OF_RANGE', 'year'],
    [
      'a year of another set',
      { criteriaSetId: 'QD34-2014', year: 2019 },
      [{ commune: '22738', indicator: '8.1', numerator: 1, denominator: 2 }],
      'YEAR_OUT_OF_RANGE',
      'year',
    ],
    ['an unknown criteria set', { criteriaSetId: 'QD99-2030' }, [GOOD_COUNT], 'UNKNOWN_CRITERIA_SET', 'criteriaSetId'],
    ['no rows', {}, [], 'NO_ROWS', 'rows'],
    [
      'more rows than the configured maximum',
      {},
      Array.from({ length: 51 }, (_, i) => ({ commune: '22738', indicator: '5.1', count: i })),
      'TOO_MANY_ROWS',
      'rows',
    ],
  ];

  it.each(cases)('%s', async (_label, extra, rows, code, field) => {
    const before = await yteSnapshot();
    const result = await publishYte(rows, extra);
    expect(result.body.data).toBeNull();
    expect(result.body.errors).toEqual([
      expect.objectContaining({ path: ['publishYteValues'], extensions: expect.objectContaining({ code, field }) }),
    ]);
    expect(await yteSnapshot()).toEqual(before);
  });

  it('a write by the public or by another department is refused', async () => {
    const before = await yteSnapshot();
    const anonymous = await publishYte([GOOD_COUNT], {}, {});
    expect(anonymous.body.errors).toEqual([
      expect.objectContaining({
        path: ['publishYteValues'],
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
    const other = await publishYte([GOOD_COUNT], {}, publisher('GDDT'));
    expect(other.body.errors).toEqual([
      expect.objectContaining({
        path: ['publishYteValues'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN' }),
      }),
    ]);
    expect(await yteSnapshot()).toEqual(before);
  });

  it('a fraction in a field typed Int is refused by GraphQL itself, naming the variable', async () => {
    const result = await publishYte([GOOD_COUNT], { year: 2020.5 });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.body.errors?.[0]?.message).toContain('input.year');
  });
});

describe('dry runs and partial calls', () => {
  it('dryRun validates and reports outcomes without writing', async () => {
    const before = await yteSnapshot();
    const result = await publishYte(
      [
        { commune: '22753', indicator: '7.1', numerator: 10, denominator: 10 },
        { ...GOOD_RATE, numerator: 99 },
      ],
      { dryRun: true },
    );
    expect(result.body.data?.publishYteValues).toMatchObject({
      dryRun: true,
      applied: false,
      publicationId: null,
      created: 1,
      unchanged: 1,
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'UNCHANGED' },
      ],
    });
    expect(await yteSnapshot()).toEqual(before);
  });

  it('allOrNothing: false writes the valid rows and reports the rejected ones', async () => {
    const result = await publishYte(
      [
        { commune: '22756', indicator: '7.1', numerator: 40, denominator: 41 },
        { commune: '22756', indicator: '5.1', count: -2 },
      ],
      { allOrNothing: false },
    );
    expect(result.body.data?.publishYteValues).toMatchObject({
      applied: true,
      created: 1,
      rejectedCount: 1,
      rejected: [{ index: 1, code: 'NEGATIVE_VALUE', field: 'count' }],
    });
    const stored = await hub.services.YTE.db.dataSource.query(
      `SELECT indicator_code, numerator, denominator FROM yte.indicator_value WHERE commune_code = '22756'`,
    );
    expect(stored).toEqual([{ indicator_code: '7.1', numerator: 40, denominator: 41 }]);
  });
});

describe('history cannot be rewritten', () => {
  it('the database refuses to change or delete a revision or a publication', async () => {
    const ds = hub.services.YTE.db.dataSource;
    await expect(ds.query('UPDATE yte.indicator_value_revision SET numerator = 0')).rejects.toThrow(
      /never changed or removed/,
    );
    await expect(ds.query('DELETE FROM yte.publication')).rejects.toThrow(/never changed or removed/);
    await expect(ds.query('DELETE FROM yte.indicator_value')).rejects.toThrow(/never changed or removed/);
  });
});
