/**
 * Federation tests on the real schema files, composed in process: the committed supergraph has not
 * drifted, and the query plans join every department in a fixed number of fetches.
 */
import fs from 'node:fs';
import type { PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { projectPath } from '../../shared/paths';
import { composeHubSupergraph, hubSubgraphSdl } from '../../scripts/lib/supergraph';
import { fetches, plannerOf } from '../helpers/query-plans';

const committed = fs.readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8');
const { plan } = plannerOf(committed);

describe('composition', () => {
  it('the committed gateway/supergraph.graphql is exactly what the subgraph schemas compose to', () => {
    expect(composeHubSupergraph()).toBe(committed);
  });

  it('composes six subgraphs named after the departments', () => {
    expect(hubSubgraphSdl().map((s) => s.name)).toEqual(['ldtbxh', 'yte', 'tuphap', 'gddt', 'congan', 'vhttdl']);
    for (const name of ['LDTBXH', 'YTE', 'TUPHAP', 'GDDT', 'CONGAN', 'VHTTDL']) {
      expect(committed).toContain(`${name} @join__graph(name: "${name.toLowerCase()}"`);
    }
  });

  it('every type and field of every subgraph schema has a description', () => {
    for (const { name, sdl } of hubSubgraphSdl()) {
      const doc = parse(sdl);
      for (const def of doc.definitions) {
        if (!('name' in def) || !def.name) continue;
        if (def.kind === 'ObjectTypeDefinition' && ['Query', 'Mutation'].includes(def.name.value)) continue;
        // An extension cannot carry a description (GraphQL grammar); each of its fields must.
        if (def.kind === 'ObjectTypeExtension') {
          for (const field of def.fields ?? [])
            expect([name, def.name.value, field.name.value, Boolean(field.description)]).toEqual([
              name,
              def.name.value,
              field.name.value,
              true,
            ]);
          continue;
        }
        expect([name, def.name.value, Boolean('description' in def && def.description)]).toEqual([
          name,
          def.name.value,
          true,
        ]);
      }
    }
  });
});

describe('query plans', () => {
  const ALL_DEPARTMENTS = /* GraphQL */ `
    query Province($year: Int!) {
      communes {
        code name
        year(year: $year) {
          ldtbxh { indicator numerator denominator }
          yte { indicator numerator denominator count }
          tuphap { indicator numerator denominator }
          gddt { indicator numerator denominator }
          congan { indicator count }
          vhttdl { indicator value grade }
        }
      }
    }`;

  it('all communes with every department: one fetch to LĐTBXH, then one per other department, in parallel', () => {
    const queryPlan = plan(ALL_DEPARTMENTS);
    const root = queryPlan.node;
    expect(root?.kind).toBe('Sequence');
    if (root?.kind !== 'Sequence') return;
    expect(root.nodes.map((n) => n.kind)).toEqual(['Fetch', 'Parallel']);
    expect(fetches(root.nodes[0])).toEqual(['ldtbxh']);
    expect(fetches(root.nodes[1]).sort()).toEqual(['congan', 'gddt', 'tuphap', 'vhttdl', 'yte']);
    for (const node of (root.nodes[1] as { nodes: PlanNode[] }).nodes) {
      expect(node.kind).toBe('Flatten');
      // One _entities fetch per department for the whole list: the path runs through every commune.
      if (node.kind === 'Flatten') expect(node.path).toEqual(['communes', '@', 'year']);
    }
  });

  it('the fetch count does not depend on how many communes are asked for', () => {
    const one = plan(ALL_DEPARTMENTS.replace('communes {', 'communes(districtCode: "584") {'));
    expect(fetches(one.node)).toHaveLength(fetches(plan(ALL_DEPARTMENTS).node).length);
    expect(fetches(one.node)).toHaveLength(6);
  });

  it("assessments: departments in parallel, then one LĐTBXH fetch with every department's inputs; the same as of a moment", () => {
    const single = plan(`{ commune(code: "22738") { year(year: 2020) { assessment { total } } } }`);
    const asOf = plan(
      `{ commune(code: "22738") { year(year: 2020) { asOf(at: "2021-01-15T00:00:00Z") { assessment { total } } } } }`,
    );
    const list = plan(`{ communes { year(year: 2020) { assessment { total eligible } } } }`);
    const asOfBoard = plan(
      `{ assessmentBoard(year: 2020) { asOf(at: "2021-01-15T00:00:00Z") { assessments { rank assessment { total } } } } }`,
    );
    for (const queryPlan of [single, asOf, list, asOfBoard]) {
      const root = queryPlan.node;
      expect(root?.kind).toBe('Sequence');
      if (root?.kind !== 'Sequence') continue;
      expect(root.nodes.map((n) => n.kind)).toEqual(['Fetch', 'Parallel', 'Flatten']);
      expect(fetches(root.nodes[1]).sort()).toEqual(['congan', 'gddt', 'tuphap', 'vhttdl', 'yte']);
      expect(fetches(root.nodes[2])).toEqual(['ldtbxh']);
    }
  });

  it('a board: the key, then each department once (stamps and changed inputs), then the ranked board — whatever the scope', () => {
    for (const scope of ['districtCode: "584"', 'provinceCode: "58"', 'country: true']) {
      const root = plan(
        `{ assessmentBoard(year: 2020, ${scope}) { assessments(first: 50) { rank cursor commune { name } assessment { total status eligible } } } }`,
      ).node;
      expect(root?.kind).toBe('Sequence');
      if (root?.kind !== 'Sequence') continue;
      expect(root.nodes.map((n) => n.kind)).toEqual(['Fetch', 'Parallel', 'Flatten']);
      expect(fetches(root.nodes[0])).toEqual(['ldtbxh']);
      expect(fetches(root.nodes[1]).sort()).toEqual(['congan', 'gddt', 'tuphap', 'vhttdl', 'yte']);
      // The commune names come with the ranked lines from LĐTBXH: no further fetch.
      expect(fetches(root.nodes[2])).toEqual(['ldtbxh']);
    }
  });

  it('what LĐTBXH requires of the departments is their scoring inputs only: no note, no history', () => {
    const text = JSON.stringify(plan(`{ commune(code: "22738") { year(year: 2020) { assessment { total } } } }`).node);
    for (const slug of ['yte', 'tuphap', 'gddt', 'congan', 'vhttdl']) expect(text).toContain(`${slug}Inputs`);
    expect(text).not.toMatch(/\bnote\b|\bhistory\b|sourceRef/);
  });

  it('a single department is fetched only from its own subgraph', () => {
    expect(
      fetches(plan(`{ commune(code: "22738") { name year(year: 2020) { congan { indicator count } } } }`).node),
    ).toEqual(['ldtbxh', 'congan']);
  });

  it('each publishing mutation goes to its department only', () => {
    for (const [field, subgraph] of [
      ['publishLdtbxhValues', 'ldtbxh'],
      ['publishYteValues', 'yte'],
      ['publishTuphapValues', 'tuphap'],
      ['publishGddtValues', 'gddt'],
      ['publishConganValues', 'congan'],
      ['publishVhttdlValues', 'vhttdl'],
    ] as const) {
      const mutation = `mutation($i: PublishValuesInput!) { ${field}(input: $i) { applied } }`;
      expect([field, fetches(plan(mutation).node)]).toEqual([field, [subgraph]]);
    }
  });
});
