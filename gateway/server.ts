/**
 * createGatewayServer(options) -> { apollo, encoded }. Never listens (index.ts does). The gateway serves
 * a supergraph composed ahead of time, reaches each subgraph at its configured URL, and forwards
 * the request id and the acting identity to the subgraphs.
 */
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import type { Database } from '../shared/database';
import { hubError } from '../shared/errors';
import { HealthProblem } from '../shared/http';
import { ANONYMOUS, signForwardedIdentity, type Identity } from '../shared/identity';
import { authenticate, type AuthSettings } from './auth';
import { DEADLINE_HEADER, DEFAULT_LIMITS, deadlineFetch, queryLimitsPlugin, type QueryLimits } from './limits';
import { errorLoggingPlugin, formatError, type RequestScope } from '../shared/apollo';
import { createLogger, type Logger } from '../shared/logger';
import { observedFetch } from './fetch';
import { subgraphHttpFetch } from './http-client';
import { timeInputPlugin } from '../shared/scalar-input';
import type { ServiceMetrics } from '../shared/observability/metrics';
import {
  ETAG_REQUEST_HEADER,
  ExecutionReplay,
  KEPT_ANSWER_BYTES,
  prefetchKey,
  ReplayingGateway,
  type ReplayContext,
  type ReplayFetch,
} from './replay';

/** The gateway's per-request context. */
export interface GatewayContext extends RequestScope, ReplayContext {
  /** The authenticated caller (or the public). */
  identity: Identity;
  /** When the operation must be finished (epoch ms); no subgraph fetch runs past it. */
  deadline?: number;
}

export interface GatewayOptions {
  supergraphSdl: string;
  /** URL of each subgraph by its name in the supergraph; overrides the URLs inside the SDL. */
  subgraphUrls: Record<string, string>;
  logger?: Logger;
  introspection?: boolean;
  /** Milliseconds one subgraph fetch may take before it fails. */
  subgraphTimeoutMs?: number;
  /** Signs the identity forwarded to the subgraphs. */
  internalSecret: string;
  /** Depth, alias, cost, root-field and token limits (defaults: DEFAULT_LIMITS). */
  limits?: QueryLimits;
  /** Milliseconds a whole operation may take across all its subgraph fetches. */
  operationTimeoutMs?: number;
  /** Where subgraph fetch latency is counted (the gateway's /metrics). */
  metrics?: ServiceMetrics;
  /** Largest total of the subgraph answers remembered for replays (gateway/replay.ts); 0: none. */
  replayMaxBytes?: number;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;
type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * The headers every fetch of `context`'s request carries to `serviceName`: the request id, the
 * deadline and the caller, signed so the subgraph can verify it came from here — one statement per
 * fetch, bound to this subgraph and this request, made just before it is sent.
 */
async function forwardedHeaders(
  context: GatewayContext,
  serviceName: string,
  internalSecret: string,
): Promise<[string, string][]> {
  const headers: [string, string][] = [['x-request-id', context.requestId]];
  if (context.deadline) headers.push([DEADLINE_HEADER, String(context.deadline)]);
  headers.push([
    'x-hub-identity',
    await signForwardedIdentity(context.identity ?? ANONYMOUS, internalSecret, {
      audience: serviceName,
      requestId: context.requestId,
    }),
  ]);
  // A query being recorded for replays asks for its answers' validators (gateway/replay.ts).
  if (context.replay) headers.push([ETAG_REQUEST_HEADER, '1']);
  return headers;
}

/** A subgraph's JSON answer as the data source returns it; null when it is not a JSON object. */
function parseAnswer(text: string): GatewayGraphQLResponse | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as GatewayGraphQLResponse)
      : null;
  } catch {
    return null;
  }
}

/** The JSON body a replay sends again for `request`: what the subgraph reads of it. */
function replayBody(request: GraphQLDataSourceProcessOptions<GatewayContext>['request']): string {
  return JSON.stringify({
    query: request.query,
    operationName: request.operationName,
    variables: request.variables,
    extensions: request.extensions,
  });
}

/** What the gateway passes on of a subgraph's refusal of the caller's input: the subgraph's own words. */
const PASSED_ON = ['field', 'argument', 'scalar', 'messageVi'] as const;

