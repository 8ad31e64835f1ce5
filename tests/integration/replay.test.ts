/**
 * The gateway's replays of repeated queries (gateway/replay.ts), through the real gateway and
 * subgraphs: a repeated board of full assessments is answered from every subgraph's "not modified",
 * equal to its execution, with the same subgraph fetches and SQL statements; a publication that has
 * returned is in the next read; a caller who may see less is never answered with what another saw;
 * answers with errors, small answers and mutations are never replayed.
 */
import { Client } from 'pg';
import type { DepartmentCode } from '../../shared/departments';
import { DEPARTMENTS } from '../../shared/departments';
import { ASSESSMENT_FIELDS } from '../fixtures/queries';
import { admin, type TestHub } from '../helpers/hub';
import { publishRows, startPublishedNinhThuan } from '../helpers/synthetic';

jest.setTimeout(300_000);

let hub: TestHub;
let ninhThuan: string[] = [];

const BOARD_FULL = /* GraphQL */ `${ASSESSMENT_FIELDS}
  query Full($year: Int!) { assessmentBoard(year: $year) { count assessments(sort: CODE) { rank commune { code } assessment { ...A } } } }`;

type Board = {
  assessmentBoard: {
    count: number;
    assessments: {
      commune: { code: string };
      assessment: {
        total: number;
        criteria: { indicators: { department: string; numerator: number | null; count: number | null }[] }[];
      };
    }[];
  };
};

/** The gateway's metric samples named `name`, by their labels. */
async function gatewayMetric(name: string): Promise<{ labels: string; value: number }[]> {
  const text = await (await fetch(hub.gatewayUrl.replace(/\/graphql$/, '/metrics'))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const match = /^[^{]+\{(.*)\} (\S+)$/.exec(line);
      return { labels: match?.[1] ?? '', value: Number(match?.[2]) };
    });
}

/** How many queries were replayed, tried and changed, or executed. */
async function outcomes(): Promise<Record<'replayed' | 'changed' | 'executed', number>> {
  const samples = await gatewayMetric('hub_gateway_replays_total');
  const of = (outcome: string) => samples.find((s) => s.labels.includes(`outcome="${outcome}"`))?.value ?? 0;
  return { replayed: of('replayed'), changed: of('changed'), executed: of('executed') };
}

/** Subgraph fetches the gateway made so far, by subgraph. */
async function fetches(): Promise<Record<string, number>> {
  const samples = await gatewayMetric('hub_subgraph_fetch_duration_seconds_count');
  return Object.fromEntries(
    DEPARTMENTS.map((d) => [
      d.slug,
      samples.filter((s) => s.labels.includes(`subgraph="${d.slug}"`)).reduce((sum, s) => sum + s.value, 0),
    ]),
  );
}

const minus = <K extends string>(after: Record<K, number>, before: Record<K, number>): Record<K, number> =>
  Object.fromEntries(Object.entries(after).map(([k, v]) => [k, (v as number) - (before[k as K] ?? 0)])) as Record<
    K,
    number
  >;

/** Other work on the database server between two reads: a transaction that takes an id and commits. */
async function transactionElsewhere(): Promise<void> {
  const client = new Client({ connectionString: hub.db.url });
  await client.connect();
  try {
    await client.query('SELECT pg_current_xact_id()');
  } finally {
    await client.end();
  }
}

/** One read of the full board as `who`: the answer, and what it cost at the gateway and in SQL. */
async function read(who?: ReturnType<typeof admin>, query = BOARD_FULL) {
  const [outcomesBefore, fetchesBefore, statementsBefore] = [await outcomes(), await fetches(), hub.statementCounts()];
  const result = await hub.query<Board>(query, { year: 2020 }, who);
  expect(result.body.errors).toBeUndefined();
  return {
    body: result.body,
    outcome: minus(await outcomes(), outcomesBefore),
    fetches: minus(await fetches(), fetchesBefore),
    statements: minus(hub.statementCounts() as Record<DepartmentCode, number>, statementsBefore),
  };
}

beforeAll(async () => {
  ({ hub, communes: ninhThuan } = await startPublishedNinhThuan('replay'));
});

afterAll(async () => {
  await hub?.stop();
});

