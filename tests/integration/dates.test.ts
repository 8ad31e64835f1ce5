/**
 * Days and moments sent by a caller, through the real gateway, over HTTP, on a real database:
 * arguments and input fields of `Date` and `DateTime` refuse a value that is not one — written in
 * the document or sent in a variable — with BAD_USER_INPUT naming the argument or input field, the
 * scalar and the value in English and Vietnamese, HTTP 400, and nothing stored (no subgraph is even
 * asked). A subgraph asked directly refuses the same way.
 */
import { Client } from 'pg';
import { ANONYMOUS } from '../../shared/identity';
import { communeOfficer, forwardedHeaders, postGraphQL, startTestHub, type TestHub } from '../helpers/hub';
import { dossierInput } from '../helpers/procedure';

let hub: TestHub;
/** A connection of the test's own, so that reading what is stored is not counted as a service's SQL. */
let reader: Client;

const COMMUNE = '22783'; // Phước Bình, Bác Ái
const YEAR = 2021;
const OFFICER = communeOfficer(COMMUNE);

beforeAll(async () => {
  hub = await startTestHub();
  reader = new Client({ connectionString: hub.db.url });
  await reader.connect();
  const registered = await hub.query(
    'mutation($c: String!, $y: Int!, $d: Date) { registerForRecognition(commune: $c, year: $y, date: $d) { state } }',
    { c: COMMUNE, y: YEAR, d: `${YEAR}-02-10` },
    OFFICER,
  );
  expect(registered.body).toEqual({ data: { registerForRecognition: { state: 'REGISTERED' } } });
}, 120_000);

afterAll(async () => {
  await reader?.end();
  await hub?.stop();
});

/** What LĐTBXH has stored of the procedure and its audit trail, and every service's SQL so far. */
async function stored(): Promise<{ events: number; audited: number; statements: Record<string, number> }> {
  const statements = hub.statementCounts();
  const { rows } = await reader.query<{ events: number; audited: number }>(
    `SELECT (SELECT count(*)::int FROM ldtbxh.recognition_event) AS events,
            (SELECT count(*)::int FROM ldtbxh.audit_event) AS audited`,
  );
  return { events: rows[0]?.events ?? -1, audited: rows[0]?.audited ?? -1, statements };
}

const DATE_VI = 'phải là một ngày có thật, dạng YYYY-MM-DD';
const DATE_TIME_VI = 'phải là thời điểm theo ISO 8601 có múi giờ, ví dụ 2025-07-01T00:00:00Z';

