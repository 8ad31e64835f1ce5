/**
 * The one way a subgraph of the hub is built: `buildSubgraphSchema` from schema-first SDL and
 * resolvers, with the shared error handling. Used by the six departments and by the federation
 * compatibility suite's "products" subgraph alike.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import { errorLoggingPlugin, formatError, type RequestScope } from './apollo';
import type { Logger } from './logger';
import { createLogger } from './logger';

export { startHttpServer, type RunningServer } from './http';

/** Everything a subgraph is made of. */
export interface SubgraphOptions<TContext extends RequestScope> {
  name: string;
  /** One or more SDL modules (e.g. a shared module and the subgraph's own `schema.graphql`). */
  typeDefs: DocumentNode | DocumentNode[];
  resolvers: GraphQLResolverMap<TContext> | GraphQLResolverMap<TContext>[];
  logger?: Logger;
  introspection?: boolean;
}

/** Builds (does not start or listen) the ApolloServer of one subgraph. */
export function createSubgraphServer<TContext extends RequestScope>(options: SubgraphOptions<TContext>): ApolloServer<TContext> {
  const typeDefs = Array.isArray(options.typeDefs) ? options.typeDefs : [options.typeDefs];
  const resolvers = Array.isArray(options.resolvers) ? options.resolvers : [options.resolvers];
  const modules = typeDefs.map((doc, index) => ({ typeDefs: doc, resolvers: resolvers[index] ?? {} }));
  if (resolvers.length > typeDefs.length) {
    throw new Error(`subgraph ${options.name}: ${resolvers.length} resolver maps for ${typeDefs.length} SDL modules`);
  }
  const logger = (options.logger ?? createLogger('info')).child({ service: options.name });
  return new ApolloServer<TContext>({
    // The generic resolver map type of @apollo/subgraph is `any`-based; the cast keeps ours typed.
    schema: buildSubgraphSchema(modules as Parameters<typeof buildSubgraphSchema>[0]),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    // No cache hints are used: the cache-control plugin would only wrap every field's resolution.
    plugins: [errorLoggingPlugin<TContext>(logger), ApolloServerPluginInlineTrace({ includeErrors: { unmodified: true } }), ApolloServerPluginCacheControlDisabled()],
  });
}
