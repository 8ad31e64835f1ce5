/**
 * The days and moments an operation carries, found where they stand (shared/scalar-input.ts): in the
 * document or in a variable, in input objects and lists, in fragments; named by argument and field
 * as the hub names fields. And what the gateway makes of a subgraph's HTTP 400 refusal of an input
 * (gateway/server.ts).
 */
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { GraphQLError, buildSchema, getOperationAST, parse } from 'graphql';
import { refusedBySubgraph } from '../../gateway/server';
import { refusedTimeInput, timeInputPlugin } from '../../shared/scalar-input';

const schema = buildSchema(/* GraphQL */ `
  scalar Date
  scalar DateTime
  input Window {
    from: Date!
    to: Date!
  }
  input Calendar {
    year: Int!
    windows: [Window!]!
    note: String
  }
  input Tree {
    children: [Tree!]
    at: DateTime
  }
  type Query {
    tree(t: Tree): String
    day(date: Date, label: String): String
    moment(at: DateTime!): String
    days(dates: [Date!]): String
    calendar(input: Calendar!): String
  }
`);

/** The extensions of the refusal of `query` with `variables`, or null when nothing is refused. */
function refusal(query: string, variables: Record<string, unknown> = {}): Record<string, unknown> | null {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  const error = refusedTimeInput(schema, document, operation, variables);
  return error ? { message: error.message, ...error.extensions } : null;
}

/** What the plugin makes of `document` with `variables`: the refusal's code, or null when it lets it run. */
async function throughPlugin(document: ReturnType<typeof parse>, variables: Record<string, unknown>) {
  const listener = await timeInputPlugin().requestDidStart?.({} as never);
  const operation = getOperationAST(document);
  try {
    await listener?.didResolveOperation?.({ schema, document, operation, request: { variables } } as never);
    return null;
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions.code : error;
  }
}

describe('the plugin', () => {
  it('walks the values of a document whose arguments can hold a day, every time, through recursive input objects', async () => {
    const document = parse('query($t: Tree) { tree(t: $t) }');
    expect(await throughPlugin(document, { t: { children: [{ at: '2024-01-01T00:00:00Z' }] } })).toBeNull();
    expect(await throughPlugin(document, { t: { children: [{ children: [{ at: 'yesterday' }] }] } })).toBe(
      'BAD_USER_INPUT',
    );
    expect(await throughPlugin(document, { t: { children: [{ at: '2024-01-01T00:00:00Z' }] } })).toBeNull();
  });

  it('lets a document whose arguments hold no day run, whatever its variables', async () => {
    const document = parse('query($l: String) { day(label: $l) }');
    expect(await throughPlugin(document, { l: 'not a day, and no day expected' })).toBeNull();
    expect(await throughPlugin(document, { l: '2024-99-99' })).toBeNull();
  });
});