/**
 * A subgraph's HTTP 400 answer that refuses the caller's input — a GraphQL error coded
 * BAD_USER_INPUT, or one a `Date`/`DateTime` scalar raised while the subgraph validated a literal
 * (Apollo recodes those GRAPHQL_VALIDATION_FAILED) — as the BAD_USER_INPUT error the client gets,
 * naming the subgraph; null for any other failure (then the department is unavailable, as before).
 * The gateway refuses bad days and moments itself before any fetch (shared/scalar-input.ts); this
 * is for a value only the subgraph's schema can judge.
 */
export function refusedBySubgraph(
  serviceName: string,
  error: Error,
  response: FetcherResponse | undefined,
): GraphQLError | null {
  if (response?.status !== 400 || !(error instanceof GraphQLError)) return null;
  const body = (error.extensions.response as { body?: unknown } | undefined)?.body;
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return null;
  const refusal = errors.find((e: { extensions?: Record<string, unknown> } | null): boolean => {
    const extensions = e?.extensions ?? {};
    return (
      extensions.code === 'BAD_USER_INPUT' ||
      (extensions.code === 'GRAPHQL_VALIDATION_FAILED' &&
        (extensions.scalar === 'Date' || extensions.scalar === 'DateTime'))
    );
  }) as { message?: unknown; extensions?: Record<string, unknown> } | undefined;
  if (!refusal) return null;
  const extensions = refusal.extensions ?? {};
  const details = Object.fromEntries(
    PASSED_ON.filter((key) => typeof extensions[key] === 'string').map((key) => [key, extensions[key]]),
  );
  return hubError(
    'BAD_USER_INPUT',
    typeof refusal.message === 'string' ? refusal.message : 'an argument is not acceptable',
    {
      ...details,
      serviceName,
    },
  );
}

class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    private readonly internalSecret: string,
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(options);
  }

  /**
   * A subgraph that cannot be reached, times out or answers with an HTTP error becomes one coded
   * error naming it, so the client knows which department's data is missing (the rest of the
   * response still arrives). The low-level cause is not passed on. A 400 that refuses the caller's
   * input is the caller's mistake, not a department's absence: it is passed on as BAD_USER_INPUT
   * ({@link refusedBySubgraph}).
   */
  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    const refused = refusedBySubgraph(this.serviceName, error, response);
    if (refused) throw refused;
    const reason =
      error.name === 'TimeoutError' || error.name === 'AbortError'
        ? 'timed out'
        : response
          ? `answered HTTP ${response.status}`
          : 'unreachable';
    throw hubError(
      'SUBGRAPH_UNAVAILABLE',
      `the ${this.serviceName} service ${reason}; its part of the answer is missing`,
      {
        serviceName: this.serviceName,
        reason,
      },
    );
  }

  /**
   * When a department cannot answer an entity fetch, the gateway would drop every field that
   * depends on it (an assessment needs all six departments' values). Instead the fetch answers
   * each requested field as null, with the coded error: dependent fields still resolve and show
   * that department as unavailable. Root fetches fail as usual.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      const scope = 'incomingRequestContext' in options ? options.context.replay : undefined;
      if (!scope) return await super.process(options);
      // A query being recorded for replays: what was sent, the answer's validator, in which order.
      const body = replayBody(options.request);
      const key = prefetchKey(this.serviceName, body);
      const prefetched = scope.prefetched.get(key);
      const started = (scope.clock += 1);
      let response: GatewayGraphQLResponse;
      let text: string | null;
      const parsed = prefetched ? parseAnswer(prefetched.text) : null;
      if (prefetched && parsed) {
        // A replay just asked exactly this, for this request: its answer is the answer.
        scope.prefetched.delete(key);
        response = { ...parsed, http: prefetched.response };
        text = prefetched.text;
      } else {
        response = await super.process(options);
        text = response.http ? (this.answerTexts.get(response.http) ?? null) : null;
      }
      scope.recording.push({
        service: this.serviceName,
        body,
        etag: response.http?.headers.get('etag') ?? null,
        bytes: Math.max(Number(response.http?.headers.get('content-length') ?? 0), text?.length ?? 0),
        text: text !== null && text.length <= KEPT_ANSWER_BYTES ? text : null,
        started,
        finished: (scope.clock += 1),
      });
      return response;
    } catch (error) {
      const representations = options.request.variables?.representations;
      if (!(error instanceof GraphQLError) || !Array.isArray(representations) || !options.request.query) throw error;
      const fields = entityFieldsByType(parse(options.request.query));
      const entities = representations.map((representation: { __typename?: string }) => {
        const typename = representation.__typename ?? '';
        return Object.fromEntries([
          ['__typename', typename],
          ...(fields.get(typename) ?? []).map((field) => [field, null]),
        ]);
      });
      return { data: { _entities: entities }, errors: [{ message: error.message, extensions: error.extensions }] };
    }
  }

  /** The JSON text of answers read for a query being recorded, by their HTTP answer. */
  private readonly answerTexts = new WeakMap<object, string>();

  /** Reads the answer as the data source does, keeping its text for a recording (gateway/replay.ts). */
  override async parseBody(
    fetchResponse: FetcherResponse,
    fetchRequest?: Parameters<RemoteGraphQLDataSource['parseBody']>[1],
    context?: GatewayContext,
  ): Promise<object | string> {
    const type = fetchResponse.headers.get('content-type') ?? '';
    if (!context?.replay || !type.startsWith('application/json'))
      return super.parseBody(fetchResponse, fetchRequest, context);
    const text = await fetchResponse.text();
    this.answerTexts.set(fetchResponse, text);
    return JSON.parse(text) as object;
  }

  /** Passes on the request id and the caller, signed so the subgraph can verify it came from here. */
  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const { request } = options;
    // Only a client's operation has a caller (the gateway runs no health checks or schema loads).
    if (!request.http || !('incomingRequestContext' in options)) return;
    for (const [name, value] of await forwardedHeaders(options.context, this.serviceName, this.internalSecret))
      request.http.headers.set(name, value);
  }
}

