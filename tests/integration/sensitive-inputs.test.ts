/**
 * Công an's raw figures never leave its subgraph readable by anyone but LĐTBXH: asked straight at
 * the subgraph with a genuine forwarded public identity — the hidden scoring fields of a
 * commune-year, of a commune-year as of a moment and of a board included — every answer carries
 * them sealed (no count, no note), while the public assessment still scores them.
 */
import { ANONYMOUS } from '../../shared/identity';
import { openValues } from '../../shared/scoring-inputs';
import { communeRows, MUTATION_OF } from '../fixtures/qd06';
import { forwardedHeaders, postGraphQL, publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  const rows = communeRows('22738', { '3.1': { count: 2 }, '4.1': { count: 1 } });
  for (const [department, list] of Object.entries(rows)) {
    const field = MUTATION_OF[department] ?? '';
    const result = await hub.query(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { applied } }`,
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: list.map((row) => ({ ...row, note: 'secret note of the case file' })),
        },
      },
      publisher(department as Parameters<typeof publisher>[0]),
    );
    expect(result.body.errors).toBeUndefined();
  }
});

afterAll(async () => {
  await hub?.stop();
});

async function askCongan(query: string, variables: Record<string, unknown>) {
  return postGraphQL<{ _entities: Record<string, unknown>[] }>(
    hub.services.CONGAN.url,
    query,
    variables,
    await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'congan'),
  );
}

it('the hidden fields answer the public sealed: no raw count, no note, in any of the three forms', async () => {
  const current = await askCongan(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on CommuneYear { conganInputs } } }`,
    {
      r: [{ __typename: 'CommuneYear', communeCode: '22738', year: 2020 }],
    },
  );
  const asOf = await askCongan(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on CommuneYearAsOf { conganInputs } } }`,
    {
      r: [{ __typename: 'CommuneYearAsOf', communeCode: '22738', year: 2020, at: new Date().toISOString() }],
    },
  );
  const board = await askCongan(
    `query($r: [_Any!]!) { _entities(representations: $r) { ... on AssessmentBoard { conganChanges } } }`,
    {
      r: [{ __typename: 'AssessmentBoard', scope: 'province:58', year: 2020, since: '' }],
    },
  );
  for (const answer of [current, asOf, board]) {
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const text = JSON.stringify(answer.body.data);
    expect(text).not.toContain('secret note');
    expect(text).not.toMatch(/"count"|"values"/);
    expect(text).toContain('"sealed"');
  }
  // Sealed for LĐTBXH, which opens them with the internal secret: the raw counts are inside.
  const payload = current.body.data?._entities[0]?.conganInputs as { sealed: string };
  const values = openValues(payload.sealed, hub.internalSecret, {
    department: 'CONGAN',
    communeCode: '22738',
    year: 2020,
    at: '',
  });
  expect(values.find((v) => v.indicator === '3.1')?.count).toBe(2);
  // Moved to another commune, the payload does not open.
  expect(() =>
    openValues(payload.sealed, hub.internalSecret, { department: 'CONGAN', communeCode: '22741', year: 2020, at: '' }),
  ).toThrow();
});

it('the public assessment scores the sealed figures and shows none of them', async () => {
  const result = await hub.query<{
    commune: {
      year: {
        assessment: {
          criteria: {
            number: number;
            points: number;
            indicators: { code: string; count: number | null; withheld: boolean }[];
          }[];
        };
      };
    };
  }>(
    `{ commune(code: "22738") { year(year: 2020) { assessment { criteria { number points indicators { code count withheld } } } } } }`,
  );
  expect(result.body.errors).toBeUndefined();
  const criteria = result.body.data?.commune.year.assessment.criteria ?? [];
  const three = criteria.find((c) => c.number === 3);
  expect(three?.indicators.find((i) => i.code === '3.1')).toEqual({ code: '3.1', count: null, withheld: true });
  // Two cases score below the best band: the points were computed from the real count.
  const best = await hub.query<{ commune: { year: { whatIf: { criteria: { number: number; points: number }[] } } } }>(
    `{ commune(code: "22738") { year(year: 2020) { whatIf(overrides: [{ indicator: "3.1", count: 0 }, { indicator: "4.1", count: 0 }]) { criteria { number points } } } } }`,
  );
  const bestThree = best.body.data?.commune.year.whatIf.criteria.find((c) => c.number === 3)?.points ?? 0;
  expect(three?.points).toBeLessThan(bestThree);
});