describe('refusedTimeInput', () => {
  it('passes real days and moments, in the document and in variables', () => {
    expect(refusal('{ day(date: "2024-02-29") moment(at: "2024-02-29T23:59:59+07:00") }')).toBeNull();
    expect(
      refusal('query($d: Date, $c: Calendar!) { day(date: $d) calendar(input: $c) }', {
        d: '2020-01-01',
        c: { year: 2020, windows: [{ from: '2020-01-01', to: '2020-12-31' }] },
      }),
    ).toBeNull();
    expect(refusal('query($d: Date) { day(date: $d) }')).toBeNull();
    expect(refusal('{ day(date: null, label: "2024-99-99") }')).toBeNull();
  });

  it('names the argument of a value written in the document, with HTTP 400', () => {
    expect(refusal('{ day(date: "2023-02-29") }')).toEqual({
      message: 'date: "2023-02-29" is not a Date: a calendar date YYYY-MM-DD',
      code: 'BAD_USER_INPUT',
      field: 'date',
      argument: 'date',
      scalar: 'Date',
      messageVi: 'Trường date: Giá trị "2023-02-29" không hợp lệ: phải là một ngày có thật, dạng YYYY-MM-DD',
      http: { status: 400 },
    });
    expect(refusal('{ moment(at: "2024-01-01") }')).toMatchObject({ field: 'at', scalar: 'DateTime' });
    expect(refusal('{ day(date: 20240101) }')).toMatchObject({
      field: 'date',
      messageVi: 'Trường date: Giá trị 20240101 không hợp lệ: phải là một ngày có thật, dạng YYYY-MM-DD',
    });
  });

  it('names the argument a variable feeds, not the variable', () => {
    expect(refusal('query($when: DateTime!) { moment(at: $when) }', { when: 'now' })).toMatchObject({
      field: 'at',
      argument: 'at',
      scalar: 'DateTime',
    });
    expect(refusal('query($d: Date = "2024-13-01") { day(date: $d) }')).toMatchObject({ field: 'date' });
  });

  it('names a field inside an input object by its path there, and the list position', () => {
    expect(
      refusal('{ calendar(input: { year: 2020, windows: [{ from: "2020-01-01", to: "2020-02-30" }] }) }'),
    ).toMatchObject({ field: 'windows[0].to', argument: 'input', scalar: 'Date' });
    expect(
      refusal('query($c: Calendar!) { calendar(input: $c) }', {
        c: {
          year: 2020,
          windows: [
            { from: '2020-01-01', to: '2020-01-31' },
            { from: '2020-02-01T00:00:00Z', to: '2020-02-28' },
          ],
        },
      }),
    ).toMatchObject({ field: 'windows[1].from', message: expect.stringMatching(/^windows\[1\]\.from: /) });
    expect(
      refusal('query($w: Window!) { calendar(input: { year: 2020, windows: [$w] }) }', {
        w: { from: '2020-01-01', to: 'soon' },
      }),
    ).toMatchObject({ field: 'windows[0].to' });
    expect(refusal('query($ds: [Date!]) { days(dates: $ds) }', { ds: ['2020-01-01', 'x'] })).toMatchObject({
      field: 'dates[1]',
      argument: 'dates',
    });
    expect(refusal('{ days(dates: "2020-01-32") }')).toMatchObject({ field: 'dates' });
  });

  it('looks into the fragments the operation uses, and only into the operation run', () => {
    expect(refusal('query { ...F } fragment F on Query { day(date: "x") }')).toMatchObject({ field: 'date' });
    const document = parse('query A { day(date: "x") } query B { day(date: "2020-01-01") }');
    const b = getOperationAST(document, 'B');
    expect(b && refusedTimeInput(schema, document, b, {})).toBeNull();
  });
});

describe('refusedBySubgraph', () => {
  const answered = (status: number, body: unknown) => ({
    error: new GraphQLError(`${status}: Bad Request`, { extensions: { response: { status, body } } }),
    response: { status } as unknown as FetcherResponse,
  });

  it("passes on a subgraph's refusal of the caller's input as BAD_USER_INPUT naming the service", () => {
    const { error, response } = answered(400, {
      errors: [
        {
          message: 'date: "x" is not a Date: a calendar date YYYY-MM-DD',
          extensions: { code: 'BAD_USER_INPUT', field: 'date', scalar: 'Date', messageVi: 'Trường date: …' },
        },
      ],
    });
    const refused = refusedBySubgraph('ldtbxh', error, response);
    expect(refused?.message).toBe('date: "x" is not a Date: a calendar date YYYY-MM-DD');
    expect(refused?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'date',
      scalar: 'Date',
      serviceName: 'ldtbxh',
      messageVi: 'Trường date: …',
    });
  });

  it('recodes a scalar refusing a literal during validation, which Apollo codes GRAPHQL_VALIDATION_FAILED', () => {
    const { error, response } = answered(400, {
      errors: [
        {
          message: '"x" is not a DateTime: …',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', scalar: 'DateTime', messageVi: 'Giá trị "x" không hợp lệ' },
        },
      ],
    });
    expect(refusedBySubgraph('ldtbxh', error, response)?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      scalar: 'DateTime',
      messageVi: 'Giá trị "x" không hợp lệ',
    });
  });

  it('leaves every other failure to be the department unavailable', () => {
    const drift = answered(400, {
      errors: [{ message: 'Cannot query field "x"', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }],
    });
    expect(refusedBySubgraph('yte', drift.error, drift.response)).toBeNull();
    const failed = answered(500, { errors: [{ message: 'boom', extensions: { code: 'BAD_USER_INPUT' } }] });
    expect(refusedBySubgraph('yte', failed.error, failed.response)).toBeNull();
    const html = answered(400, '<html>Bad Request</html>');
    expect(refusedBySubgraph('yte', html.error, html.response)).toBeNull();
    expect(refusedBySubgraph('yte', new Error('socket hang up'), undefined)).toBeNull();
  });
});