/** The response keys an `_entities` fetch asks for, by entity type. */
export function entityFieldsByType(document: DocumentNode): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const root of definition.selectionSet.selections) {
      if (root.kind !== Kind.FIELD || root.name.value !== '_entities' || !root.selectionSet) continue;
      for (const fragment of root.selectionSet.selections) {
        if (fragment.kind !== Kind.INLINE_FRAGMENT || !fragment.typeCondition) continue;
        const typename = fragment.typeCondition.name.value;
        const keys = fragment.selectionSet.selections.flatMap((selection) =>
          selection.kind === Kind.FIELD && selection.name.value !== '__typename'
            ? [selection.alias?.value ?? selection.name.value]
            : [],
        );
        fields.set(typename, [...(fields.get(typename) ?? []), ...keys]);
      }
    }
  }
  return fields;
}

/** The subgraph names of a supergraph (its join__Graph values). */
export function subgraphNames(supergraphSdl: string): string[] {
  return [...supergraphSdl.matchAll(/@join__graph\(name: "([^"]+)"/g)].map((m) => m[1] ?? '');
}

/** The gateway's ApolloServer, and what its HTTP server writes for a remembered answer. */
export interface GatewayServer {
  apollo: ApolloServer<GatewayContext>;
  /** The bytes of an answer's text when the gateway holds them encoded (gateway/replay.ts). */
  encoded: (text: string) => Buffer | undefined;
}

/**
 * Builds the gateway's ApolloServer.
 * @throws Error when a subgraph of the supergraph has no configured URL.
 */
export function createGatewayServer(options: GatewayOptions): GatewayServer {
  const logger = (options.logger ?? createLogger('info')).child({ service: 'gateway' });
  const missing = subgraphNames(options.supergraphSdl).filter((name) => !options.subgraphUrls[name]);
  if (missing.length > 0) throw new Error(`no URL configured for subgraph(s) ${missing.join(', ')}`);
  const timeoutMs = options.subgraphTimeoutMs ?? 10000;
  const fetchers = new Map<string, Fetch>(
    Object.keys(options.subgraphUrls).map((name) => [
      name,
      observedFetch(name, options.metrics, deadlineFetch(timeoutMs, subgraphHttpFetch)),
    ]),
  );
  const fetcherOf = (name: string): Fetch => {
    const fetcher = fetchers.get(name);
    if (!fetcher) throw new Error(`no URL configured for subgraph ${name}`);
    return fetcher;
  };
  // A replayed fetch goes out as the data source would send it, with the answer's validator.
  const sendReplay: ReplayFetch = async (service, body, etag, context) => {
    const headers = new Headers(await forwardedHeaders(context as GatewayContext, service, options.internalSecret));
    headers.set('content-type', 'application/json');
    headers.set('if-none-match', etag);
    return fetcherOf(service)(options.subgraphUrls[service] ?? '', { method: 'POST', headers, body });
  };
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) =>
      new HubDataSource(name, options.internalSecret, {
        url: options.subgraphUrls[name],
        fetcher: fetcherOf(name) as never,
      }),
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  const limits = options.limits ?? DEFAULT_LIMITS;
  const operationTimeoutMs = options.operationTimeoutMs ?? 30000;
  const replay = new ExecutionReplay({
    maxBytes: options.replayMaxBytes ?? 64 * 1024 * 1024,
    send: sendReplay,
    metrics: options.metrics,
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway: new ReplayingGateway(gateway, replay),
    // A replayed answer is sent as the bytes it was sent as before (gateway/replay.ts).
    stringifyResult: (value) => replay.serialised(value),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    // Batches are refused (the default, stated so nobody enables them without a cap on their size).
    allowBatchedHttpRequests: false,
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    plugins: [
      // No cache hints are used: the cache-control plugin would only wrap every field's resolution.
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin<GatewayContext>(logger),
      queryLimitsPlugin<GatewayContext>(limits),
      // The supergraph's Date and DateTime pass any value: refused here, by name, before any fetch.
      timeInputPlugin<GatewayContext>(),
      {
        async requestDidStart({ contextValue }) {
          contextValue.deadline ??= Date.now() + operationTimeoutMs;
        },
      },
    ],
  });
  return { apollo, encoded: (text) => replay.encoded(text) };
}

