/**
 * The departments table drives the graph: the SDL generated from it is what is committed, a file
 * that drifts from it is found, and a table with a seventh department composes a supergraph in
 * which LĐTBXH requires that department's inputs and approval, and its publishing goes to it.
 */
import { CONTRIBUTORS, DEPARTMENT_TABLE, DEPARTMENTS, deriveDepartments } from '../../shared/departments';
import { readProjectFile } from '../../shared/paths';
import {
  contributorSchemaSdl,
  generatedFiles,
  GeneratedRegionError,
  projectFiles,
  renderGeneratedRegions,
  staleFiles,
  type GeneratedFile,
} from '../../scripts/lib/department-sdl';
import { composeHubSupergraph, hubSubgraphSdl } from '../../scripts/lib/supergraph';
import { fetches, plannerOf } from '../helpers/query-plans';

/** A seventh department, as one more row of the table. */
const NNPTNT = {
  code: 'NNPTNT',
  slug: 'nnptnt',
  nameVi: 'Sở Nông nghiệp và Phát triển nông thôn',
  nameEn: 'Department of Agriculture and Rural Development',
  shortVi: 'NN&PTNT',
  port: 4007,
  planOrder: 7,
  lead: false,
  sensitive: false,
} as const;
const SEVEN = deriveDepartments([...DEPARTMENT_TABLE, NNPTNT]);

