/**
 * Hostile and careless input through the gateway, as a publisher with rights (or the province
 * administrator): malformed bodies, variables of the wrong type, unknown fields, injection-shaped
 * text, mixed Unicode normalisation, oversized text, huge numbers and NUL characters. Each is
 * answered with a coded error (or stored exactly as sent, when it is legitimate text), never with
 * a stack trace or SQL, and each is shown to change nothing else by comparing every table of the
 * department before and after.
 */
import { ERROR_CODES_VI } from '../../shared/errors';
import { ANONYMOUS } from '../../shared/identity';
import fs from 'node:fs';
import { projectPath } from '../../shared/paths';
import { admin, forwardedHeaders, publisher, startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';

let hub: TestHub;
let publisherHeaders: Record<string, string>;

beforeAll(async () => {
  hub = await startTestHub();
  publisherHeaders = await hub.headersFor(publisher('YTE'));
});

afterAll(async () => {
  await hub?.stop();
});

const PUBLISH = /* GraphQL */ `mutation Publish($input: PublishValuesInput!) { publishYteValues(input: $input) { applied publicationId created updated unchanged rejectedCount rejected { index commune indicator code field message } rows { index outcome } } }`;

interface PublishResult {
  applied: boolean;
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rejected: { index: number; commune: string; indicator: string; code: string; field: string; message: string }[];
  rows: { index: number; outcome: string }[];
}

interface RawResponse<TData = Record<string, unknown>> {
  status: number;
  /** The x-request-id response header. */
  requestId: string | null;
  text: string;
  body: GraphQLResponse<TData>['body'];
}

/** POSTs a raw body to the gateway as the YTE publisher. */
async function sendRaw<TData = Record<string, unknown>>(
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RawResponse<TData>> {
  const response = await fetch(hub.gatewayUrl, { method: 'POST', headers: { ...publisherHeaders, ...headers }, body });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    text,
    body: JSON.parse(text) as GraphQLResponse<TData>['body'],
  };
}

const send = <TData = Record<string, unknown>>(query: string, variables: Record<string, unknown>) =>
  sendRaw<TData>(JSON.stringify({ query, variables }));

type Row = Record<string, unknown>;
const inputOf = (rows: unknown, extra: Row = {}) => ({ criteriaSetId: 'QD06-2019', year: 2020, rows, ...extra });
const publish = (rows: unknown, extra: Row = {}) =>
  send<{ publishYteValues: PublishResult }>(PUBLISH, { input: inputOf(rows, extra) });

/** Every row of every table of one PostgreSQL schema, in a stable order. */
async function schemaSnapshot(service: 'YTE' | 'LDTBXH', schema: string): Promise<Record<string, unknown[]>> {
  const ds = hub.services[service].db.dataSource;
  const tables: { name: string }[] = await ds.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' ORDER BY table_name`,
    [schema],
  );
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    snapshot[name] = await ds.query(
      `SELECT to_jsonb(t) AS row FROM "${schema}"."${name}" t ORDER BY to_jsonb(t)::text`,
    );
  }
  return snapshot;
}

/** Everything the YTE department has stored: values, revisions, publications, audit trail, migrations. */
const yteSnapshot = () => schemaSnapshot('YTE', 'yte');

