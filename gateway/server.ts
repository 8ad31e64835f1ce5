/**
 * createGatewayServer(options) -> ApolloServer. Never listens (index.ts does). The gateway serves
 * a supergraph composed ahead of time, reaches each subgraph at its configured URL, and forwards
 * the request id and the acting identity to the subgraphs.
 */
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode } from 'graphql';
import type { IncomingMessage } from 'node:http';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { hubError } from '../shared/errors';
import { errorLoggingPlugin, formatError, type RequestScope } from '../shared/apollo';
import { createLogger, type Logger } from '../shared/logger';

/** The gateway's per-request context. */
export interface GatewayContext extends RequestScope {
  /** The `x-hub-actor` header as the client sent it, forwarded to the subgraphs. */
  actor: string | null;
}

export interface GatewayOptions {
  supergraphSdl: string;
  /** URL of each subgraph by its name in the supergraph; overrides the URLs inside the SDL. */
  subgraphUrls: Record<string, string>;
  logger?: Logger;
  introspection?: boolean;
  /** Milliseconds one subgraph fetch may take before it fails. */
  subgraphTimeoutMs?: number;
}

type GatewayGraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly serviceName: string,
    options: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
  ) {
    super(options);
  }

  /**
   * A subgraph that cannot be reached, times out or answers with an HTTP error becomes one coded
   * error naming it, so the client knows which department's data is missing (the rest of the
   * response still arrives). The low-level cause is not passed on.
   */
  override didEncounterError(error: Error, _request: unknown, response?: FetcherResponse): void {
    const reason = error.name === 'TimeoutError' || error.name === 'AbortError' ? 'timed out' : response ? `answered HTTP ${response.status}` : 'unreachable';
    throw hubError('SUBGRAPH_UNAVAILABLE', `the ${this.serviceName} service ${reason}; its part of the answer is missing`, {
      serviceName: this.serviceName,
      reason,
    });
  }

  /**
   * When a department cannot answer an entity fetch, the gateway would drop every field that
   * depends on it (an assessment needs all six departments' values). Instead the fetch answers
   * each requested field as null, with the coded error: dependent fields still resolve and show
   * that department as unavailable. Root fetches fail as usual.
   */
  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    try {
      return await super.process(options);
    } catch (error) {
      const representations = options.request.variables?.representations;
      if (!(error instanceof GraphQLError) || !Array.isArray(representations) || !options.request.query) throw error;
      const fields = entityFieldsByType(parse(options.request.query));
      const entities = representations.map((representation: { __typename?: string }) => {
        const typename = representation.__typename ?? '';
        return Object.fromEntries([['__typename', typename], ...(fields.get(typename) ?? []).map((field) => [field, null])]);
      });
      return { data: { _entities: entities }, errors: [{ message: error.message, extensions: error.extensions }] };
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    if (context.requestId) request.http.headers.set('x-request-id', context.requestId);
    if (context.actor) request.http.headers.set('x-hub-actor', context.actor);
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
          selection.kind === Kind.FIELD && selection.name.value !== '__typename' ? [selection.alias?.value ?? selection.name.value] : [],
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

/**
 * Builds the gateway's ApolloServer.
 * @throws Error when a subgraph of the supergraph has no configured URL.
 */
export function createGatewayServer(options: GatewayOptions): ApolloServer<GatewayContext> {
  const logger = (options.logger ?? createLogger('info')).child({ service: 'gateway' });
  const missing = subgraphNames(options.supergraphSdl).filter((name) => !options.subgraphUrls[name]);
  if (missing.length > 0) throw new Error(`no URL configured for subgraph(s) ${missing.join(', ')}`);
  const timeoutMs = options.subgraphTimeoutMs ?? 10000;
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name }) =>
      new HubDataSource(name, {
        url: options.subgraphUrls[name],
        fetcher: (url, init) => fetch(url, { ...(init as RequestInit), signal: AbortSignal.timeout(timeoutMs) }) as never,
      }),
    logger: {
      debug: (m) => logger.debug(String(m)),
      info: (m) => logger.info(String(m)),
      warn: (m) => logger.warn(String(m)),
      error: (m) => logger.error(String(m)),
    },
  });
  return new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    plugins: [errorLoggingPlugin<GatewayContext>(logger)],
  });
}

/** Builds a gateway request context from the incoming request. */
export async function gatewayContext(req: IncomingMessage, requestId: string): Promise<GatewayContext & BaseContext> {
  const actor = req.headers['x-hub-actor'];
  return { requestId, actor: typeof actor === 'string' ? actor : null };
}

/** Asks each subgraph's /health; resolves with their states, throws when any is not ready. */
export async function checkSubgraphs(subgraphUrls: Record<string, string>, timeoutMs = 2000): Promise<Record<string, string>> {
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
  if (bad.length > 0) throw new Error(bad.map(([name, state]) => `${name}: ${state}`).join('; '));
  return states;
}
