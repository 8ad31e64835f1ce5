/**
 * The gateway's HTTP client towards the subgraphs: `fetch`'s contract (the data sources and the
 * replay call it as they would call `fetch`) on `node:http`'s kept-alive sockets.
 *
 * Why not the global `fetch`: under the light query at 50 connections, a CPU profile of the gateway
 * had undici's frames (WHATWG streams, request and response objects, transferable signals) in 41 %
 * of its busy samples, more than the query planning and execution. A subgraph answer is one JSON
 * document read whole; what the gateway needs of the answer is its status, a few headers and its
 * text, which this client gives without a stream in between.
 *
 * What it keeps of `fetch`: an aborted `signal` rejects with its reason (the deadline's
 * `TimeoutError`, gateway/limits.ts); a socket that cannot connect or breaks rejects with the
 * socket's error; an answer's `headers.get` reads a header by any case; `text()` and `json()`
 * read the body once it is whole. Only what the gateway sends is supported: a method, headers and
 * a string body.
 */
import http from 'node:http';
import https from 'node:https';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Sockets are kept alive between fetches. An idle one is closed after 30 s, before the subgraphs'
 * servers close theirs (65 s, shared/http.ts), so that the gateway never sends on a socket the
 * server is closing.
 */
const AGENT_OPTIONS = { keepAlive: true, timeout: 30_000, maxFreeSockets: 256 } as const;
const TRANSPORTS = new Map([
  ['http:', { request: http.request, agent: new http.Agent(AGENT_OPTIONS) }],
  ['https:', { request: https.request, agent: new https.Agent(AGENT_OPTIONS) }],
]);

/** The headers of an answer, read as `Headers.get` reads them. */
class AnswerHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

/** A subgraph's answer, its body read whole. */
class Answer {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  readonly headers: AnswerHeaders;
  private text_: string | null = null;

  constructor(
    readonly url: string,
    message: http.IncomingMessage,
    private readonly body: Buffer,
  ) {
    this.status = message.statusCode ?? 0;
    this.statusText = message.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new AnswerHeaders(message.headers);
  }

  async text(): Promise<string> {
    this.text_ ??= this.body.toString('utf8');
    return this.text_;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
}

/** The request headers as one object of lower-case names, whatever form `fetch` was given them in. */
function headersOf(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  if (init instanceof Headers) {
    init.forEach((value, name) => (out[name] = value));
  } else if (Array.isArray(init)) {
    for (const [name, value] of init) if (name !== undefined && value !== undefined) out[name.toLowerCase()] = value;
  } else {
    for (const [name, value] of Object.entries(init))
      out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/** `fetch` for the gateway's subgraph requests (see the module comment). */
export const subgraphHttpFetch: Fetch = (url, init = {}) =>
  new Promise<Response>((resolve, reject) => {
    const target = new URL(url);
    const transport = TRANSPORTS.get(target.protocol);
    if (!transport) {
      reject(new TypeError(`a subgraph URL must be http: or https:, not ${target.protocol}`));
      return;
    }
    const signal = init.signal ?? undefined;
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const body = typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : null;
    if (init.body !== undefined && init.body !== null && body === null) {
      reject(new TypeError('the gateway sends subgraphs string bodies only'));
      return;
    }
    const headers = headersOf(init.headers);
    if (body) headers['content-length'] = String(body.length);
    const request = transport.request(target, { method: init.method ?? 'GET', headers, agent: transport.agent });
    const onAbort = () => request.destroy(signal?.reason as Error);
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    request.once('error', (error) => {
      settle();
      reject(signal?.aborted ? signal.reason : error);
    });
    request.once('response', (message) => {
      const chunks: Buffer[] = [];
      message.on('data', (chunk: Buffer) => chunks.push(chunk));
      message.once('error', (error) => {
        settle();
        reject(signal?.aborted ? signal.reason : error);
      });
      message.once('end', () => {
        settle();
        resolve(new Answer(url, message, Buffer.concat(chunks)) as unknown as Response);
      });
      // Cut off before the end (the socket broke, or the signal aborted the request).
      message.once('close', () => {
        if (message.complete) return;
        settle();
        reject(signal?.aborted ? signal.reason : new Error(`the answer of ${url} was cut off`));
      });
    });
    request.end(body ?? undefined);
  });
