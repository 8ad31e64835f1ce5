/**
 * The one way a subgraph of the hub is built: `buildSubgraphSchema` from schema-first SDL and
 * resolvers, with the shared error handling. Used by the six departments and by the federation
 * compatibility suite's "products" subgraph alike.
 */
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTrace } from '@apollo/server/plugin/inlineTrace';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DocumentNode } from 'graphql';
import { errorLoggingPlugin, formatError, type RequestScope } from './apollo';
import type { Logger } from './logger';
import { createLogger } from './logger';
import { timeInputPlugin } from './scalar-input';
import { mergeResolvers } from './resolvers';

export { startHttpServer, type RunningServer } from './http';

/**
 * One slice of a subgraph's schema: an SDL module and the resolvers of the fields it declares
 * (a type's fields may be spread over several slices with `extend type`).
 */
export interface SchemaSlice<TContext> {
  /** Where the slice comes from, for error messages (e.g. `ldtbxh/places`). */
  name: string;
  /**
   * The project-relative SDL file `typeDefs` was parsed from, when there is one: composition
   * re-reads it with the regions generated from the departments table (scripts/lib/department-sdl.ts).
   */
  source?: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<TContext>;
}

/** Everything a subgraph is made of. */
export interface SubgraphOptions<TContext extends RequestScope> {
  name: string;
  /** The schema's slices, each SDL with its own resolvers. */
  slices: SchemaSlice<TContext>[];
  logger?: Logger;
  introspection?: boolean;
  /** Plugins of this subgraph besides the shared ones, run after them. */
  plugins?: ApolloServerPlugin<TContext>[];
}

/** Builds (does not start or listen) the ApolloServer of one subgraph. */
export function createSubgraphServer<TContext extends RequestScope>(
  options: SubgraphOptions<TContext>,
): ApolloServer<TContext> {
  // Two slices resolving the same field would silently keep only the last one.
  mergeResolvers(...options.slices.map((slice) => slice.resolvers as Record<string, unknown>));
  const modules = options.slices.map((slice) => ({ typeDefs: slice.typeDefs, resolvers: slice.resolvers }));
  const logger = (options.logger ?? createLogger('info')).child({ service: options.name });
  return new ApolloServer<TContext>({
    // The generic resolver map type of @apollo/subgraph is `any`-based; the cast keeps ours typed.
    schema: buildSubgraphSchema(modules as Parameters<typeof buildSubgraphSchema>[0]),
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: options.introspection ?? true,
    csrfPrevention: true,
    // No cache hints are used: the cache-control plugin would only wrap every field's resolution.
    plugins: [
      errorLoggingPlugin<TContext>(logger),
      // A day or moment refused by name (its scalar alone would name only the variable, or nothing).
      timeInputPlugin<TContext>(),
      ApolloServerPluginInlineTrace({ includeErrors: { unmodified: true } }),
      ApolloServerPluginCacheControlDisabled(),
      ...(options.plugins ?? []),
    ],
  });
}