/** The request-context factory of the gateway: authenticates every request. @throws UNAUTHENTICATED */
export function gatewayContext(
  auth: AuthSettings,
): (req: IncomingMessage, requestId: string) => Promise<GatewayContext & BaseContext> {
  return async (req, requestId) => ({ requestId, identity: await authenticate(req, auth, requestId) });
}

/**
 * Asks each subgraph's /health; resolves with their states.
 * @throws HealthProblem naming the subgraphs that are not ready (`down`), with every state.
 */
export async function checkSubgraphs(
  subgraphUrls: Record<string, string>,
  timeoutMs = 2000,
): Promise<Record<string, string>> {
  const entries = await Promise.all(
    Object.entries(subgraphUrls).map(async ([name, url]) => {
      try {
        const response = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(timeoutMs) });
        return [name, response.ok ? 'ok' : `unavailable (${response.status})`] as const;
      } catch (error) {
        return [name, `unreachable (${(error as Error).message})`] as const;
      }
    }),
  );
  const states = Object.fromEntries(entries);
  const bad = entries.filter(([, state]) => state !== 'ok');
  if (bad.length > 0) {
    throw new HealthProblem(
      bad.map(([name, state]) => `${name}: ${state}`).join('; '),
      bad.map(([name]) => name),
      { subgraphs: states },
    );
  }
  return states;
}

/**
 * The gateway's /health: its own database (API keys) and every subgraph; `down` names each one that
 * is not there (`database`, a subgraph's name), `restarts` how often the launcher restarted it.
 * @throws HealthProblem
 */
export async function gatewayHealth(
  db: Database,
  subgraphUrls: Record<string, string>,
  restarts: number,
): Promise<Record<string, unknown>> {
  const own = { restarts, pid: process.pid };
  const database = await db.dataSource.query('SELECT 1').then(
    () => null,
    (error: Error) => `the database does not answer: ${error.message}`,
  );
  let subgraphs: Record<string, string>;
  try {
    subgraphs = await checkSubgraphs(subgraphUrls);
  } catch (error) {
    if (!(error instanceof HealthProblem)) throw error;
    throw new HealthProblem(
      [database, error.message].filter(Boolean).join('; '),
      [...(database ? ['database'] : []), ...error.down],
      { ...own, ...error.details },
    );
  }
  if (database) throw new HealthProblem(database, ['database'], { ...own, subgraphs });
  return { ...own, subgraphs };
}
