/** Combining resolver maps written in separate files. */
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';

type ResolverObject = Record<string, unknown>;

/**
 * Merges resolver maps type by type. @throws Error when two maps resolve the same field, which
 * would otherwise silently keep only one of them.
 */
export function mergeResolvers<TContext>(...maps: ResolverObject[]): GraphQLResolverMap<TContext> {
  const merged: Record<string, ResolverObject> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) {
      const target = (merged[typeName] ??= {});
      for (const [field, resolver] of Object.entries(fields as ResolverObject)) {
        if (field in target) throw new Error(`two resolvers for ${typeName}.${field}`);
        target[field] = resolver;
      }
    }
  }
  return merged as GraphQLResolverMap<TContext>;
}