/** Every table of the hub's database, by schema: proves nothing was dropped. */
async function allTables(): Promise<string[]> {
  const rows: { name: string }[] = await hub.services.YTE.db.dataSource.query(
    `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  return rows.map((row) => row.name);
}

/** Row counts of the YTE tables. */
async function yteCounts(): Promise<Record<string, number>> {
  const snapshot = await yteSnapshot();
  return Object.fromEntries(Object.entries(snapshot).map(([table, rows]) => [table, rows.length]));
}

/**
 * No stack trace, no SQL, no file path in a response. The client's own text is removed first:
 * a rejection quotes the commune or indicator it refuses, injection-shaped or not.
 */
function expectNothingInternal(text: string, echoed: string[] = []): void {
  const own = echoed.reduce((rest, sent) => rest.split(JSON.stringify(sent).slice(1, -1)).join(''), text);
  // A stack's lines start with "at", after a newline that JSON escapes.
  expect(own).not.toMatch(/stacktrace|(\\n|\n)\s+at |node_modules|\.ts:\d+|\.js:\d+/);
  expect(own).not.toMatch(
    /\b(SELECT|INSERT INTO|UPDATE \S+ SET|DELETE FROM|DROP TABLE|relation \\?"|QueryFailedError|syntax error at)/i,
  );
  expect(own).not.toContain('internal server error');
}

/** Runs `act` against the YTE publisher's data and asserts nothing stored changed. */
async function changesNothing<T extends RawResponse<unknown>>(
  act: () => Promise<T>,
  echoed: string[] = [],
): Promise<T> {
  const before = await yteSnapshot();
  const response = await act();
  expect(await yteSnapshot()).toEqual(before);
  expect(response.requestId).toEqual(expect.any(String));
  expectNothingInternal(response.text, echoed);
  return response;
}

const rejectedRow = (index: number, commune: string, indicator: string, code: string, field: string) => ({
  index,
  commune,
  indicator,
  code,
  field,
  message: expect.any(String),
});

/** The summary of an all-or-nothing call stopped by rejections (one good row first, the bad one second). */
const stopped = (created: number, rejected: unknown[]) => ({
  data: {
    publishYteValues: {
      applied: false,
      publicationId: null,
      created,
      updated: 0,
      unchanged: 0,
      rejectedCount: 1,
      rejected,
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'REJECTED' },
      ],
    },
  },
});

/** A valid row no test stores, sent beside a bad one to show the good row is not written either. */
const BYSTANDER = { commune: '22747', indicator: '7.1', numerator: 50, denominator: 60 };

describe('malformed requests: refused before GraphQL, nothing stored', () => {
  const valid = JSON.stringify({
    query: PUBLISH,
    variables: { input: inputOf([{ commune: '22738', indicator: '5.1', count: 1 }]) },
  });
  const notJson = (requestId: string | null) => ({
    errors: [
      {
        message: 'the request body is not valid JSON',
        extensions: { code: 'BAD_REQUEST', messageVi: 'Nội dung yêu cầu không phải là JSON hợp lệ', requestId },
      },
    ],
  });
  // Answered by Apollo itself: the request id is only in the x-request-id header.
  const apollo = (message: string) => (requestId: string | null) => ({
    errors: [{ message, extensions: { code: 'BAD_REQUEST', messageVi: ERROR_CODES_VI.BAD_REQUEST, requestId } }],
  });
  const noBody = apollo('POST body missing, invalid Content-Type, or JSON object has no keys.');

  it.each<[string, string, (requestId: string | null) => unknown]>([
    ['a truncated body', valid.slice(0, -12), notJson],
    ['trailing garbage after the object', `${valid} ; DROP TABLE yte.indicator_value`, notJson],
    ['two objects back to back', `${valid}${valid}`, notJson],
    ['NaN as a number', valid.replace('"count":1', '"count":NaN'), notJson],
    ['Infinity as a number', valid.replace('"count":1', '"count":Infinity'), notJson],
    ['single quotes', valid.replace(/"/g, "'"), notJson],
    ['a string instead of an object', JSON.stringify(valid), noBody],
    ['a number instead of an object', '42', noBody],
    ['null', 'null', noBody],
    ['an empty object', '{}', noBody],
    ['a query that is not a string', '{"query": 5}', apollo('GraphQL queries must be strings.')],
    [
      'variables that are not an object',
      JSON.stringify({ query: PUBLISH, variables: '{"input": {}}' }),
      apollo('`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.'),
    ],
  ])('%s', async (_label, body, expected) => {
    const response = await changesNothing(() => sendRaw(body));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(expected(response.requestId));
  });

  it.each([
    // A simple content type is what a cross-site form can send: Apollo's CSRF prevention refuses it.
    ['text/plain', /Cross-Site Request Forgery/],
    ['application/x-www-form-urlencoded', /Cross-Site Request Forgery/],
    ['multipart/form-data; boundary=x', /Cross-Site Request Forgery/],
    ['application/xml', /^POST body missing, invalid Content-Type/],
  ])('a valid publishing call sent as %s', async (contentType, message) => {
    const response = await changesNothing(() => sendRaw(valid, { 'content-type': contentType }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(message),
          extensions: { code: 'BAD_REQUEST', messageVi: ERROR_CODES_VI.BAD_REQUEST, requestId: response.requestId },
        },
      ],
    });
  });

  it('the same call sent as application/json is accepted (the cases above fail for their shape only)', async () => {
    const response = await sendRaw<{ publishYteValues: PublishResult }>(valid, { 'content-type': 'application/json' });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.publishYteValues).toMatchObject({ applied: true, created: 1 });
  });
});