describe('a query argument', () => {
  it.each([
    ['written in the document', '{ provinces(date: "2025-02-30") { code } }', {}],
    ['sent in a variable', 'query($d: Date) { provinces(date: $d) { code } }', { d: '2025-02-30' }],
  ])('provinces(date:) %s: BAD_USER_INPUT naming date, no service asked', async (_how, query, variables) => {
    const before = await stored();
    const answer = await hub.query(query, variables);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toHaveLength(1);
    expect(answer.body.errors?.[0]?.message).toBe('date: "2025-02-30" is not a Date: a calendar date YYYY-MM-DD');
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      argument: 'date',
      scalar: 'Date',
      messageVi: `Trường date: Giá trị "2025-02-30" không hợp lệ: ${DATE_VI}`,
    });
    expect(await stored()).toEqual(before);
  });

  it.each([
    [
      'written in the document',
      `{ commune(code: "${COMMUNE}") { year(year: 2020) { asOf(at: "2021-01-15") { assessment { total } } } } }`,
      {},
    ],
    [
      'sent in a variable',
      `query($at: DateTime!) { commune(code: "${COMMUNE}") { year(year: 2020) { asOf(at: $at) { assessment { total } } } } }`,
      { at: '2021-01-15' },
    ],
  ])('asOf(at:) %s: a day is not a moment', async (_how, query, variables) => {
    const before = await stored();
    const answer = await hub.query(query, variables);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'at',
      scalar: 'DateTime',
      messageVi: `Trường at: Giá trị "2021-01-15" không hợp lệ: ${DATE_TIME_VI}`,
    });
    expect(await stored()).toEqual(before);
  });

  it('a good day and a good moment are answered', async () => {
    const answer = await hub.query<{ provinces: { code: string }[] }>(
      'query($d: Date) { provinces(date: $d) { code } }',
      { d: '2020-02-29' },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.provinces.map((p) => p.code)).toContain('58');
    const moment = await hub.query(
      `query($at: DateTime!) { commune(code: "${COMMUNE}") { year(year: 2020) { asOf(at: $at) { at } } } }`,
      { at: '2021-01-15T07:00:00+07:00' },
    );
    expect(moment.body).toEqual({
      data: { commune: { year: { asOf: { at: '2021-01-15T00:00:00.000Z' } } } },
    });
  });

  it('a client that still declares $at: String! is told the type the argument takes', async () => {
    const answer = await hub.query(
      `query($at: String!) { commune(code: "${COMMUNE}") { year(year: 2020) { asOf(at: $at) { at } } } }`,
      { at: '2021-01-15T00:00:00Z' },
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]).toMatchObject({
      message: 'Variable "$at" of type "String!" used in position expecting type "DateTime!".',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});

describe('an input field of a recognition step', () => {
  const SELF = 'mutation($i: SelfAssessmentInput!) { recordSelfAssessment(input: $i) { state } }';

  it.each([
    [
      'written in the document',
      `mutation { recordSelfAssessment(input: { commune: "${COMMUNE}", year: ${YEAR}, meetingDate: "2021-08-32", requestLetter: "Tờ trình", assessmentReport: "Báo cáo", dataSourceExplanation: "Giải trình", councilMinutes: "Biên bản" }) { state } }`,
      {},
    ],
    ['sent in a variable', SELF, { i: dossierInput(COMMUNE, YEAR, '2021-08-32') }],
  ])(
    'recordSelfAssessment meetingDate %s: BAD_USER_INPUT naming meetingDate, nothing stored',
    async (_how, query, variables) => {
      const before = await stored();
      const answer = await hub.query(query, variables, OFFICER);
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors?.[0]?.message).toBe(
        'meetingDate: "2021-08-32" is not a Date: a calendar date YYYY-MM-DD',
      );
      expect(answer.body.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'meetingDate',
        argument: 'input',
        scalar: 'Date',
        messageVi: `Trường meetingDate: Giá trị "2021-08-32" không hợp lệ: ${DATE_VI}`,
      });
      expect(await stored()).toEqual(before);
    },
  );

  it('a value of another type where a day is expected is refused the same way', async () => {
    const before = await stored();
    const answer = await hub.query(SELF, { i: { ...dossierInput(COMMUNE, YEAR, ''), meetingDate: 20210810 } }, OFFICER);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'meetingDate',
      scalar: 'Date',
      messageVi: `Trường meetingDate: Giá trị 20210810 không hợp lệ: ${DATE_VI}`,
    });
    expect(await stored()).toEqual(before);
  });

  it('the same step with a real day is taken', async () => {
    const answer = await hub.query(SELF, { i: dossierInput(COMMUNE, YEAR, '2021-08-10') }, OFFICER);
    expect(answer.body).toEqual({ data: { recordSelfAssessment: { state: 'SELF_ASSESSED' } } });
  });
});

describe('a subgraph asked directly', () => {
  it('refuses a day sent in a variable by the argument it feeds, not the variable', async () => {
    const answer = await postGraphQL(
      hub.services.LDTBXH.url,
      'query($d: Date) { provinces(date: $d) { code } }',
      { d: 'tomorrow' },
      await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'ldtbxh'),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'date',
      scalar: 'Date',
      messageVi: `Trường date: Giá trị "tomorrow" không hợp lệ: ${DATE_VI}`,
    });
  });
});
