/**
 * Serves an ApolloServer over Node's own HTTP server: GraphQL at `/graphql`, readiness at
 * `/health`, a request id on every response, and a body-size limit enforced while reading.
 * Both the subgraphs and the gateway are served by this one function.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { ERROR_CODES_VI, vietnameseFor } from './errors';
import type { Logger } from './logger';
import { ServiceMetrics } from './observability/metrics';
import { observeRequests } from './observability/requests';

/** A running HTTP server. */
export interface RunningServer {
  /** Full URL of the GraphQL endpoint, ending in `/graphql`. */
  url: string;
  port: number;
  /** Stops accepting connections, lets requests in flight finish, then stops the ApolloServer. */
  stop(): Promise<void>;
}

export interface HttpServerOptions<TContext extends BaseContext> {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** Builds the per-request context; `requestId` is already decided. */
  context: (req: IncomingMessage, requestId: string) => Promise<TContext>;
  /** Throws when the service is not ready; `/health` then answers 503. */
  healthCheck?: () => Promise<Record<string, unknown> | void>;
  maxBodyBytes?: number;
  /**
   * The hub's own traffic (a subgraph fetch of the gateway) is not client traffic: a request for
   * which `trusted` resolves true — checked on its headers, before its body is read — may carry up
   * to `maxBytes`.
   */
  internal?: { maxBytes: number; trusted: (req: IncomingMessage) => Promise<boolean> };
  logger: Logger;
  /** The service name on its log lines, spans and metrics (`gateway`, `ldtbxh`, …). */
  service?: string;
  /** The service's metrics, served at `/metrics` (a registry of its own when omitted). */
  metrics?: ServiceMetrics;
  /**
   * Other routes (the gateway's dashboard and explorer), asked before `/graphql` is handled:
   * true when it answered the request, false to let the GraphQL endpoint (or the 404) answer.
   */
  routes?: (req: IncomingMessage, res: ServerResponse, url: URL, requestId: string) => Promise<boolean>;
  /** Awaited after everything is built and before listening (a standby process: until it is promoted). */
  beforeListen?: () => Promise<void>;
  /**
   * The bytes of an answer's text when the server holds them already encoded (the gateway's
   * remembered answers: gateway/replay.ts): written as they are, not encoded again.
   */
  encoded?: (text: string) => Uint8Array | undefined;
}

/**
 * What a health check throws when the service cannot serve: `down` names the dependencies that are
 * not there (`database`, a subgraph's name…), `details` what the healthy answer would also carry.
 */
export class HealthProblem extends Error {
  constructor(
    message: string,
    readonly down: string[],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HealthProblem';
  }
}

class BodyTooLarge extends Error {}
class BodyNotUtf8 extends Error {}

// Strict: a body with bytes that are not UTF-8 is refused, never read with U+FFFD in their place.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/** The request id a client or the gateway sent, if well-formed; otherwise a new one. */
export function requestIdOf(req: IncomingMessage): string {
  const sent = req.headers['x-request-id'];
  return typeof sent === 'string' && REQUEST_ID.test(sent) ? sent : randomUUID();
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new BodyTooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(UTF8.decode(Buffer.concat(chunks)));
      } catch {
        reject(new BodyNotUtf8());
      }
    });
    req.on('error', reject);
  });
}

/**
 * Apollo's own HTTP-level refusals (batching, CSRF, a body that is not an operation) carry no request
 * id: add it to each error, as every other error of the hub has it.
 */
function withRequestId(body: string, requestId: string): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    // Apollo's own refusals (a batch, a GET without a CSRF-preventing header) get their Vietnamese here.
    parsed.errors = parsed.errors.map((error) => ({
      ...error,
      extensions: {
        ...error.extensions,
        requestId: error.extensions?.requestId ?? requestId,
        messageVi: vietnameseFor(
          String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
          error.extensions?.messageVi,
          error.extensions?.field,
        ),
      },
    }));
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

/**
 * True when a JSON text holds U+0000 in a string or a key. JSON can carry it only escaped, as
 * `\u0000` after an odd run of backslashes (an even run is escaped backslashes and then the
 * letters), so one scan of the text decides — not a walk of every parsed value, which for a
 * country's board inputs (tens of megabytes) took a quarter of a second.
 */
export function jsonHasNul(text: string): boolean {
  return /(?<!\\)(?:\\\\)*\\u0000/.test(text);
}

/**
 * Validators of the gateway's fetches (see gateway/replay.ts). A fetch that asks (`x-hub-etag`, or
 * `If-None-Match`) gets its answer's `ETag`: the one the server set (LĐTBXH's board cache names a
 * kept answer), else a hash of the body. When `If-None-Match` names that validator the answer is
 * `304 Not Modified` without a body: the gateway already holds it. True when it answered.
 */
function answerConditionally(req: IncomingMessage, res: ServerResponse, body: string): boolean {
  if (res.statusCode === 304) {
    // A plugin found the answer the fetch already holds.
    res.end();
    return true;
  }
  const ifNoneMatch = req.headers['if-none-match'];
  if (res.statusCode !== 200 || (req.headers['x-hub-etag'] === undefined && ifNoneMatch === undefined)) return false;
  const set = res.getHeader('etag');
  const etag = typeof set === 'string' ? set : `"b:${createHash('sha256').update(body).digest('base64url')}"`;
  res.setHeader('etag', etag);
  if (ifNoneMatch !== etag) return false;
  res.statusCode = 304;
  res.end();
  return true;
}

