/**
 * A department's part of a board does not hang on the planner's statistics. Right after a year's
 * first publication the statistics still say the year holds no value; a plan believing that once
 * joined every value of the year with every changed commune (27 s for the 3,321 units of 2026).
 * Once they know a national publication, a semi-join with a province's communes was read by
 * scanning the whole year. Here the rows PostgreSQL examines — counted by EXPLAIN ANALYZE, rows
 * times loops: a count, not a time — stay in proportion to the values sent or the scope's values.
 */
import type { DataSource } from 'typeorm';
import { systemActor, withActor } from '../../shared/audit/actor';
import type { BoardScope } from '../../shared/board-scope';
import { boardChanges } from '../../shared/department/stamps';
import { loadNational } from '../../subgraphs/ldtbxh/places/places';
import { startTestHub, type TestHub } from '../helpers/hub';
import { publishRows, QD06_INDICATORS, syntheticRows } from '../helpers/synthetic';

jest.setTimeout(120_000);

let hub: TestHub;
let ds: DataSource;
let communes: string[] = [];

interface PlanNode {
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Plan Rows'?: number;
  Plans?: PlanNode[];
}

/** Every row a plan's nodes produced or filtered out, over all their loops. */
function examined(node: PlanNode): number {
  const own =
    ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Join Filter'] ?? 0)) *
    (node['Actual Loops'] ?? 1);
  return own + (node.Plans ?? []).reduce((sum, child) => sum + examined(child), 0);
}

async function planOf(sql: string, params: unknown[], analyse: boolean): Promise<PlanNode> {
  const rows: { 'QUERY PLAN': { Plan: PlanNode }[] }[] = await ds.query(
    `EXPLAIN (${analyse ? 'ANALYZE, ' : ''}FORMAT JSON) ${sql}`,
    params,
  );
  const plan = rows[0]?.['QUERY PLAN'][0]?.Plan;
  if (!plan) throw new Error('no plan');
  return plan;
}

/**
 * Y tế's part of a board of `scope` for `year` asked from transaction 1 on (every value of the
 * scope changed), with the statements it ran.
 */
async function changesFromTheStart(scope: BoardScope, year: number) {
  const statements: { sql: string; params: unknown[] }[] = [];
  const recording = {
    query: (sql: string, params: unknown[]) => {
      statements.push({ sql, params });
      return ds.query(sql, params);
    },
  } as unknown as DataSource;
  const changes = await boardChanges(recording, 'yte', 'YTE', scope, year, {
    kind: 'watermarks',
    watermarks: { YTE: '1' },
  });
  const sent = [...changes.values.values()].reduce((sum, list) => sum + list.length, 0);
  return { changes, sent, statements };
}

beforeAll(async () => {
  hub = await startTestHub();
  ds = hub.services.YTE.db.dataSource;
  // No analysis behind the test's back: the statistics stay those of the moment below.
  await ds.query('ALTER TABLE yte.indicator_value SET (autovacuum_enabled = false)');
  const listed = await hub.query<{ communes: { code: string }[] }>(
    `{ communes(provinceCode: "58", year: 2020) { code } }`,
  );
  communes = (listed.body.data?.communes ?? []).map((c) => c.code);
  await publishRows(hub, { YTE: syntheticRows(communes, QD06_INDICATORS, 'plans-2020').YTE ?? [] }, 2020);
  await ds.query('ANALYZE yte.indicator_value');
  await publishRows(hub, { YTE: syntheticRows(communes, QD06_INDICATORS, 'plans-2019').YTE ?? [] }, 2019);
});

afterAll(async () => {
  await hub?.stop();
});

it("reads the changed communes' values of a year the statistics do not know in rows proportional to what it sends", async () => {
  // The condition the test is about: the planner believes 2019 holds (almost) nothing.
  const estimate = await planOf('SELECT * FROM yte.indicator_value WHERE year = 2019', [], false);
  expect(estimate['Plan Rows']).toBeLessThan(10);

  // Every value written since transaction 1: all of 2019's, for every commune of the province.
  const { changes, sent, statements } = await changesFromTheStart({ kind: 'province', code: '58' }, 2019);
  expect(changes.values.size).toBe(communes.length);
  expect(sent).toBeGreaterThan(communes.length);
  expect(statements).toHaveLength(2);

  const values = statements[1];
  if (!values) throw new Error('no values statement');
  const plan = await planOf(values.sql, values.params, true);
  const rows = examined(plan);
  // A plan joining every value of the year with every changed commune examines sent² rows.
  expect(rows).toBeLessThan(20 * sent);
});

it("reads a province's stamps in rows proportional to its own values, before and after the statistics know the whole country's", async () => {
  await withActor(hub.services.LDTBXH.db.dataSource, systemActor('board plans test'), (m) => loadNational(m));
  const country: { code: string }[] = await ds.query(
    `SELECT code FROM reference.commune
      WHERE (valid_from IS NULL OR valid_from <= '2021-12-31') AND (valid_to IS NULL OR valid_to >= '2021-01-01') ORDER BY code`,
  );
  const rows =
    syntheticRows(
      country.map((c) => c.code),
      QD06_INDICATORS,
      'plans-2021',
    ).YTE ?? [];
  for (let i = 0; i < rows.length; i += 10000) await publishRows(hub, { YTE: rows.slice(i, i + 10000) }, 2021);
  await ds.query('ANALYZE reference.commune');
  // Hà Nội: 579 of the country's 10,599 communes. First with statistics that do not know the
  // year yet (right after a publication), then with statistics that do.
  for (const analysed of [false, true]) {
    if (analysed) await ds.query('ANALYZE yte.indicator_value');
    const { changes, sent: values, statements } = await changesFromTheStart({ kind: 'province', code: '01' }, 2021);
    expect(changes.stamps.size).toBe(579);
    expect(values).toBe(579 * (rows.length / country.length));
    const stamps = statements[0];
    if (!stamps) throw new Error('no stamps statement');
    // Scanning the year examines every value of the country's: about 18 times Hà Nội's.
    const rowsExamined = examined(await planOf(stamps.sql, stamps.params, true));
    expect([analysed, rowsExamined < 3 * values ? 'in proportion' : rowsExamined]).toEqual([analysed, 'in proportion']);
  }
});
