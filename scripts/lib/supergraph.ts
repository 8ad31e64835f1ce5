/**
 * Composing the hub's supergraph from the SDL the subgraphs serve (every slice of each subgraph
 * module), in process, with @apollo/composition. The committed gateway/supergraph.graphql is
 * this function's output; a test fails when the two drift apart.
 *
 * The SDL derived from the departments table is taken as the table generates it
 * (scripts/lib/department-sdl.ts), so that the same function composes the supergraph of a table
 * with one more department before its files exist; for the hub's own table it is the committed
 * text whenever `npm run compose:check` passes.
 */
import { composeServices } from '@apollo/composition';
import { parse, print } from 'graphql';
import { departmentSliceSdl, type SliceSdl } from '../../shared/department/module';
import { DEPARTMENTS } from '../../shared/departments';
import { readProjectFile } from '../../shared/paths';
import { ldtbxhModule } from '../../subgraphs/ldtbxh/server';
import { TEMPLATE_DEPARTMENT } from '../../shared/department/template';
import { contributorSchemaSdl, generatedFiles, projectFiles, type SdlDepartment } from './department-sdl';

/** Each subgraph's full SDL for a departments table: the slices its module serves, in order. */
export function hubSubgraphSdl(
  departments: readonly SdlDepartment[] = DEPARTMENTS,
): { name: string; sdl: string; url: string }[] {
  const generated = new Map(generatedFiles(departments, projectFiles()).map((f) => [f.path, f.content]));
  const read = (file: string) => generated.get(file) ?? readProjectFile(file);
  const sdlOf = (slice: Pick<SliceSdl, 'source' | 'typeDefs'>) =>
    print(slice.source ? parse(read(slice.source)) : slice.typeDefs);
  return departments.map((department) => ({
    name: department.slug,
    sdl: (department.lead ? ldtbxhModule().slices : departmentSliceSdl(department, read)).map(sdlOf).join('\n\n'),
    // Placeholder addresses; the gateway replaces them with the configured URLs.
    url: `http://127.0.0.1:${department.port}/graphql`,
  }));
}

/**
 * The SDL the department module would serve for a department named {@link TEMPLATE_DEPARTMENT}
 * (taking the rest of its row from the first department of the table, not sensitive): the types
 * of the department module's generated file.
 */
export function templateDepartmentSdl(departments: readonly SdlDepartment[] = DEPARTMENTS): string {
  const [first] = departments.filter((d) => !d.lead);
  if (!first) throw new Error('the departments table has no department besides the lead');
  const template: SdlDepartment = {
    ...first,
    ...TEMPLATE_DEPARTMENT,
    code: 'DEPT',
    nameVi: 'the department',
    shortVi: 'the department',
    sensitive: false,
  };
  const own = `subgraphs/${template.slug}/schema.graphql`;
  return departmentSliceSdl(template, (file) => (file === own ? contributorSchemaSdl(template) : readProjectFile(file)))
    .map((slice) => print(slice.typeDefs))
    .join('\n\n');
}

/** Composition errors, each with its code and message. */
export class CompositionError extends Error {
  constructor(readonly errors: { code: string; message: string }[]) {
    super(`supergraph composition failed:\n${errors.map((e) => `- [${e.code}] ${e.message}`).join('\n')}`);
  }
}

/** Composes one subgraph per department of the table. @throws CompositionError listing every composition error. */
export function composeHubSupergraph(departments: readonly SdlDepartment[] = DEPARTMENTS): string {
  return composeSubgraphs(hubSubgraphSdl(departments));
}

/** Composes subgraphs whose SDL is already read (`hubSubgraphSdl`). @throws CompositionError listing every composition error. */
export function composeSubgraphs(subgraphs: readonly { name: string; sdl: string; url: string }[]): string {
  const result = composeServices(subgraphs.map(({ name, sdl, url }) => ({ name, typeDefs: parse(sdl), url })));
  if (result.errors || !result.supergraphSdl) {
    throw new CompositionError(
      (result.errors ?? []).map((e) => ({ code: String(e.extensions.code ?? 'COMPOSITION'), message: e.message })),
    );
  }
  return result.supergraphSdl;
}
