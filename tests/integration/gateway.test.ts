/**
 * The gateway as an operator and an integrator meet it: health, request ids, malformed and oversized
 * requests, the graphql-http audits, and what a client sees when a subgraph is slow or down.
 */
import { ANONYMOUS } from '../../shared/identity';
import { runGraphqlHttpAudits } from '../compatibility/graphql-http-audits';
import { forwardedHeaders, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ subgraphTimeoutMs: 1500, maxBodyBytes: 64 * 1024 });
});

afterAll(async () => {
  await hub?.stop();
});

const healthUrl = () => hub.gatewayUrl.replace(/\/graphql$/, '/health');

describe('serving', () => {
  it('reports health with every subgraph', async () => {
    const response = await fetch(healthUrl());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      restarts: 0,
      pid: process.pid,
      subgraphs: { ldtbxh: 'ok', yte: 'ok', tuphap: 'ok', gddt: 'ok', congan: 'ok', vhttdl: 'ok' },
    });
    // Each subgraph's own health: who answers, how often it was restarted, what it found.
    const yte = await fetch(hub.services.YTE.url.replace(/\/graphql$/, '/health'));
    expect([yte.status, await yte.json()]).toEqual([
      200,
      { status: 'ok', service: 'yte', restarts: 0, pid: process.pid, criteriaSets: expect.any(Number) },
    ]);
  });

  it('answers every request with a request id, the one sent when well-formed', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-123' },
      body: JSON.stringify({ query: '{ province(code: "58") { name } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    expect(await response.json()).toEqual({ data: { province: { name: 'Ninh Thuận' } } });
  });

  it('refuses malformed JSON with a coded error', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'the request body is not valid JSON',
          extensions: {
            code: 'BAD_REQUEST',
            messageVi: 'Nội dung yêu cầu không phải là JSON hợp lệ',
            requestId: expect.any(String),
          },
        },
      ],
    });
  });

  it('refuses a body over the configured limit before reading it all', async () => {
    const response = await fetch(hub.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ province(code: "58") { name } }`, variables: { pad: 'x'.repeat(70 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });

  it('answers an unknown path with 404', async () => {
    const response = await fetch(hub.gatewayUrl.replace('/graphql', '/nope'));
    expect(response.status).toBe(404);
  });

  it('refuses a query that does not validate, naming the field', async () => {
    const result = await hub.query(`{ commune(code: "22738") { nonsense } }`);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('nonsense'),
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });
});

describe('graphql-http audits', () => {
  it('the gateway passes every MUST audit', async () => {
    const results = await runGraphqlHttpAudits(hub.gatewayUrl);
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  });

  it('a subgraph passes every MUST audit', async () => {
    // A subgraph answers only what the gateway forwards: the audits carry a forwarded identity.
    // Each audit request gets its own, as the gateway makes one per fetch (they live seconds).
    const results = await runGraphqlHttpAudits(hub.services.YTE.url, () =>
      forwardedHeaders(ANONYMOUS, hub.internalSecret, 'yte'),
    );
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  });
});

describe('when a subgraph fails', () => {
  const QUERY = /* GraphQL */ `{ commune(code: "22738") { name year(year: 2020) { yte { indicator } congan { indicator } } } }`;

  it('a subgraph slower than the timeout: the other departments still answer, the slow one is a coded error on its path', async () => {
    // A real slow subgraph: its table is locked by another transaction while the query runs.
    const runner = hub.services.YTE.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query('LOCK TABLE yte.indicator_value IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const result = await hub.query(QUERY);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(result.body.data).toEqual({ commune: { name: 'Đô Vinh', year: { yte: null, congan: [] } } });
      expect(result.body.errors).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'yte' }),
        }),
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('a subgraph that is down: health says which, queries get a coded error naming it', async () => {
    await hub.services.CONGAN.stop();
    const health = await fetch(healthUrl());
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({
      status: 'unavailable',
      restarts: 0,
      pid: process.pid,
      down: ['congan'],
      subgraphs: {
        ldtbxh: 'ok',
        yte: 'ok',
        tuphap: 'ok',
        gddt: 'ok',
        congan: expect.stringMatching(/^unreachable/),
        vhttdl: 'ok',
      },
      reason: expect.stringMatching(/^congan: unreachable/),
    });
    const result = await hub.query(QUERY);
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'congan' }),
      }),
    ]);
    const other = await hub.query(`{ commune(code: "22738") { name year(year: 2020) { yte { indicator } } } }`);
    expect(other.body).toEqual({ data: { commune: { name: 'Đô Vinh', year: { yte: [] } } } });
  });
});
