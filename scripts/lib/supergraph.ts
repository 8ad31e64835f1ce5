/**
 * Composing the hub's supergraph from the SDL the subgraphs serve (every slice of each subgraph
 * module), in process, with @apollo/composition. The committed gateway/supergraph.graphql is
 * this function's output; a test fails when the two drift apart.
 */
import { composeServices } from '@apollo/composition';
import { parse, print } from 'graphql';
import { departmentSlices } from '../../shared/department/module';
import { DEPARTMENTS } from '../../shared/departments';
import { ldtbxhModule } from '../../subgraphs/ldtbxh/server';

/** Each subgraph's full SDL: the slices its module serves, in order. */
export function hubSubgraphSdl(): { name: string; sdl: string; url: string }[] {
  return DEPARTMENTS.map((department, index) => ({
    name: department.slug,
    sdl: (department.code === 'LDTBXH' ? ldtbxhModule().slices : departmentSlices(department)).map((slice) => print(slice.typeDefs)).join('\n\n'),
    // Placeholder addresses; the gateway replaces them with the configured URLs.
    url: `http://127.0.0.1:${4001 + index}/graphql`,
  }));
}

/** Composition errors, each with its code and message. */
export class CompositionError extends Error {
  constructor(readonly errors: { code: string; message: string }[]) {
    super(`supergraph composition failed:\n${errors.map((e) => `- [${e.code}] ${e.message}`).join('\n')}`);
  }
}

/** Composes the six subgraphs. @throws CompositionError listing every composition error. */
export function composeHubSupergraph(): string {
  const result = composeServices(
    hubSubgraphSdl().map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url })),
  );
  if (result.errors || !result.supergraphSdl) {
    throw new CompositionError((result.errors ?? []).map((e) => ({ code: String(e.extensions.code ?? 'COMPOSITION'), message: e.message })));
  }
  return result.supergraphSdl;
}
