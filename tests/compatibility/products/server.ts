/**
 * The compatibility suite's "products" subgraph, built by the hub's own subgraph factory so that
 * the suite checks what the departments ship: schema building, error masking, inline tracing.
 */
import { readFileSync } from 'node:fs';
import type { ApolloServer } from '@apollo/server';
import { parse, type DocumentNode } from 'graphql';
import type { RequestScope } from '../../../shared/apollo';
import type { Logger } from '../../../shared/logger';
import { createSubgraphServer } from '../../../shared/subgraph';
import { productsSchemaPath } from '../harness/suite';
import { resolvers } from './resolvers';

/** The suite's reference `products.graphql`, used as is: the suite compares our SDL against it. */
export function productsTypeDefs(): DocumentNode {
  return parse(readFileSync(productsSchemaPath(), 'utf8'));
}

/** Builds (does not start) the products subgraph. */
export function createProductsServer(logger: Logger): ApolloServer<RequestScope> {
  return createSubgraphServer<RequestScope>({
    name: 'products',
    slices: [{ name: 'products', typeDefs: productsTypeDefs(), resolvers }],
    logger,
  });
}
