/**
 * The gateway under abuse, through the real services: query limits (depth, aliases, cost, root
 * fields, tokens), batches, oversized bodies, introspection switched off, CSRF on GET, errors
 * masked with a request id a person can quote, and secrets kept out of logs and configuration errors.
 * Every refusal is asserted whole: status, code, the limit's values, the request id, and that no
 * subgraph was asked anything.
 */
import { ERROR_CODES_VI } from '../../shared/errors';
import fs from 'node:fs';
import { createGatewayServer, gatewayContext } from '../../gateway/server';
import { ConfigError, loadConfig } from '../../shared/config';
import { DEPARTMENTS } from '../../shared/departments';
import { startHttpServer } from '../../shared/http';
import { createLogger, type Logger } from '../../shared/logger';
import { projectPath } from '../../shared/paths';
import { startTestHub, type GraphQLResponse, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ maxBodyBytes: 64 * 1024 });
});

afterAll(async () => {
  await hub?.stop();
});

interface RawResponse {
  status: number;
  /** The x-request-id response header. */
  requestId: string | null;
  text: string;
  body: GraphQLResponse['body'];
}

/** Sends a raw HTTP request to the gateway (or `url`) and keeps status, request id header and body text. */
async function send(
  init: { method?: string; headers?: Record<string, string>; body?: string; search?: string } = {},
  url = hub.gatewayUrl,
): Promise<RawResponse> {
  const response = await fetch(url + (init.search ?? ''), {
    method: init.method ?? 'POST',
    headers: init.body === undefined ? init.headers : { 'content-type': 'application/json', ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    text,
    body: JSON.parse(text) as GraphQLResponse['body'],
  };
}

/** POSTs one operation as JSON. */
const post = (query: string, variables: Record<string, unknown> = {}, url = hub.gatewayUrl) =>
  send({ body: JSON.stringify({ query, variables }) }, url);

/** No stack trace, no SQL, no file paths in what a client receives. */
function expectNothingInternal(text: string): void {
  // A stack's lines start with "at", after a newline that JSON escapes.
  expect(text).not.toMatch(/stacktrace|(\\n|\n)\s+at |node_modules|\.ts:\d+|\.js:\d+/);
  expect(text).not.toMatch(/\b(SELECT|INSERT INTO|UPDATE \S+ SET|DELETE FROM|relation \\?"|QueryFailedError)/i);
}

/** The one error of a refused request, with the request id the response header carries. */
function refusal(message: string, extensions: Record<string, unknown>, requestId: string | null) {
  return {
    errors: [
      {
        message: expect.stringContaining(message),
        ...(extensions.code === 'QUERY_TOO_COMPLEX' ? { locations: [{ line: 1, column: 1 }] } : {}),
        extensions: {
          ...(extensions.code === 'QUERY_TOO_COMPLEX'
            ? {
                messageVi: expect.stringMatching(
                  new RegExp(`\\b${String(extensions.actual)}\\b.*, vượt giới hạn ${String(extensions.max)};`),
                ),
              }
            : {}),
          ...extensions,
          requestId,
        },
      },
    ],
  };
}

/** Runs `act` and asserts that no subgraph sent a single SQL statement meanwhile. */
async function withoutSubgraphWork<T>(act: () => Promise<T>): Promise<T> {
  const before = hub.statementCounts();
  const result = await act();
  expect(hub.statementCounts()).toEqual(before);
  return result;
}

const tooComplex = (limit: string, max: number, actual: number) => ({ code: 'QUERY_TOO_COMPLEX', limit, max, actual });

describe('query limits at the gateway, before any subgraph is called', () => {
  it('a query deeper than 12 is refused, naming the depth', async () => {
    // commune(1) district(2) province(3) districts(4) communes(5) district(6) province(7) districts(8)
    // communes(9) district(10) province(11) districts(12) code(13)
    const deep = /* GraphQL */ `{ commune(code: "22738") { district { province { districts { communes { district { province { districts { communes { district { province { districts { code } } } } } } } } } } } } }`;
    const response = await withoutSubgraphWork(() => post(deep));
    expect(response.status).toBe(400);
    expect(response.requestId).toEqual(expect.any(String));
    expect(response.body).toEqual(
      refusal('query depth 13 exceeds the limit of 12', tooComplex('depth', 12, 13), response.requestId),
    );
    expectNothingInternal(response.text);
  });

  it('the same depth hidden in fragments is measured through them', async () => {
    const hidden = /* GraphQL */ `{ commune(code: "22738") { ...A } }
      fragment A on Commune { district { ...B } }
      fragment B on District { province { ...C } }
      fragment C on Province { districts { ... on District { communes { ...D } } } }
      fragment D on Commune { district { province { districts { communes { ...E } } } } }
      fragment E on Commune { district { province { ...F } } }
      fragment F on Province { districts { code } }`;
    const response = await withoutSubgraphWork(() => post(hidden));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      refusal('query depth 13 exceeds the limit of 12', tooComplex('depth', 12, 13), response.requestId),
    );
  });

  it('40 aliases of one list are refused, naming the aliases', async () => {
    const bomb = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: communes { code }`).join(' ')} }`;
    const response = await withoutSubgraphWork(() => post(bomb));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      refusal('query uses 40 aliases, more than the limit of 30', tooComplex('aliases', 30, 40), response.requestId),
    );
  });

  it('nested lists costing more than 1,000,000 are refused, naming the cost', async () => {
    // history 1+20·1 = 21; yte 1+20·21 = 421; year 1+421 = 422; communes 1+100·422 = 42,201;
    // districts 1+20·42,201 = 844,021; provinces 1+20·844,021 = 16,880,421.
    const bomb = /* GraphQL */ `{ provinces { districts { communes { year(year: 2020) { yte { history { revision } } } } } } }`;
    const response = await withoutSubgraphWork(() => post(bomb));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      refusal(
        'query cost 16880421 exceeds the limit of 1000000',
        tooComplex('cost', 1_000_000, 16_880_421),
        response.requestId,
      ),
    );
  });

  it('five aliased copies of the province dashboard are refused where four would pass', async () => {
    const dashboard = /* GraphQL */ `
      fragment Value on IndicatorValue {
        criteriaSetId indicator kind department numerator denominator count value grade note sourceRef revision publishedBy publishedAt
      }
      fragment DashboardCommune on Commune {
        code name type district { code name } category(year: 2020) { category provisional }
        year(year: 2020) {
          ldtbxh { ...Value } yte { ...Value } tuphap { ...Value } gddt { ...Value } congan { ...Value } vhttdl { ...Value }
          assessment { total eligible criteria { points indicators { points } } }
        }
      }`;
    const copies = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `d${i}: communes { ...DashboardCommune }`).join(' ')} } ${dashboard}`;
    const response = await withoutSubgraphWork(() => post(copies(5)));
    expect(response.status).toBe(400);
    // 214,001 each (tests/unit/limits.test.ts pins one dashboard's cost).
    expect(response.body).toEqual(
      refusal(
        'query cost 1070005 exceeds the limit of 1000000',
        tooComplex('cost', 1_000_000, 1_070_005),
        response.requestId,
      ),
    );

    const four = await post(copies(4));
    expect(four.status).toBe(200);
    expect(four.body.errors).toBeUndefined();
    expect(Object.keys(four.body.data ?? {})).toEqual(['d0', 'd1', 'd2', 'd3']);
  });

  it('more than 20 root fields are refused, naming the root fields', async () => {
    const wide = `{ ${Array.from({ length: 21 }, (_, i) => `p${i}: province(code: "58") { name }`).join(' ')} }`;
    const response = await withoutSubgraphWork(() => post(wide));
    expect(response.status).toBe(400);
    expect(response.body).toEqual(
      refusal(
        'query selects 21 root fields, more than the limit of 20',
        tooComplex('rootFields', 20, 21),
        response.requestId,
      ),
    );
  });

  it('a document of more than 5000 tokens is refused by the parser', async () => {
    const huge = `{ ${'__typename '.repeat(5000)}}`;
    const response = await withoutSubgraphWork(() => post(huge));
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      errors: [
        {
          // graphql-js's own wording, typo included.
          message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
          locations: [{ line: 1, column: expect.any(Number) }],
          extensions: {
            code: 'GRAPHQL_PARSE_FAILED',
            messageVi: ERROR_CODES_VI.GRAPHQL_PARSE_FAILED,
            requestId: response.requestId,
          },
        },
      ],
    });
  });
});

describe('requests refused before GraphQL', () => {
  it('a batch (a JSON array of operations) is refused', async () => {
    const response = await withoutSubgraphWork(() =>
      send({ body: JSON.stringify([{ query: '{ province(code: "58") { name } }' }, { query: '{ __typename }' }]) }),
    );
    expect(response.status).toBe(400);
    // Apollo answers this one itself; the hub adds the request id it would otherwise lack.
    expect(response.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'Operation batching disabled.',
          extensions: { code: 'BAD_REQUEST', messageVi: ERROR_CODES_VI.BAD_REQUEST, requestId: response.requestId },
        },
      ],
    });
  });

  it('a body over the configured 64 KiB is refused with 413', async () => {
    const response = await withoutSubgraphWork(() =>
      send({
        body: JSON.stringify({ query: '{ province(code: "58") { name } }', variables: { pad: 'x'.repeat(65 * 1024) } }),
      }),
    );
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      errors: [
        {
          message: 'request body larger than 65536 bytes',
          extensions: {
            code: 'PAYLOAD_TOO_LARGE',
            messageVi: `${ERROR_CODES_VI.PAYLOAD_TOO_LARGE} (65536 byte)`,
            requestId: response.requestId,
          },
        },
      ],
    });
    expect(response.requestId).toEqual(expect.any(String));
  });

  it('a GET without a CSRF-preventing header is refused, with one it is served, and POST with JSON works', async () => {
    const refused = await send({ method: 'GET', search: '?query=%7B__typename%7D' });
    expect(refused.status).toBe(400);
    expect(refused.requestId).toEqual(expect.any(String));
    expect(refused.body).toEqual({
      errors: [
        {
          message: expect.stringContaining('Cross-Site Request Forgery (CSRF)'),
          extensions: { code: 'BAD_REQUEST', messageVi: ERROR_CODES_VI.BAD_REQUEST, requestId: refused.requestId },
        },
      ],
    });

    const preflighted = await send({
      method: 'GET',
      search: '?query=%7B__typename%7D',
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect({ status: preflighted.status, body: preflighted.body }).toEqual({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });

    const posted = await post('{ __typename }');
    expect({ status: posted.status, body: posted.body }).toEqual({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
  });
});

describe('introspection', () => {
  it('is on in the test hub', async () => {
    const response = await post('{ __schema { queryType { name } } }');
    expect({ status: response.status, body: response.body }).toEqual({
      status: 200,
      body: { data: { __schema: { queryType: { name: 'Query' } } } },
    });
  });

  it('a gateway built with introspection: false refuses __schema and __type and still answers queries', async () => {
    const logger = createLogger('silent');
    const server = createGatewayServer({
      supergraphSdl: fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'),
      subgraphUrls: Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, hub.services[d.code].url])),
      logger,
      internalSecret: hub.internalSecret,
      introspection: false,
    });
    const closed = await startHttpServer(server.apollo, {
      port: 0,
      context: gatewayContext({ tokens: hub.tokens, apiKeys: hub.apiKeys, internalSecret: hub.internalSecret }),
      logger,
    });
    try {
      for (const query of ['{ __schema { queryType { name } } }', '{ __type(name: "Commune") { name } }']) {
        const response = await withoutSubgraphWork(() => post(query, {}, closed.url));
        expect(response.status).toBe(400);
        expect(response.body).toEqual({
          errors: [
            {
              message: expect.stringContaining('GraphQL introspection is not allowed'),
              locations: [{ line: 1, column: 3 }],
              extensions: {
                code: 'GRAPHQL_VALIDATION_FAILED',
                messageVi: ERROR_CODES_VI.GRAPHQL_VALIDATION_FAILED,
                validationErrorCode: 'INTROSPECTION_DISABLED',
                requestId: response.requestId,
              },
            },
          ],
        });
        expect(response.requestId).toEqual(expect.any(String));
      }
      const normal = await post('{ province(code: "58") { name } __typename }', {}, closed.url);
      expect({ status: normal.status, body: normal.body }).toEqual({
        status: 200,
        body: { data: { province: { name: 'Ninh Thuận' }, __typename: 'Query' } },
      });
    } finally {
      await closed.stop();
    }
  });
});

describe('unexpected errors are masked', () => {
  it('a failing department query reaches the client as INTERNAL_SERVER_ERROR with its request id, no SQL, no table, no stack', async () => {
    const ds = hub.services.YTE.db.dataSource;
    // A real internal failure, without touching production code: the department's table is gone.
    await ds.query('ALTER TABLE yte.indicator_value RENAME TO indicator_value_hidden_by_test');
    let response: RawResponse;
    try {
      response = await post(
        /* GraphQL */ `{ commune(code: "22738") { name year(year: 2020) { yte { indicator } congan { indicator } } } }`,
      );
    } finally {
      await ds.query('ALTER TABLE yte.indicator_value_hidden_by_test RENAME TO indicator_value');
    }
    expect(response.status).toBe(200);
    expect(response.requestId).toEqual(expect.any(String));
    expect(response.body).toEqual({
      data: { commune: { name: 'Đô Vinh', year: { yte: null, congan: [] } } },
      errors: [
        {
          message: 'internal server error: quote the request id to the operator',
          path: ['commune', 'year', 'yte'],
          extensions: {
            code: 'INTERNAL_SERVER_ERROR',
            messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
            serviceName: 'yte',
            requestId: response.requestId,
          },
        },
      ],
    });
    expectNothingInternal(response.text);
    expect(response.text).not.toMatch(/indicator_value|hidden_by_test|does not exist|yte\./);

    // The table is back: the same query answers without error.
    const again = await post(/* GraphQL */ `{ commune(code: "22738") { year(year: 2020) { yte { indicator } } } }`);
    expect(again.body).toEqual({ data: { commune: { year: { yte: [] } } } });
  });

  it('the request id a client sends is the one quoted in the masked error', async () => {
    const ds = hub.services.YTE.db.dataSource;
    await ds.query('ALTER TABLE yte.indicator_value RENAME TO indicator_value_hidden_by_test');
    let response: RawResponse;
    try {
      response = await send({
        headers: { 'x-request-id': 'hardening-trace-42' },
        body: JSON.stringify({ query: '{ commune(code: "22738") { year(year: 2020) { yte { indicator } } } }' }),
      });
    } finally {
      await ds.query('ALTER TABLE yte.indicator_value_hidden_by_test RENAME TO indicator_value');
    }
    expect(response.requestId).toBe('hardening-trace-42');
    expect(response.body.errors).toEqual([
      {
        message: 'internal server error: quote the request id to the operator',
        path: ['commune', 'year', 'yte'],
        extensions: {
          code: 'INTERNAL_SERVER_ERROR',
          messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
          serviceName: 'yte',
          requestId: 'hardening-trace-42',
        },
      },
    ]);
  });
});

describe('secrets never logged', () => {
  const SECRETS = [
    'hunter2-password',
    'Bearer eyJhbGciOiJIUzI1NiJ9.secret-jwt',
    'raw-token-value',
    'cfc_live_api_key_value',
    'jwt-signing-secret-0123456789abcdef',
    'internal-secret-0123456789abcdef',
    'deep-password-beyond-depth',
  ];

  function capture(): { lines: string[]; logger: Logger } {
    const lines: string[] = [];
    return { lines, logger: createLogger('debug', { service: 'hardening' }, (line) => lines.push(line)) };
  }

  it('values under secret-like keys are redacted at any depth, in fields, in child loggers and beside errors', () => {
    const { lines, logger } = capture();
    const error = Object.assign(new Error('connection refused'), {
      config: { headers: { authorization: SECRETS[1] } },
    });
    logger.error('request failed', {
      password: SECRETS[0],
      headers: { authorization: SECRETS[1], 'x-api-key': SECRETS[3], cookie: 'session=abc' },
      token: SECRETS[2],
      apiKey: SECRETS[3],
      env: { HUB_JWT_SECRET: SECRETS[4], HUB_INTERNAL_SECRET: SECRETS[5], POSTGRES_PASSWORD: SECRETS[0] },
      list: [{ secret: SECRETS[5] }],
      a: { b: { c: { d: { e: { password: SECRETS[6] } } } } },
      error,
      nested: { cause: error },
    });
    logger.child({ token: SECRETS[2] }).warn('child', { api_key: SECRETS[3] });
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      for (const secret of SECRETS) expect(line).not.toContain(secret);
      expect(line).not.toContain('session=abc');
    }
    const first = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(first).toMatchObject({
      level: 'error',
      message: 'request failed',
      service: 'hardening',
      password: '[redacted]',
      token: '[redacted]',
      apiKey: '[redacted]',
      headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]' },
      env: { HUB_JWT_SECRET: '[redacted]', HUB_INTERNAL_SECRET: '[redacted]', POSTGRES_PASSWORD: '[redacted]' },
      list: [{ secret: '[redacted]' }],
      a: { b: { c: { d: { e: '[too deep]' } } } },
      error: { name: 'Error', message: 'connection refused', stack: expect.stringContaining('connection refused') },
      nested: { cause: { name: 'Error', message: 'connection refused' } },
    });
    expect(JSON.parse(lines[1] ?? '{}')).toMatchObject({
      level: 'warn',
      message: 'child',
      token: '[redacted]',
      api_key: '[redacted]',
    });
  });

  it('a configuration error for a bad secret names the variable, never the value', () => {
    for (const variable of ['HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET']) {
      const value = 'short-but-real-secret';
      let thrown: unknown;
      try {
        loadConfig({ [variable]: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      const error = thrown as ConfigError;
      expect({ variable: error.variable, value: error.value, message: error.message }).toEqual({
        variable,
        value: '***',
        message: `configuration ${variable}="***": a secret must have at least 32 characters`,
      });
      expect(JSON.stringify(error) + String(error.stack)).not.toContain(value);
    }
  });

  it('a configuration error for a database URL hides its password, even one holding / or :', () => {
    const cases: [string, string][] = [
      ['mysql://hub:plain-password@db:5432/hub', 'mysql://hub:***@db:5432/hub'],
      ['postgres://hub:s3cr/et+pw@db:5432/hub', 'postgres://hub:***@db:5432/hub'],
      ['postgres://hub:pa:ss@db:port/hub', 'postgres://hub:***@db:port/hub'],
    ];
    for (const [url, shown] of cases) {
      const password = /^[a-z]+:\/\/hub:(.*)@db/.exec(url)?.[1] ?? '';
      let thrown: unknown;
      try {
        loadConfig({ DATABASE_URL: url });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as ConfigError).value).toBe(shown);
      expect((thrown as ConfigError).message).not.toContain(password);
    }
  });
});
