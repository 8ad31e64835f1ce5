/**
 * Observing every request a service serves: a server span continuing the caller's `traceparent`,
 * the request record the logger and resolvers see, one log line when the response is finished
 * (request id, trace id, operation name, caller role, duration, outcome, error codes; never a
 * credential), the request metrics, and `/metrics` itself. Readiness probes (`/health`) pass
 * through unobserved. The HTTP layer calls
 * {@link observeRequests} once per server and runs each request through what it returns.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { SpanKind, SpanStatusCode, context, propagation, trace } from '@opentelemetry/api';
import type { ApolloServer, ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from '../logger';
import type { RequestOutcome, ServiceMetrics } from './metrics';
import { currentRequest, withRequestRecord, type RequestRecord } from './request-context';
import { hubTracer } from './trace-context';

/** Readiness probes: polled every few seconds, so they make no span, no log line and no count. */
const PROBE_PATHS = new Set(['/health']);

function roleOf(contextValue: unknown): string | null {
  const role = (contextValue as { identity?: { role?: unknown } } | undefined)?.identity?.role;
  return typeof role === 'string' ? role : null;
}

function codesOf(errors: readonly { extensions?: Record<string, unknown> }[] | undefined): string[] {
  return (errors ?? []).map((error) =>
    typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR',
  );
}

/** Fills the current request's record from the GraphQL layer: operation, caller role, errors. */
export function requestRecordPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ contextValue, request }) {
      const record = currentRequest();
      if (record) {
        record.role = roleOf(contextValue);
        record.operationName = request.operationName ?? null;
      }
      return {
        async didResolveOperation({ operationName }) {
          if (record) record.operationName = operationName ?? record.operationName;
        },
        async willSendResponse({ response }) {
          if (!record || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          record.hadData = result.data !== undefined && result.data !== null;
          record.errorCodes = codesOf(result.errors as { extensions?: Record<string, unknown> }[] | undefined);
        },
      };
    },
  };
}

/** Records, for the current request, the rows one publishing call wrote or refused, by outcome. */
export function recordPublishedRows(department: string, counts: Record<string, number>): void {
  const record = currentRequest();
  if (!record) return;
  for (const [outcome, rows] of Object.entries(counts))
    if (rows > 0) record.published.push({ department, outcome, rows });
}

/** How a finished request turned out. */
function outcomeOf(status: number, record: RequestRecord): RequestOutcome {
  if (status >= 400) return 'error';
  if (record.errorCodes.length === 0) return 'ok';
  return record.hadData ? 'partial' : 'error';
}

/**
 * Error codes of a refusal the HTTP layer or Apollo sent before any operation ran (401, 413, a
 * malformed body): read from the JSON body once, as the GraphQL plugin never saw them.
 */
function watchRefusal(res: ServerResponse, record: RequestRecord): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  (res as { end: (...args: unknown[]) => ServerResponse }).end = (...args: unknown[]) => {
    const chunk = args[0];
    if (
      res.statusCode >= 400 &&
      record.errorCodes.length === 0 &&
      (typeof chunk === 'string' || Buffer.isBuffer(chunk))
    ) {
      try {
        record.errorCodes = codesOf(
          (JSON.parse(chunk.toString()) as { errors?: { extensions?: Record<string, unknown> }[] }).errors,
        );
      } catch {
        record.errorCodes = [`HTTP_${res.statusCode}`];
      }
    }
    return end(...args);
  };
}

/** What serves one request within the observation (the rest of the HTTP layer). */
export type RequestHandler = () => Promise<void>;

/** Options of {@link observeRequests}. */
export interface ObserveOptions {
  service: string;
  metrics: ServiceMetrics;
  logger: Logger;
}

/**
 * Adds the record plugin to `server` (call before it starts) and returns the per-request wrapper:
 * `/metrics` is answered here; anything else runs `handle` inside a server span (child of the
 * request's `traceparent`, if any) and the request record, and is logged and counted when its
 * response is finished.
 */
export function observeRequests<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: ObserveOptions,
): (req: IncomingMessage, res: ServerResponse, requestId: string, handle: RequestHandler) => Promise<void> {
  server.addPlugin(requestRecordPlugin<TContext>());
  const { metrics, logger } = options;
  return async (req, res, requestId, handle) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics' && (req.method === 'GET' || req.method === 'HEAD')) {
      const { contentType, body } = await metrics.exposition();
      res.writeHead(200, { 'content-type': contentType, 'x-request-id': requestId });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (PROBE_PATHS.has(path)) return handle();
    const started = performance.now();
    const parent = propagation.extract(context.active(), req.headers);
    const span = hubTracer().startSpan(
      `${req.method ?? 'GET'} ${path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'hub.service': options.service,
          'hub.request_id': requestId,
          'http.request.method': req.method ?? 'GET',
          'url.path': path,
        },
      },
      parent,
    );
    const spanContext = span.spanContext();
    const record: RequestRecord = {
      requestId,
      traceId: trace.isSpanContextValid(spanContext) ? spanContext.traceId : '',
      operationName: null,
      role: null,
      errorCodes: [],
      hadData: false,
      published: [],
    };
    watchRefusal(res, record);
    res.once('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.statusCode;
      const outcome = outcomeOf(status, record);
      span.setAttributes({
        'http.response.status_code': status,
        'graphql.operation.name': record.operationName ?? '',
        'hub.outcome': outcome,
      });
      if (outcome === 'error')
        span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorCodes.join(',') || `HTTP ${status}` });
      span.end();
      const line = {
        requestId,
        traceId: record.traceId || null,
        operationName: record.operationName,
        role: record.role,
        status,
        durationMs: Math.round(seconds * 10000) / 10,
        outcome,
        errorCodes: record.errorCodes,
      };
      logger.info('request', line);
      // Pages and files served beside the graph (the dashboard) are logged, not counted as operations.
      if (path === '/graphql') metrics.observeRequest(record.operationName, outcome, seconds, record.errorCodes);
      for (const { department, outcome: rowOutcome, rows } of record.published)
        metrics.observePublished(department, rowOutcome, rows);
    });
    await context.with(trace.setSpan(parent, span), () => withRequestRecord(record, handle));
  };
}
