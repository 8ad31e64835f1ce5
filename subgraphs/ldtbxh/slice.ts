/**
 * A module of the LĐTBXH subgraph serves one slice of its schema: the `schema.graphql` of its
 * folder and the resolvers of the fields that SDL declares (see docs/architecture.md).
 */
import { parse } from 'graphql';
import { readProjectFile } from '../../shared/paths';
import { mergeResolvers } from '../../shared/resolvers';
import type { SchemaSlice } from '../../shared/subgraph';
import type { LdtbxhContext } from './context';

export type LdtbxhSlice = SchemaSlice<LdtbxhContext>;

/** The slice of the module in `subgraphs/ldtbxh/<folder>/`, its resolver maps merged (a field resolved twice throws). */
export function ldtbxhSlice(folder: string, ...resolvers: object[]): LdtbxhSlice {
  const source = `subgraphs/ldtbxh/${folder}/schema.graphql`;
  return {
    name: `ldtbxh/${folder}`,
    source,
    typeDefs: parse(readProjectFile(source)),
    resolvers: mergeResolvers<LdtbxhContext>(...(resolvers as Record<string, unknown>[])),
  };
}
