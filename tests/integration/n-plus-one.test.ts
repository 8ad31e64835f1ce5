/**
 * The N+1 guard: reading every commune with every department's data costs the same number of SQL
 * statements in each subgraph whether the list has 9 communes or 65.
 */
import type { DepartmentCode } from '../../shared/departments';
import { ALL_DEPARTMENTS } from '../fixtures/queries';
import { admin, publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
  const communes = await hub.query<{ communes: { code: string }[] }>(`{ communes { code } }`);
  const codes = (communes.body.data?.communes ?? []).map((c) => c.code);
  const publish = async (field: string, rows: Record<string, unknown>[], department: DepartmentCode) => {
    const result = await hub.query<Record<string, { created: number }>>(
      `mutation($input: PublishValuesInput!) { ${field}(input: $input) { created } }`,
      { input: { criteriaSetId: 'QD06-2019', year: 2020, rows } },
      publisher(department),
    );
    expect(result.body.data?.[field]?.created).toBe(rows.length);
  };
  await publish(
    'publishYteValues',
    codes.flatMap((commune) => [
      { commune, indicator: '7.1', numerator: 90, denominator: 100 },
      { commune, indicator: '5.1', count: 0 },
    ]),
    'YTE',
  );
  await publish(
    'publishConganValues',
    codes.map((commune) => ({ commune, indicator: '3.1', count: 0 })),
    'CONGAN',
  );
  await publish(
    'publishLdtbxhValues',
    codes.map((commune) => ({ commune, indicator: '1.1', value: true })),
    'LDTBXH',
  );
  await publish(
    'publishVhttdlValues',
    codes.map((commune) => ({ commune, indicator: '12.2', grade: 'A' })),
    'VHTTDL',
  );
});

afterAll(async () => {
  await hub?.stop();
});

async function statementsFor(
  district: string | null,
): Promise<{ communes: number; statements: Record<string, number> }> {
  const before = hub.statementCounts();
  const result = await hub.query<{ communes: { year: { yte: unknown[] } }[] }>(
    ALL_DEPARTMENTS,
    { district, year: 2020 },
    admin(),
  );
  expect(result.body.errors).toBeUndefined();
  const after = hub.statementCounts();
  const statements = Object.fromEntries(
    Object.entries(after).map(([code, n]) => [code, n - before[code as keyof typeof before]]),
  );
  const communes = result.body.data?.communes ?? [];
  expect(communes.every((c) => c.year.yte.length === 2)).toBe(true);
  return { communes: communes.length, statements };
}

it('SQL statements per subgraph do not grow with the number of communes', async () => {
  const small = await statementsFor('584');
  const all = await statementsFor(null);
  expect(small.communes).toBe(9);
  expect(all.communes).toBe(65);
  expect(all.statements).toEqual(small.statements);
  // And the numbers themselves are small and fixed: one statement per loader batch.
  expect(all.statements).toEqual({ LDTBXH: 5, YTE: 2, TUPHAP: 1, GDDT: 1, CONGAN: 1, VHTTDL: 1 });
});
