/**
 * Composing the hub's supergraph from the subgraphs' SDL files, in process, with
 * @apollo/composition. The committed gateway/supergraph.graphql is this function's output; a test
 * fails when the two drift apart.
 */
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { DEPARTMENTS } from './departments';
import { readProjectFile } from './paths';
import { intakeSdl } from './department/intake-sdl';

/** Each subgraph's full SDL: the shared department types plus its own schema.graphql. */
export function hubSubgraphSdl(): { name: string; sdl: string; url: string }[] {
  const shared = readProjectFile('shared', 'department', 'department.graphql');
  return DEPARTMENTS.map((department, index) => ({
    name: department.slug,
    sdl: `${readProjectFile('subgraphs', department.slug, 'schema.graphql')}\n${shared}\n${intakeSdl(department)}`,
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
