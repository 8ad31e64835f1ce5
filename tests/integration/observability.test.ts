/**
 * Operating the hub: what an operator scrapes, reads in the logs and sees as traces, after known
 * requests through the real gateway and subgraphs. One hub for the file, with an in-memory span
 * exporter registered before it starts (as a process registers its exporter first thing).
 */
import { randomBytes } from 'node:crypto';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SpanKind } from '@opentelemetry/api';
import { createLogger } from '../../shared/logger';
import { registerTracing, type Tracing } from '../../shared/observability/tracing';
import { postGraphQL, publisher, startTestHub, type TestHub } from '../helpers/hub';

const exporter = new InMemorySpanExporter();
const lines: Record<string, unknown>[] = [];
let tracing: Tracing;
let hub: TestHub;

beforeAll(async () => {
  tracing = registerTracing({
    serviceName: 'hub-test',
    otlpEndpoint: null,
    processors: [new SimpleSpanProcessor(exporter)],
  });
  const logger = createLogger('debug', {}, (line) => lines.push(JSON.parse(line) as Record<string, unknown>));
  hub = await startTestHub({ logger });
});

afterAll(async () => {
  await hub?.stop();
  await tracing?.shutdown();
});

/** A fresh W3C trace context, as a client would send it. */
function clientTrace(): { traceId: string; spanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** Metric samples of one service's /metrics: `name{labels} value` lines, labels parsed. */
async function scrape(graphqlUrl: string): Promise<{ name: string; labels: Record<string, string>; value: number }[]> {
  const response = await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`unparsable metric line: ${line}`);
      const labels = Object.fromEntries(
        [...(match[2] ?? '').matchAll(/([a-zA-Z_]+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
      );
      return { name: match[1] ?? '', labels, value: Number(match[3]) };
    });
}

type Sample = Awaited<ReturnType<typeof scrape>>[number];
const value = (samples: Sample[], name: string, labels: Record<string, string>): number | undefined =>
  samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

const PLACES = /* GraphQL */ `
  query Places {
    communes(districtCode: "584") {
      code
    }
  }
`;
const PUBLISH = /* GraphQL */ `
  mutation Publish($input: PublishValuesInput!) {
    publishYteValues(input: $input) {
      created
      updated
      unchanged
      rejectedCount
    }
  }
`;
const GOOD = [
  { commune: '22738', indicator: '7.1', numerator: 97, denominator: 100 },
  { commune: '22741', indicator: '5.1', count: 0 },
];
const BAD = { commune: '22738', indicator: '7.2', numerator: 120, denominator: 100 };
const input = (rows: Record<string, unknown>[]) => ({ input: { criteriaSetId: 'QD06-2019', year: 2020, rows } });

describe('metrics and request log lines after known requests', () => {
  const ids = {
    places1: 'obs-places-1',
    places2: 'obs-places-2',
    created: 'obs-pub-created',
    unchanged: 'obs-pub-unchanged',
    blocked: 'obs-pub-blocked',
    forbidden: 'obs-pub-forbidden',
    badToken: 'obs-bad-token',
  };
  let yteToken: Record<string, string>;

  beforeAll(async () => {
    yteToken = await hub.headersFor(publisher('YTE'));
    const as = (requestId: string, headers: Record<string, string> = {}) => ({ 'x-request-id': requestId, ...headers });
    expect((await postGraphQL(hub.gatewayUrl, PLACES, {}, as(ids.places1))).body.errors).toBeUndefined();
    expect((await postGraphQL(hub.gatewayUrl, PLACES, {}, as(ids.places2))).body.errors).toBeUndefined();
    expect((await postGraphQL(hub.gatewayUrl, PUBLISH, input(GOOD), as(ids.created, yteToken))).body).toEqual({
      data: { publishYteValues: { created: 2, updated: 0, unchanged: 0, rejectedCount: 0 } },
    });
    expect((await postGraphQL(hub.gatewayUrl, PUBLISH, input(GOOD), as(ids.unchanged, yteToken))).body).toEqual({
      data: { publishYteValues: { created: 0, updated: 0, unchanged: 2, rejectedCount: 0 } },
    });
    expect((await postGraphQL(hub.gatewayUrl, PUBLISH, input([...GOOD, BAD]), as(ids.blocked, yteToken))).body).toEqual(
      { data: { publishYteValues: { created: 0, updated: 0, unchanged: 2, rejectedCount: 1 } } },
    );
    // Another department's publisher may not publish YTE's values.
    const forbidden = await postGraphQL(
      hub.gatewayUrl,
      PUBLISH,
      input(GOOD),
      as(ids.forbidden, await hub.headersFor(publisher('GDDT'))),
    );
    expect(forbidden.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const refused = await postGraphQL(
      hub.gatewayUrl,
      PLACES,
      {},
      as(ids.badToken, { authorization: 'Bearer not-a-token' }),
    );
    expect({ status: refused.status, codes: refused.body.errors?.map((e) => e.extensions?.code) }).toEqual({
      status: 401,
      codes: ['UNAUTHENTICATED'],
    });
  });

  it('the gateway counts requests by operation and outcome, errors by code, and fetches by subgraph', async () => {
    const samples = await scrape(hub.gatewayUrl);
    const requests = samples
      .filter((s) => s.name === 'hub_requests_total')
      .map((s): Record<string, string | number> => ({ ...s.labels, value: s.value }));
    expect(requests.sort((a, b) => `${a.operation}${a.outcome}`.localeCompare(`${b.operation}${b.outcome}`))).toEqual([
      // Refused before its operation was read (401): counted without a name.
      { service: 'gateway', operation: 'anonymous', outcome: 'error', value: 1 },
      { service: 'gateway', operation: 'Places', outcome: 'ok', value: 2 },
      { service: 'gateway', operation: 'Publish', outcome: 'error', value: 1 },
      { service: 'gateway', operation: 'Publish', outcome: 'ok', value: 3 },
      // Sở Y tế's validation rules ask the graph for Sở Tư pháp's figures as the publisher (7.1 is compared with births).
      { service: 'gateway', operation: 'RuleFigures', outcome: 'ok', value: 3 },
      // … and LĐTBXH which version of the rules applies to the year (it keeps the versions).
      { service: 'gateway', operation: 'RulesForYear', outcome: 'ok', value: 3 },
    ]);
    expect(value(samples, 'hub_request_duration_seconds_count', { operation: 'Publish', outcome: 'ok' })).toBe(3);
    expect(
      value(samples, 'hub_request_duration_seconds_bucket', { operation: 'Places', outcome: 'ok', le: '+Inf' }),
    ).toBe(2);
    const errors = samples
      .filter((s) => s.name === 'hub_errors_total')
      .map((s) => ({ code: s.labels.code, value: s.value }));
    expect(errors.sort((a, b) => String(a.code).localeCompare(String(b.code)))).toEqual([
      { code: 'FORBIDDEN', value: 1 },
      { code: 'UNAUTHENTICATED', value: 1 },
    ]);
    // Places reads ldtbxh once per request, as does each publishing call that gets as far as its rules (3);
    // each publishing call (the refused one too) is one yte fetch.
    expect(value(samples, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'ldtbxh', outcome: 'ok' })).toBe(5);
    expect(value(samples, 'hub_subgraph_fetch_duration_seconds_count', { subgraph: 'yte', outcome: 'ok' })).toBe(4);
    expect(value(samples, 'hub_db_pool_connections', { pool: 'gateway', state: 'waiting' })).toBe(0);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds' && s.labels.service === 'gateway')).toBe(true);
  });

  it('the publishing subgraph counts published rows by department and outcome, and its pool', async () => {
    const samples = await scrape(hub.services.YTE.url);
    const rows = samples
      .filter((s) => s.name === 'hub_published_rows_total')
      .map((s): Record<string, string | number> => ({ ...s.labels, value: s.value }));
    expect(rows.sort((a, b) => String(a.outcome).localeCompare(String(b.outcome)))).toEqual([
      { service: 'yte', department: 'YTE', outcome: 'blocked', value: 2 },
      { service: 'yte', department: 'YTE', outcome: 'created', value: 2 },
      { service: 'yte', department: 'YTE', outcome: 'rejected', value: 1 },
      { service: 'yte', department: 'YTE', outcome: 'unchanged', value: 2 },
    ]);
    // The gateway names the operations it sends after the client's: <operation>__<subgraph>__<fetch>.
    expect(value(samples, 'hub_requests_total', { operation: 'Publish__yte__0', outcome: 'ok' })).toBe(3);
    expect(value(samples, 'hub_requests_total', { operation: 'Publish__yte__0', outcome: 'error' })).toBe(1);
    expect(value(samples, 'hub_errors_total', { code: 'FORBIDDEN' })).toBe(1);
    expect(value(samples, 'hub_db_pool_connections', { pool: 'yte', state: 'in_use' })).toBe(0);
    expect(value(samples, 'hub_db_pool_connections', { pool: 'yte', state: 'idle' })).toBeGreaterThan(0);
    const ldtbxh = await scrape(hub.services.LDTBXH.url);
    expect(value(ldtbxh, 'hub_requests_total', { operation: 'Places__ldtbxh__0', outcome: 'ok' })).toBe(2);
    expect(ldtbxh.some((s) => s.name === 'hub_published_rows_total' && s.value > 0)).toBe(false);
  });

  it('writes one request line per request at each service, with request id, trace id, operation, role, duration, outcome and codes', () => {
    const requestLines = (requestId: string, service: string) =>
      lines.filter((l) => l.message === 'request' && l.requestId === requestId && l.service === service);
    const gatewayLine = (requestId: string) => {
      // The publisher's own request; the rule queries its service made under the same request id are lines of their own.
      const found = requestLines(requestId, 'gateway').filter(
        (l) => l.operationName !== 'RuleFigures' && l.operationName !== 'RulesForYear',
      );
      expect(found).toHaveLength(1);
      const { time: _time, durationMs, traceId, ...rest } = found[0] ?? {};
      expect(typeof durationMs).toBe('number');
      expect(traceId).toMatch(/^[0-9a-f]{32}$/);
      return rest;
    };
    expect(gatewayLine(ids.places1)).toEqual({
      level: 'info',
      message: 'request',
      service: 'gateway',
      requestId: ids.places1,
      operationName: 'Places',
      role: 'PUBLIC',
      status: 200,
      outcome: 'ok',
      errorCodes: [],
    });
    expect(gatewayLine(ids.created)).toEqual({
      level: 'info',
      message: 'request',
      service: 'gateway',
      requestId: ids.created,
      operationName: 'Publish',
      role: 'DEPARTMENT_PUBLISHER',
      status: 200,
      outcome: 'ok',
      errorCodes: [],
    });
    expect(gatewayLine(ids.forbidden)).toEqual({
      level: 'info',
      message: 'request',
      service: 'gateway',
      requestId: ids.forbidden,
      operationName: 'Publish',
      role: 'DEPARTMENT_PUBLISHER',
      status: 200,
      outcome: 'error',
      errorCodes: ['FORBIDDEN'],
    });
    expect(gatewayLine(ids.badToken)).toEqual({
      level: 'info',
      message: 'request',
      service: 'gateway',
      requestId: ids.badToken,
      operationName: null,
      role: null,
      status: 401,
      outcome: 'error',
      errorCodes: ['UNAUTHENTICATED'],
    });
    // The subgraph logs the same request under the same request id and trace id.
    const yte = requestLines(ids.created, 'yte');
    expect(yte).toHaveLength(1);
    expect(yte[0]).toMatchObject({
      operationName: 'Publish__yte__0',
      role: 'DEPARTMENT_PUBLISHER',
      outcome: 'ok',
      traceId: requestLines(ids.created, 'gateway')[0]?.traceId,
    });
    // Never a credential: neither the token sent nor the forwarded identity appears in any line.
    const everything = JSON.stringify(lines);
    expect(everything).not.toContain(yteToken.authorization?.replace('Bearer ', '') ?? 'missing');
    expect(everything).not.toContain('not-a-token');
  });
});

/** Waits (bounded) until the exporter holds a span matching `predicate`; the last server span ends when the response is closed. */
async function spanWhere(predicate: (span: ReadableSpan) => boolean): Promise<ReadableSpan> {
  for (let i = 0; i < 500; i += 1) {
    const found = exporter.getFinishedSpans().find(predicate);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('span not exported within 5 s');
}

describe('one client request is one trace', () => {
  it('spans for the gateway, each subgraph fetch, each subgraph and its SQL, all under the client traceparent; every log line carries its ids', async () => {
    const client = clientTrace();
    const requestId = 'obs-traced-request';
    const response = await postGraphQL(
      hub.gatewayUrl,
      /* GraphQL */ `
        query Traced {
          commune(code: "22738") {
            name
            year(year: 2020) {
              yte { indicator numerator }
              gddt { indicator }
            }
          }
        }
      `,
      {},
      { traceparent: client.traceparent, 'x-request-id': requestId },
    );
    expect(response.body.errors).toBeUndefined();
    const root = await spanWhere(
      (s) =>
        s.spanContext().traceId === client.traceId &&
        s.attributes['hub.service'] === 'gateway' &&
        s.kind === SpanKind.SERVER,
    );
    const spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === client.traceId);
    // Nothing this request caused is in another trace.
    expect(
      exporter
        .getFinishedSpans()
        .filter((s) => s.attributes['hub.request_id'] === requestId && s.spanContext().traceId !== client.traceId),
    ).toEqual([]);
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const ancestors = (span: ReadableSpan): ReadableSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestors(parent)] : [];
    };
    expect({
      name: root.name,
      parent: root.parentSpanId,
      operation: root.attributes['graphql.operation.name'],
    }).toEqual({ name: 'POST /graphql', parent: client.spanId, operation: 'Traced' });
    const fetches = spans.filter((s) => s.name === 'gateway.fetch');
    expect(fetches.map((s) => s.attributes.service).sort()).toEqual(['gddt', 'ldtbxh', 'yte']);
    for (const fetchSpan of fetches) {
      expect(ancestors(fetchSpan)).toContain(root);
      const served = spans.filter(
        (s) => s.kind === SpanKind.SERVER && s.parentSpanId === fetchSpan.spanContext().spanId,
      );
      expect(served.map((s) => s.attributes['hub.service'])).toEqual([fetchSpan.attributes.service]);
      const sql = spans.filter((s) => s.name.startsWith('pg ') && ancestors(s)[0] && ancestors(s).includes(served[0]!));
      expect(sql.length).toBeGreaterThan(0);
      for (const statement of sql)
        expect({ system: statement.attributes['db.system'], kind: statement.kind }).toEqual({
          system: 'postgresql',
          kind: SpanKind.CLIENT,
        });
    }
    const yteSql = spans.filter(
      (s) => s.name.startsWith('pg ') && ancestors(s).some((a) => a.attributes['hub.service'] === 'yte'),
    );
    expect(
      yteSql.some(
        (s) =>
          String(s.attributes['db.statement']).includes('"yte"') ||
          String(s.attributes['db.statement']).includes('yte.'),
      ),
    ).toBe(true);
    // Every log line written while serving it, at every service (SQL debug lines included), names it.
    const during = lines.filter((l) => l.requestId === requestId);
    expect(
      during
        .filter((l) => l.message === 'request')
        .map((l) => l.service)
        .sort(),
    ).toEqual(['gateway', 'gddt', 'ldtbxh', 'yte']);
    expect(during.some((l) => l.message === 'sql')).toBe(true);
    expect(during.filter((l) => l.traceId !== client.traceId)).toEqual([]);
  });
});