describe('a repeated query', () => {
  it('is answered from every subgraph\'s "not modified": the same answer, the same fetches and statements', async () => {
    // A transaction of other work on the server (another database's, as other test files' are)
    // holds an id older than a publication's, and runs on while the board records its watermarks:
    // they name it among those still running, not in place of everything since it, so the
    // publication is not sent again and the key settles at once.
    const other = new Client({ connectionString: hub.db.url });
    await other.connect();
    let first: Awaited<ReturnType<typeof read>>;
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      await publishRows(hub, { YTE: [{ commune: ninhThuan[3], indicator: '7.1', numerator: 64, denominator: 100 }] });
      await read(); // computes and stores the assessments, and records the watermarks
      await read(); // the board's new key, remembered by the gateway
      first = await read();
      expect(first.outcome.replayed).toBe(1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
    const reads = [];
    for (let i = 0; i < 3; i += 1) {
      await transactionElsewhere();
      reads.push(await read());
    }
    // A board's `since` moves only when something was published, and a department's answer only
    // when its values did — not when other work on the server took transaction ids: every read
    // again is replayed.
    const replayed = reads.filter((r) => r.outcome.replayed === 1);
    expect(replayed.length).toBe(3);
    // The same operation written otherwise is another operation to the gateway: executed, not replayed.
    const executed = await read(undefined, BOARD_FULL.replace('query Full(', 'query Full ('));
    expect(executed.outcome).toEqual({ replayed: 0, changed: 0, executed: 1 });
    for (const again of [...reads, executed]) {
      expect(again.body).toEqual(first.body);
      // Every subgraph the plan asks is still asked, as often (LĐTBXH twice: the key, the lines).
      expect(again.fetches).toEqual(Object.fromEntries(DEPARTMENTS.map((d) => [d.slug, d.slug === 'ldtbxh' ? 2 : 1])));
    }
    // A replay costs the subgraphs what an execution of the same plan costs them: every stamp is read.
    for (const again of replayed) expect(again.statements).toEqual(executed.statements);
  });

  it('after a publication that has returned shows the publication', async () => {
    const code = ninhThuan[4] ?? '';
    await read();
    const before = await read();
    await publishRows(hub, { YTE: [{ commune: code, indicator: '7.1', numerator: 0, denominator: 100 }] });
    const after = await read();
    expect(after.outcome).toEqual({ replayed: 0, changed: 1, executed: 0 });
    const live = await hub.query<{ commune: { year: { assessment: { total: number } } } }>(
      `{ commune(code: "${code}") { year(year: 2020) { assessment { total } } } }`,
    );
    const line = (body: typeof after.body) =>
      body.data?.assessmentBoard.assessments.find((l) => l.commune.code === code)?.assessment;
    expect(line(after.body)?.total).toBe(live.body.data?.commune.year.assessment.total);
    expect(line(after.body)?.total).not.toBe(line(before.body)?.total);
    // No subgraph was asked twice: what the replay received served the execution.
    expect(after.fetches).toEqual(before.fetches);
  });

  it('by a caller who may see less is never answered with what another caller saw', async () => {
    const congan = (body: Awaited<ReturnType<typeof read>>['body']) =>
      body.data?.assessmentBoard.assessments.flatMap((l) =>
        l.assessment.criteria.flatMap((c) =>
          c.indicators.filter((i) => i.department === 'CONGAN').flatMap((i) => [i.numerator, i.count]),
        ),
      ) ?? [];
    const publicRead = await read();
    const adminRead = await read(admin());
    const publicAgain = await read();
    expect(congan(publicRead.body).length).toBeGreaterThan(0);
    expect(congan(publicRead.body).every((n) => n === null)).toBe(true);
    expect(congan(adminRead.body).some((n) => n !== null)).toBe(true);
    expect(adminRead.outcome.replayed).toBe(0);
    expect(publicAgain.outcome.replayed).toBe(0);
    expect(publicAgain.body).toEqual(publicRead.body);
  });

  it('with errors, with a small answer, or a mutation is never replayed', async () => {
    const before = await outcomes();
    for (let i = 0; i < 3; i += 1) {
      const refused = await hub.query(`{ assessmentBoard(year: 2020, provinceCode: "99") { count } }`);
      expect(refused.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const small = await hub.query(`{ commune(code: "${ninhThuan[0]}") { code name } }`);
      expect(small.body.errors).toBeUndefined();
    }
    await publishRows(hub, { YTE: [{ commune: ninhThuan[0], indicator: '7.1', numerator: 50, denominator: 100 }] });
    await publishRows(hub, { YTE: [{ commune: ninhThuan[0], indicator: '7.1', numerator: 50, denominator: 100 }] });
    // Six queries executed (and those the departments ask the graph while publishing); nothing was
    // remembered, so nothing was tried; the mutations themselves are not queries.
    const counted = minus(await outcomes(), before);
    expect([counted.replayed, counted.changed]).toEqual([0, 0]);
    expect(counted.executed).toBeGreaterThanOrEqual(6);
  });
});