describe('SDL generated from the departments table', () => {
  const expected = generatedFiles(DEPARTMENTS, projectFiles());

  it("covers each other department's schema, entry and module, and every schema file with generated regions", () => {
    expect(expected.map((f) => f.path)).toEqual(
      expect.arrayContaining([
        ...['yte', 'tuphap', 'gddt', 'congan', 'vhttdl'].flatMap((slug) => [
          `subgraphs/${slug}/schema.graphql`,
          `subgraphs/${slug}/index.ts`,
          `subgraphs/${slug}/server.ts`,
        ]),
        'shared/department/department.graphql',
        'subgraphs/ldtbxh/assessment/schema.graphql',
        'subgraphs/ldtbxh/approval/schema.graphql',
        'subgraphs/ldtbxh/recognition/schema.graphql',
      ]),
    );
  });

  it('is exactly what is committed (npm run compose:check)', () => {
    expect(staleFiles(expected, projectFiles())).toEqual([]);
  });

  it('finds a generated file that drifted: a hand edit, a department left out of a @requires, a file missing', () => {
    const committed = projectFiles();
    const drifted = (changes: Record<string, string | null>) => ({
      read: (file: string) => (file in changes ? (changes[file] ?? null) : committed.read(file)),
    });
    const assessment = readProjectFile('subgraphs/ldtbxh/assessment/schema.graphql');
    expect(
      staleFiles(
        expected,
        drifted({
          'subgraphs/yte/schema.graphql': `${readProjectFile('subgraphs/yte/schema.graphql')}\n# edited by hand\n`,
        }),
      ),
    ).toEqual(['subgraphs/yte/schema.graphql']);
    expect(
      staleFiles(
        expected,
        drifted({ 'subgraphs/ldtbxh/assessment/schema.graphql': assessment.replace(' vhttdlInputs")', '")') }),
      ),
    ).toEqual(['subgraphs/ldtbxh/assessment/schema.graphql']);
    expect(staleFiles(expected, drifted({ 'subgraphs/gddt/server.ts': null }))).toEqual(['subgraphs/gddt/server.ts']);
  });

  it('refuses malformed markers, naming the file and line', () => {
    const render = (text: string) => () => renderGeneratedRegions(text, DEPARTMENTS, 'x.graphql');
    expect(render('type A {\n  # begin generated: nothing-like-this\n  # end generated: nothing-like-this\n}')).toThrow(
      new GeneratedRegionError(
        'x.graphql:2: unknown generated block "nothing-like-this" (known: department-enum, inputs-fields, changes-fields, approval-fields)',
      ),
    );
    expect(render('type A {\n  # begin generated: inputs-fields\n}')).toThrow(
      'x.graphql:2: generated block "inputs-fields" has no "# end generated: inputs-fields" after it',
    );
    expect(render('type A {\n  # generated @requires: inputs\n  a: Int\n}')).toThrow(
      'x.graphql:2: "# generated @requires: inputs" is not followed by a field with @requires(fields: "…")',
    );
    expect(render('type A {\n  # end generated: inputs-fields\n}')).toThrow(
      'x.graphql:2: "# end generated" without its "# begin generated"',
    );
  });

  it('rewrites a @requires selection however a formatter laid the field out', () => {
    const text = '  # generated @requires: changes\n  board: Int\n    @requires(\n      fields: "old"\n    )\n';
    expect(renderGeneratedRegions(text, DEPARTMENTS, 'x.graphql')).toBe(
      '  # generated @requires: changes\n  board: Int\n    @requires(\n      fields: "yteChanges tuphapChanges gddtChanges conganChanges vhttdlChanges"\n    )\n',
    );
  });

  it('lays a long selection out as a block string, one field per line, and rewrites it again in place', () => {
    const text = '  # generated @requires: approvals\n  a: A @requires(fields: "old")\n}';
    const once = renderGeneratedRegions(text, DEPARTMENTS, 'x.graphql');
    expect(once.split('\n')).toEqual([
      '  # generated @requires: approvals',
      '  a: A @requires(fields: """',
      ...CONTRIBUTORS.map((d) => `    ${d.slug}Approval { department criteriaSetId state approved }`),
      '  """)',
      '}',
    ]);
    expect(renderGeneratedRegions(once, DEPARTMENTS, 'x.graphql')).toBe(once);
    expect(renderGeneratedRegions(once, SEVEN, 'x.graphql')).toContain(
      '    nnptntApproval { department criteriaSetId state approved }\n  """)',
    );
    for (const file of generatedFiles(DEPARTMENTS, projectFiles())) {
      for (const [, inline = ''] of file.content.matchAll(/@requires\(fields: "([^"]*)"\)/g))
        expect([file.path, inline.length <= 100]).toEqual([file.path, true]);
    }
  });
});

describe('a seventh department: one row in the table', () => {
  const supergraphSdl = composeHubSupergraph(SEVEN);
  const { plan } = plannerOf(supergraphSdl);

  it('composes: seven subgraphs, the new one on its port', () => {
    expect(hubSubgraphSdl(SEVEN).map((s) => [s.name, s.url])).toEqual(
      SEVEN.map((d) => [d.slug, `http://127.0.0.1:${d.port}/graphql`]),
    );
    expect(supergraphSdl).toContain('NNPTNT @join__graph(name: "nnptnt", url: "http://127.0.0.1:4007/graphql")');
  });

  it("is what the generator writes for it: its own schema, entry and module, and the regions of the others' files", () => {
    const files = generatedFiles(SEVEN, projectFiles());
    const stale = staleFiles(files, projectFiles());
    expect(stale.filter((f) => f.startsWith('subgraphs/nnptnt/'))).toEqual([
      'subgraphs/nnptnt/schema.graphql',
      'subgraphs/nnptnt/index.ts',
      'subgraphs/nnptnt/server.ts',
    ]);
    expect(stale.filter((f) => !f.startsWith('subgraphs/nnptnt/')).sort()).toEqual(
      [
        'shared/department/department.graphql',
        'subgraphs/ldtbxh/approval/schema.graphql',
        'subgraphs/ldtbxh/assessment/schema.graphql',
        'subgraphs/ldtbxh/recognition/schema.graphql',
      ].sort(),
    );
    const own = files.find((f): f is GeneratedFile => f.path === 'subgraphs/nnptnt/schema.graphql');
    expect(own?.content).toBe(contributorSchemaSdl(SEVEN[6]!));
    expect(own?.content).toContain('publishNnptntValues(input: PublishValuesInput!): PublishResult!');
  });

  it('LĐTBXH requires its inputs for the assessment, what-if, decisions and boards, and its approval', () => {
    // Each `requires` is a GraphQL string; a long selection keeps its line breaks as `\n` escapes.
    const required = [...supergraphSdl.matchAll(/@join__field\(graph: LDTBXH, requires: ("[^"]*")\)/g)].map(
      (m) => JSON.parse(m[1] ?? '""') as string,
    );
    expect(required.length).toBeGreaterThanOrEqual(8);
    for (const selection of required) expect(selection).toMatch(/\bnnptnt(Inputs|Changes|Approval)\b/);
    expect(supergraphSdl).toContain(
      'assessment: Assessment @join__field(graph: LDTBXH, requires: "yteInputs tuphapInputs gddtInputs conganInputs vhttdlInputs nnptntInputs")',
    );
    expect(supergraphSdl).toContain('nnptntApproval { department criteriaSetId state approved }")');
  });

  it('the query plan of an assessment fetches its inputs from it, and its publishing goes to it only', () => {
    const assessment = plan(`{ commune(code: "22738") { year(year: 2020) { assessment { total } } } }`);
    expect(fetches(assessment.node)).toContain('nnptnt');
    expect(JSON.stringify(assessment.node)).toContain('nnptntInputs');
    expect(
      fetches(plan(`mutation($i: PublishValuesInput!) { publishNnptntValues(input: $i) { applied } }`).node),
    ).toEqual(['nnptnt']);
    expect(fetches(plan(`{ commune(code: "22738") { year(year: 2020) { nnptnt { indicator } } } }`).node)).toEqual([
      'ldtbxh',
      'nnptnt',
    ]);
  });

  it('is a value of the Department enum, with its Vietnamese name', () => {
    expect(supergraphSdl).toMatch(
      /"""Sở Nông nghiệp và Phát triển nông thôn"""\n\s+NNPTNT @join__enumValue\(graph: CONGAN\)/,
    );
    expect(supergraphSdl).toContain("The seven departments of Ninh Thuận's plan 965/KH-UBND");
  });

  it('leaves the hub as it is without the row: the same composition as the committed supergraph', () => {
    expect(composeHubSupergraph()).toBe(readProjectFile('gateway/supergraph.graphql'));
  });
});
