/**
 * Regenerates what is derived from the subgraphs' schemas and the departments table: each other
 * department's `subgraphs/<slug>/{schema.graphql,index.ts,server.ts}`, the generated regions of
 * the hand-written schema files (scripts/lib/department-sdl.ts), LĐTBXH's schema types
 * and the department module's schema types (scripts/lib/schema-types.ts) and gateway/supergraph.graphql.
 * `npm run compose` writes them; `npm run compose -- --check` exits 1 naming every file that is
 * stale, and writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEPARTMENTS, LEAD_DEPARTMENT } from '../shared/departments';
import { projectPath } from '../shared/paths';
import { generatedFiles, projectFiles, staleFiles } from './lib/department-sdl';
import { departmentSchemaTypes, ldtbxhSchemaTypes } from './lib/schema-types';
import { composeSubgraphs, hubSubgraphSdl, templateDepartmentSdl } from './lib/supergraph';

async function main(): Promise<void> {
  const subgraphs = hubSubgraphSdl(DEPARTMENTS);
  const ldtbxhSdl = subgraphs.find((s) => s.name === LEAD_DEPARTMENT.slug)?.sdl ?? '';
  const fromTable = generatedFiles(DEPARTMENTS, projectFiles());
  const schemaTypes = [
    await ldtbxhSchemaTypes(ldtbxhSdl),
    await departmentSchemaTypes(templateDepartmentSdl(DEPARTMENTS)),
  ];
  const files = [
    ...fromTable,
    ...schemaTypes,
    { path: 'gateway/supergraph.graphql', content: composeSubgraphs(subgraphs) },
  ];
  const stale = staleFiles(files, projectFiles());
  if (process.argv.includes('--check')) {
    if (stale.length > 0) {
      process.stderr.write(
        `stale, generated from the subgraph schemas and the departments table: ${stale.join(', ')}\nrun \`npm run compose\` and commit them\n`,
      );
      process.exit(1);
    }
    process.stdout.write(
      `up to date: gateway/supergraph.graphql, the ${fromTable.length} files generated from the departments table ` +
        `and the ${schemaTypes.length} schema-types files generated from the subgraph schemas\n`,
    );
  } else {
    for (const file of files.filter((f) => stale.includes(f.path))) {
      fs.mkdirSync(path.dirname(projectPath(file.path)), { recursive: true });
      fs.writeFileSync(projectPath(file.path), file.content);
      process.stdout.write(`wrote ${file.path}\n`);
    }
    if (stale.length === 0) process.stdout.write('nothing to write: every generated file is up to date\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