describe('variables of the wrong GraphQL type: 400 BAD_USER_INPUT naming the path, nothing stored', () => {
  const GOOD = { commune: '22738', indicator: '5.1', count: 2 };
  it.each<[string, Row, string]>([
    [
      'year as a string',
      inputOf([GOOD], { year: '2020' }),
      'got invalid value "2020" at "input.year"; Int cannot represent non-integer value: "2020"',
    ],
    [
      'year as a fraction',
      inputOf([GOOD], { year: 2020.5 }),
      'got invalid value 2020.5 at "input.year"; Int cannot represent non-integer value: 2020.5',
    ],
    [
      'rows as a string',
      inputOf('22738'),
      'got invalid value "22738" at "input.rows"; Expected type "IndicatorValueInput" to be an object.',
    ],
    [
      'rows as a number',
      inputOf(5),
      'got invalid value 5 at "input.rows"; Expected type "IndicatorValueInput" to be an object.',
    ],
    [
      'count as a string',
      inputOf([{ ...GOOD, count: '2' }]),
      'got invalid value "2" at "input.rows[0].count"; Float cannot represent non numeric value: "2"',
    ],
    [
      'value as "yes"',
      inputOf([{ commune: '22738', indicator: '5.2', value: 'yes' }]),
      'got invalid value "yes" at "input.rows[0].value"; Boolean cannot represent a non boolean value: "yes"',
    ],
    [
      'a commune code as a number',
      inputOf([{ ...GOOD, commune: 22738 }]),
      'got invalid value 22738 at "input.rows[0].commune"; String cannot represent a non string value: 22738',
    ],
    [
      'a field the input does not have',
      inputOf([{ ...GOOD, colour: 'red' }]),
      'at "input.rows[0]"; Field "colour" is not defined by type "IndicatorValueInput".',
    ],
    [
      'a required field missing',
      { year: 2020, rows: [GOOD] },
      '; Field "criteriaSetId" of required type "ID!" was not provided.',
    ],
    [
      'dryRun as a string',
      inputOf([GOOD], { dryRun: 'false' }),
      'got invalid value "false" at "input.dryRun"; Boolean cannot represent a non boolean value: "false"',
    ],
  ])('%s', async (_label, input, message) => {
    const response = await changesNothing(() => send(PUBLISH, { input }));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: expect.stringMatching(
            new RegExp(`^Variable "\\$input" .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
          ),
          locations: [{ line: 1, column: 18 }],
          extensions: {
            code: 'BAD_USER_INPUT',
            messageVi: ERROR_CODES_VI.BAD_USER_INPUT,
            requestId: response.requestId,
          },
        },
      ],
    });
  });

  it('a single row not in a list is read as a list of one, as GraphQL input coercion says (dry run: nothing stored)', async () => {
    const response = await changesNothing(() =>
      publish({ commune: '22741', indicator: '5.1', count: 3 }, { dryRun: true }),
    );
    expect(response.body).toEqual({
      data: {
        publishYteValues: {
          applied: false,
          publicationId: null,
          created: 1,
          updated: 0,
          unchanged: 0,
          rejectedCount: 0,
          rejected: [],
          rows: [{ index: 0, outcome: 'CREATED' }],
        },
      },
    });
  });
});

describe('unknown arguments and fields: 400 GRAPHQL_VALIDATION_FAILED, nothing stored', () => {
  const variables = { input: inputOf([{ commune: '22741', indicator: '5.1', count: 1 }]) };
  it.each([
    [
      'an unknown argument',
      `mutation($input: PublishValuesInput!) { publishYteValues(input: $input, force: true) { applied } }`,
      'Unknown argument "force" on field "Mutation.publishYteValues".',
    ],
    [
      'an unknown result field',
      `mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { applied overwritten } }`,
      'Cannot query field "overwritten" on type "PublishResult".',
    ],
    [
      'an unknown mutation',
      `mutation($input: PublishValuesInput!) { publishYteValuesForce(input: $input) { applied } }`,
      'Cannot query field "publishYteValuesForce" on type "Mutation".',
    ],
    [
      'an unknown input field in a literal',
      `mutation { publishYteValues(input: { criteriaSetId: "QD06-2019", year: 2020, rows: [{ commune: "22741", indicator: "5.1", count: 1, force: true }] }) { applied } }`,
      'Field "force" is not defined by type "IndicatorValueInput".',
    ],
    [
      'a string where an Int literal belongs',
      `mutation { publishYteValues(input: { criteriaSetId: "QD06-2019", year: "2020", rows: [] }) { applied } }`,
      'Int cannot represent non-integer value: "2020"',
    ],
  ])('%s', async (_label, query, message) => {
    const response = await changesNothing(() => send(query, query.includes('$input') ? variables : {}));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message: expect.stringContaining(message),
          locations: expect.any(Array),
          extensions: {
            code: 'GRAPHQL_VALIDATION_FAILED',
            messageVi: ERROR_CODES_VI.GRAPHQL_VALIDATION_FAILED,
            requestId: response.requestId,
          },
        },
      ],
    });
  });
});

describe('injection-shaped text', () => {
  const COMMUNE = "22738' OR '1'='1";
  const INDICATOR = '7.1; DROP TABLE yte.indicator_value; --';
  const NOTE = "'); DELETE FROM yte.publication; -- <script>alert(1)</script>";

  it('a commune code with SQL in it is an unknown commune', async () => {
    const response = await changesNothing(
      () => publish([BYSTANDER, { commune: COMMUNE, indicator: '7.1', numerator: 1, denominator: 2 }]),
      [COMMUNE],
    );
    expect(response.body).toEqual(stopped(1, [rejectedRow(1, COMMUNE, '7.1', 'UNKNOWN_COMMUNE', 'commune')]));
  });

  it('an indicator with SQL in it is an unknown indicator', async () => {
    const tables = await allTables();
    const response = await changesNothing(
      () => publish([BYSTANDER, { commune: '22738', indicator: INDICATOR, count: 1 }]),
      [INDICATOR],
    );
    expect(response.body).toEqual(stopped(1, [rejectedRow(1, '22738', INDICATOR, 'UNKNOWN_INDICATOR', 'indicator')]));
    expect(await allTables()).toEqual(tables);
  });

  it('a note with SQL and markup in it is stored literally, and nothing else happens', async () => {
    const tables = await allTables();
    const counts = await yteCounts();
    const response = await publish([
      { commune: '22750', indicator: '5.1', count: 4, note: NOTE, sourceRef: '<img src=x onerror=alert(1)>' },
    ]);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.publishYteValues).toMatchObject({ applied: true, created: 1, rejectedCount: 0 });
    expectNothingInternal(response.text);

    expect(await allTables()).toEqual(tables);
    const after = await yteCounts();
    expect(after).toEqual({
      ...counts,
      indicator_value: (counts.indicator_value ?? 0) + 1,
      indicator_value_revision: (counts.indicator_value_revision ?? 0) + 1,
      publication: (counts.publication ?? 0) + 1,
      audit_event: after.audit_event,
    });
    // The audit trail records the three inserts of this one call, nothing more.
    expect((after.audit_event ?? 0) - (counts.audit_event ?? 0)).toBe(3);

    const stored = await hub.services.YTE.db.dataSource.query(
      `SELECT note, source_ref FROM yte.indicator_value WHERE commune_code = '22750'`,
    );
    expect(stored).toEqual([{ note: NOTE, source_ref: '<img src=x onerror=alert(1)>' }]);
    const read = await hub.query(`{ commune(code: "22750") { year(year: 2020) { yte { note sourceRef } } } }`);
    expect(read.body).toEqual({
      data: { commune: { year: { yte: [{ note: NOTE, sourceRef: '<img src=x onerror=alert(1)>' }] } } },
    });
  });
});

describe('Vietnamese in mixed Unicode normalisation', () => {
  const NOTE_NFC = 'Quyết định số 12/QĐ-UBND: đủ mũi tiêm';
  const SOURCE_NFC = 'Sổ tiêm chủng xã Đô Vinh';

  it('a note and a source sent in NFD are stored in NFC, and the same text in NFC is then UNCHANGED', async () => {
    expect(NOTE_NFC.normalize('NFD')).not.toBe(NOTE_NFC);
    const row = { commune: '22753', indicator: '7.1', numerator: 90, denominator: 100 };
    const first = await publish([{ ...row, note: NOTE_NFC.normalize('NFD'), sourceRef: SOURCE_NFC.normalize('NFD') }]);
    expect(first.body.data?.publishYteValues).toMatchObject({ applied: true, created: 1 });
    expectNothingInternal(first.text);

    const [stored] = (await hub.services.YTE.db.dataSource.query(
      `SELECT note, source_ref FROM yte.indicator_value WHERE commune_code = '22753'`,
    )) as {
      note: string;
      source_ref: string;
    }[];
    expect(stored).toEqual({ note: NOTE_NFC, source_ref: SOURCE_NFC });
    expect(stored?.note).toBe(stored?.note.normalize('NFC'));
    expect(stored?.source_ref).toBe(stored?.source_ref.normalize('NFC'));
    const [revision] = (await hub.services.YTE.db.dataSource.query(
      `SELECT r.note FROM yte.indicator_value_revision r JOIN yte.indicator_value v ON v.id = r.value_id WHERE v.commune_code = '22753'`,
    )) as { note: string }[];
    expect(revision?.note).toBe(NOTE_NFC);

    for (const form of ['NFC', 'NFD'] as const) {
      const again = await changesNothing(() =>
        publish([{ ...row, note: NOTE_NFC.normalize(form), sourceRef: SOURCE_NFC.normalize(form) }]),
      );
      expect(again.body.data?.publishYteValues).toMatchObject({
        applied: true,
        publicationId: null,
        created: 0,
        updated: 0,
        unchanged: 1,
      });
    }
  });

  it('the length limit counts the text as stored: 2,000 characters in NFC are accepted when sent in NFD', async () => {
    const note = 'ệ'.repeat(2000);
    expect(note.normalize('NFD')).toHaveLength(6000);
    const response = await publish([{ commune: '22756', indicator: '5.1', count: 0, note: note.normalize('NFD') }]);
    expect(response.body.data?.publishYteValues).toMatchObject({ applied: true, created: 1, rejected: [] });
    expectNothingInternal(response.text);
    const [stored] = (await hub.services.YTE.db.dataSource.query(
      `SELECT note FROM yte.indicator_value WHERE commune_code = '22756'`,
    )) as { note: string }[];
    expect(stored?.note).toBe(note);
  });

  it('a category source sent in NFD is stored in NFC', async () => {
    const source = 'Quyết định 1234/QĐ-UBND của Ủy ban nhân dân tỉnh';
    const response = await hub.query(
      /* GraphQL */ `mutation($input: SetCommuneCategoryInput!) { setCommuneCategory(input: $input) { category fromYear source } }`,
      { input: { commune: '22738', category: 'OTHER', fromYear: 2031, source: source.normalize('NFD') } },
      admin(),
    );
    expect(response.body).toEqual({ data: { setCommuneCategory: { category: 'OTHER', fromYear: 2031, source } } });
    expectNothingInternal(JSON.stringify(response.body));
    const stored: { source: string }[] = await hub.services.LDTBXH.db.dataSource.query(
      `SELECT cc.source FROM reference.commune_category cc JOIN reference.commune c ON c.id = cc.commune_id WHERE c.code = '22738' AND cc.from_year = 2031`,
    );
    expect(stored).toEqual([{ source }]);
    expect(stored[0]?.source).toBe(stored[0]?.source.normalize('NFC'));
  });

  it('grades need no normalisation: every grade of the shipped sets is plain ASCII', () => {
    const grades = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'grade' && typeof value === 'string') grades.add(value);
          walk(value);
        }
      }
    };
    const dir = projectPath('criteria-sets');
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json')))
      walk(JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8')));
    expect([...grades].sort()).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('oversized text: a row rejection, nothing stored', () => {
  it.each<[string, Row, string, string]>([
    [
      'a note of 2,001 characters',
      { commune: '22738', indicator: '5.1', count: 0, note: 'x'.repeat(2001) },
      'TEXT_TOO_LONG',
      'note',
    ],
    [
      'a source of 501 characters',
      { commune: '22738', indicator: '5.1', count: 0, sourceRef: 'đ'.repeat(501) },
      'TEXT_TOO_LONG',
      'sourceRef',
    ],
    [
      'a commune code of 10,000 characters',
      { commune: '2'.repeat(10000), indicator: '5.1', count: 0 },
      'UNKNOWN_COMMUNE',
      'commune',
    ],
    [
      'an indicator code of 10,000 characters',
      { commune: '22738', indicator: '7'.repeat(10000), count: 0 },
      'UNKNOWN_INDICATOR',
      'indicator',
    ],
  ])('%s', async (_label, bad, code, field) => {
    const response = await changesNothing(() => publish([BYSTANDER, bad]));
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      stopped(1, [rejectedRow(1, String(bad.commune), String(bad.indicator), code, field)]),
    );
  });
});

describe('huge numbers', () => {
  it.each<[string, Row, [string, string][]]>([
    [
      'a count of 1e308 (a valid Float)',
      { commune: '22738', indicator: '5.1', count: 1e308 },
      [
        ['NOT_AN_INTEGER', 'count'],
        ['VALUE_TOO_LARGE', 'count'],
      ],
    ],
    [
      'a numerator of 2^53 (past the safe integers)',
      { commune: '22738', indicator: '7.1', numerator: 2 ** 53, denominator: 100 },
      [
        ['NOT_AN_INTEGER', 'numerator'],
        ['VALUE_TOO_LARGE', 'numerator'],
      ],
    ],
    [
      'a rate of 2^31 (whole, but past the 32-bit columns)',
      { commune: '22738', indicator: '7.1', numerator: 2 ** 31, denominator: 2 ** 31 },
      [
        ['VALUE_TOO_LARGE', 'numerator'],
        ['VALUE_TOO_LARGE', 'denominator'],
      ],
    ],
    ['a count of -1e308', { commune: '22738', indicator: '5.1', count: -1e308 }, [['NOT_AN_INTEGER', 'count']]],
  ])('%s is a row rejection, nothing stored', async (_label, bad, problems) => {
    const response = await changesNothing(() => publish([BYSTANDER, bad]));
    expect(response.body).toEqual(
      stopped(
        1,
        problems.map(([code, field]) => rejectedRow(1, String(bad.commune), String(bad.indicator), code, field)),
      ),
    );
  });

  it('1e309 in the body parses to Infinity, which Float refuses: 400 BAD_USER_INPUT naming the path', async () => {
    const body = JSON.stringify({
      query: PUBLISH,
      variables: { input: inputOf([{ commune: '22738', indicator: '5.1', count: 7 }]) },
    }).replace('"count":7', '"count":1e309');
    const response = await changesNothing(() => sendRaw(body));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          message:
            'Variable "$input" got invalid value Infinity at "input.rows[0].count"; Float cannot represent non numeric value: Infinity',
          locations: [{ line: 1, column: 18 }],
          extensions: {
            code: 'BAD_USER_INPUT',
            messageVi: ERROR_CODES_VI.BAD_USER_INPUT,
            requestId: response.requestId,
          },
        },
      ],
    });
  });
});

describe('NUL characters, which PostgreSQL text cannot hold', () => {
  // Refused at the HTTP layer of every service, before GraphQL: no field of the hub accepts U+0000.
  const nulRefusal = (requestId: string | null) => ({
    errors: [
      {
        message: 'the request contains the NUL character (U+0000), which no text field accepts',
        extensions: {
          code: 'BAD_REQUEST',
          messageVi: 'Yêu cầu chứa ký tự NUL (U+0000), không trường văn bản nào chấp nhận',
          requestId,
        },
      },
    ],
  });

  it.each<[string, Row]>([
    ['in a note', { commune: '22738', indicator: '5.1', count: 0, note: 'a\u0000b' }],
    ['in a source', { commune: '22738', indicator: '5.1', count: 0, sourceRef: '\u0000' }],
    ['in a commune code', { commune: '22738\u0000', indicator: '5.1', count: 0 }],
    ['in an indicator code', { commune: '22738', indicator: '5.1\u0000', count: 0 }],
  ])('%s: 400 BAD_REQUEST, nothing stored', async (_label, bad) => {
    const response = await changesNothing(
      () => publish([BYSTANDER, bad]),
      [String(bad.commune), String(bad.indicator)],
    );
    expect(response.status).toBe(400);
    expect(response.body).toEqual(nulRefusal(response.requestId));
  });

  it('a dry run is refused the same way', async () => {
    const response = await changesNothing(() =>
      publish([{ commune: '22738', indicator: '5.1', count: 0, note: 'a\u0000b' }], { dryRun: true }),
    );
    expect(response.body).toEqual(nulRefusal(response.requestId));
  });

  it('in a category source, a criteria-set id or a query argument: refused, nothing stored', async () => {
    const before = await schemaSnapshot('LDTBXH', 'reference');
    for (const [query, variables] of [
      [
        `mutation($input: SetCommuneCategoryInput!) { setCommuneCategory(input: $input) { source } }`,
        { input: { commune: '22738', category: 'OTHER', fromYear: 2032, source: 'Quyết định\u0000' } },
      ],
      [`query($code: String!) { commune(code: $code) { name } }`, { code: '22738\u0000' }],
      [`query($id: ID!) { criteriaSet(id: $id) { id } }`, { id: 'QD06\u0000' }],
    ] as const) {
      const response = await hub.query(query, variables, admin());
      expect(response.status).toBe(400);
      expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expectNothingInternal(JSON.stringify(response.body));
    }
    expect(await schemaSnapshot('LDTBXH', 'reference')).toEqual(before);
  });

  it('the subgraphs refuse it too, for a request that does not come through the gateway', async () => {
    const identity = await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'ldtbxh');
    const response = await fetch(hub.services.LDTBXH.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...identity },
      body: JSON.stringify({ query: '{ commune(code: "22738\u0000") { name } }' }),
    });
    expect(response.status).toBe(400);
  });
});

describe('text that is not Unicode: TEXT_INVALID, never stored altered', () => {
  // A lone surrogate travels in JSON as an escape (`"\ud800x"`); it has no UTF-8 form, so storing it
  // would store U+FFFD instead, and every identical re-publish would then look like a change.
  it.each<[string, Row, string, string]>([
    [
      'a lone high surrogate in a note',
      { commune: '22738', indicator: '5.1', count: 0, note: '\ud800x' },
      'note',
      'note contains a lone surrogate (U+D800) at character 0, which is not Unicode text, which cannot be stored as sent',
    ],
    [
      'a lone low surrogate in a source',
      { commune: '22738', indicator: '5.1', count: 0, sourceRef: 'Sổ \udc00' },
      'sourceRef',
      'sourceRef contains a lone surrogate (U+DC00) at character 3, which is not Unicode text, which cannot be stored as sent',
    ],
    [
      'reversed surrogates in a note',
      { commune: '22738', indicator: '5.1', count: 0, note: '\ude00\ud83d' },
      'note',
      'note contains a lone surrogate (U+DE00) at character 0, which is not Unicode text, which cannot be stored as sent',
    ],
    [
      'a noncharacter in a note',
      { commune: '22738', indicator: '5.1', count: 0, note: 'a\uffffb' },
      'note',
      'note contains the noncharacter U+FFFF at character 1, which cannot be stored as sent',
    ],
  ])('%s: a row rejection naming the field and the character, nothing stored', async (_label, bad, field, message) => {
    const response = await changesNothing(() => publish([BYSTANDER, bad]), [String(bad.note ?? bad.sourceRef)]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(
      stopped(1, [{ index: 1, commune: '22738', indicator: '5.1', code: 'TEXT_INVALID', field, message }]),
    );
  });

  it('a body whose bytes are not UTF-8 is refused at the HTTP layer (400), not read with U+FFFD', async () => {
    const text = JSON.stringify({
      query: PUBLISH,
      variables: { input: inputOf([{ commune: '22738', indicator: '5.1', count: 0, note: 'XX' }]) },
    });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('XX');
    bytes[at] = 0xc3; // a lead byte followed by an ASCII byte: not UTF-8
    const before = await yteSnapshot();
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { ...publisherHeaders, 'content-type': 'application/json' },
      body: bytes,
    });
    const requestId = response.headers.get('x-request-id');
    expect([response.status, await response.json()]).toEqual([
      400,
      {
        errors: [
          {
            message: 'the request body is not valid UTF-8',
            extensions: {
              code: 'BAD_REQUEST',
              messageVi: 'Nội dung yêu cầu không phải là văn bản UTF-8 hợp lệ',
              requestId,
            },
          },
        ],
      },
    ]);
    expect(await yteSnapshot()).toEqual(before);
  });

  it('an identical re-publish is always UNCHANGED: emoji (surrogate pairs), NFD, astral, combining and blank text', async () => {
    const values: Row[] = [
      { count: 0 },
      { value: true },
      { numerator: 1, denominator: 2 },
      { numerator: 3, denominator: 4 },
      { numerator: 5, denominator: 6 },
      { numerator: 7, denominator: 8 },
    ];
    const notes = [
      '👶🏽 trẻ em',
      'Quyết định'.normalize('NFD'),
      '𠀀𪜀 chữ Nôm',
      'e\u0301\u0323',
      '\t dòng\nmới \r\n',
      '\ufeff ',
    ];
    const rows = ['5.1', '5.2', '7.1', '8.1', '8.2', '9.1'].map((indicator, i) => ({
      commune: '22759',
      indicator,
      ...values[i],
      note: notes[i],
      sourceRef: notes[i],
    }));
    const first = await publish(rows);
    expect(first.body.data?.publishYteValues).toMatchObject({ applied: true, created: rows.length, rejected: [] });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const again = await changesNothing(() => publish(rows), notes);
      expect(again.body.data?.publishYteValues).toMatchObject({
        applied: true,
        publicationId: null,
        created: 0,
        updated: 0,
        unchanged: rows.length,
      });
    }
  });
});