function sendJson(res: ServerResponse, status: number, body: unknown, requestId: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-request-id': requestId });
  res.end(JSON.stringify(body));
}

/**
 * Starts `server` (if not yet started) and listens. Resolves once listening.
 * @throws when the port cannot be bound.
 */
export async function startHttpServer<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  options: HttpServerOptions<TContext>,
): Promise<RunningServer> {
  const service = options.service ?? 'service';
  const observe = observeRequests(server, {
    service,
    metrics: options.metrics ?? new ServiceMetrics(service),
    logger: options.logger.child({ service }),
  });
  await server.start();
  const limit = options.maxBodyBytes ?? 2 * 1024 * 1024;
  const logger = options.logger;

  const handle = async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/health') {
      try {
        const details = (await options.healthCheck?.()) ?? {};
        sendJson(res, 200, { status: 'ok', ...details }, requestId);
      } catch (error) {
        const problem = error instanceof HealthProblem ? error : null;
        sendJson(
          res,
          503,
          { status: 'unavailable', ...problem?.details, down: problem?.down ?? [], reason: (error as Error).message },
          requestId,
        );
      }
      return;
    }
    if (options.routes && (await options.routes(req, res, url, requestId))) return;
    if (url.pathname !== '/graphql') {
      sendJson(
        res,
        404,
        { errors: [{ message: 'not found: GraphQL is served at /graphql', extensions: { code: 'NOT_FOUND' } }] },
        requestId,
      );
      return;
    }
    let body: unknown = undefined;
    let nul = req.method !== 'POST' && url.search.includes('%00');
    // The gateway's own fetch (checked on its signed identity): no client limit, validators on request.
    const internal = req.method === 'POST' && !!options.internal && (await options.internal.trusted(req));
    if (req.method === 'POST') {
      let text: string;
      try {
        const allowed = internal && options.internal ? options.internal.maxBytes : limit;
        text = await readBody(req, allowed);
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          sendJson(
            res,
            413,
            {
              errors: [
                {
                  message: `request body larger than ${limit} bytes`,
                  extensions: {
                    code: 'PAYLOAD_TOO_LARGE',
                    requestId,
                    messageVi: `${ERROR_CODES_VI.PAYLOAD_TOO_LARGE} (${limit} byte)`,
                  },
                },
              ],
            },
            requestId,
          );
          return;
        }
        if (error instanceof BodyNotUtf8) {
          sendJson(
            res,
            400,
            {
              errors: [
                {
                  message: 'the request body is not valid UTF-8',
                  extensions: {
                    code: 'BAD_REQUEST',
                    requestId,
                    messageVi: 'Nội dung yêu cầu không phải là văn bản UTF-8 hợp lệ',
                  },
                },
              ],
            },
            requestId,
          );
          return;
        }
        throw error;
      }
      const type = req.headers['content-type'] ?? '';
      if (type.includes('application/json') || type.includes('application/graphql-response+json')) {
        try {
          body = text === '' ? undefined : (JSON.parse(text) as unknown);
          nul = jsonHasNul(text);
        } catch {
          sendJson(
            res,
            400,
            {
              errors: [
                {
                  message: 'the request body is not valid JSON',
                  extensions: {
                    code: 'BAD_REQUEST',
                    requestId,
                    messageVi: 'Nội dung yêu cầu không phải là JSON hợp lệ',
                  },
                },
              ],
            },
            requestId,
          );
          return;
        }
      } else {
        body = text;
        nul = text.includes('\u0000');
      }
    }
    if (nul) {
      sendJson(
        res,
        400,
        {
          errors: [
            {
              message: 'the request contains the NUL character (U+0000), which no text field accepts',
              extensions: {
                code: 'BAD_REQUEST',
                requestId,
                messageVi: 'Yêu cầu chứa ký tự NUL (U+0000), không trường văn bản nào chấp nhận',
              },
            },
          ],
        },
        requestId,
      );
      return;
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: () => options.context(req, requestId),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.setHeader('x-request-id', requestId);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (internal && answerConditionally(req, res, response.body.string)) return;
      const text = response.body.string;
      res.end(res.statusCode >= 400 ? withRequestId(text, requestId) : (options.encoded?.(text) ?? text));
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };

  const httpServer = http.createServer((req, res) => {
    const requestId = requestIdOf(req);
    observe(req, res, requestId, () => handle(req, res, requestId)).catch((error: unknown) => {
      logger.error('request failed', { requestId, error });
      if (!res.headersSent) {
        sendJson(
          res,
          500,
          {
            errors: [
              {
                message: 'internal server error',
                extensions: {
                  code: 'INTERNAL_SERVER_ERROR',
                  requestId,
                  messageVi: ERROR_CODES_VI.INTERNAL_SERVER_ERROR,
                },
              },
            ],
          },
          requestId,
        );
      } else {
        res.destroy();
      }
    });
  });
  // Longer than the idle time of the clients that reuse sockets (undici, proxies), so that a server never
  // closes a kept-alive socket just as a client sends on it (an ECONNRESET for the client).
  httpServer.keepAliveTimeout = 65_000;

  try {
    // A standby process waits here, fully built, until it is told to take over the port.
    await options.beforeListen?.();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port, options.host ?? '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  const address = httpServer.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}/graphql`,
    port: address.port,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeIdleConnections();
        });
        await server.stop();
      })()),
  };
}
