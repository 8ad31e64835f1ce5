/**
 * No write after "failed": a publication held up past the time the gateway waits is rolled back
 * by the subgraph (statement timeout from the time left the gateway passes on, a check before
 * COMMIT), and a department system retrying with the same idempotency key writes exactly once.
 * Also the bounded retry of transient database failures inside the service.
 */
import { Client } from 'pg';
import { withActor, WRITE_ATTEMPTS } from '../../shared/audit/actor';
import { publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let holder: Client;

const TIMEOUT_MS = 1000;

beforeAll(async () => {
  hub = await startTestHub({ subgraphTimeoutMs: TIMEOUT_MS });
  holder = new Client({ connectionString: hub.db.url });
  await holder.connect();
});

afterAll(async () => {
  await holder?.end();
  await hub?.stop();
});

const PUBLISH = /* GraphQL */ `
  mutation Publish($input: PublishValuesInput!) {
    publishYteValues(input: $input) { applied publicationId created updated unchanged replayed rows { index outcome } }
  }
`;

const YTE = publisher('YTE');
const rowsOf = (numerator: number) => [
  { commune: '22738', indicator: '7.1', numerator, denominator: 100 },
  { commune: '22741', indicator: '8.1', numerator, denominator: 100 },
];
const publish = (year: number, rows: unknown[], extra: Record<string, unknown> = {}, requestId?: string) =>
  hub.query<{ publishYteValues: Record<string, unknown> }>(
    PUBLISH,
    { input: { criteriaSetId: 'QD06-2019', year, rows, ...extra } },
    requestId ? { ...hubHeaders, 'x-request-id': requestId } : hubHeaders,
  );
let hubHeaders: Record<string, string>;
beforeAll(async () => {
  hubHeaders = await hub.headersFor(YTE);
});

/** What YTE has stored for a year: values, revisions, publications, keys, and audit rows of a request. */
async function stored(year: number, requestId = 'none') {
  const [row] = await hub.services.YTE.db.dataSource.query(
    `SELECT (SELECT count(*)::int FROM yte.indicator_value WHERE year = $1) AS values,
            (SELECT count(*)::int FROM yte.indicator_value_revision r JOIN yte.indicator_value v ON v.id = r.value_id WHERE v.year = $1) AS revisions,
            (SELECT count(*)::int FROM yte.publication WHERE year = $1) AS publications,
            (SELECT count(*)::int FROM yte.publish_idempotency) AS keys,
            (SELECT count(*)::int FROM yte.audit_event WHERE request_id = $2) AS audited`,
    [year, requestId],
  );
  return row as { values: number; revisions: number; publications: number; keys: number; audited: number };
}

/** How a call that ran out of time is answered: either way it says nothing of it was kept. */
const DEADLINE_OR_TIMEOUT =
  /^(DEADLINE_EXCEEDED: the time the caller allowed ran out while the write waited or ran; nothing was written|SUBGRAPH_UNAVAILABLE: the yte service timed out; its part of the answer is missing)$/;
const failure = (error: { message: string; extensions?: Record<string, unknown> } | undefined) =>
  `${String(error?.extensions?.code)}: ${error?.message}`;

/** Publishing calls of the YTE service waiting for a lock. */
async function waiting(): Promise<number> {
  const { rows } = await holder.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'hub-yte' AND wait_event_type = 'Lock'`,
  );
  return rows[0]?.n ?? 0;
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const limit = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > limit) throw new Error(`not within 15 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Holds YTE's publication table so that a publishing call waits, as a slow database would make it. */
async function holdPublications(): Promise<void> {
  await holder.query('BEGIN');
  await holder.query('LOCK TABLE yte.publication IN EXCLUSIVE MODE');
}

describe('a publication the gateway stopped waiting for', () => {
  it('is rolled back by the subgraph: the caller is told it timed out, and nothing is written, even once the database frees up', async () => {
    await holdPublications();
    let answer;
    try {
      answer = await publish(2022, rowsOf(90), {}, 'slow-publication-1');
      // The subgraph gives up a little before the gateway does (it keeps a margin to commit and
      // answer), so the caller usually hears it say so; when it is slower still, the gateway's timeout.
      expect(answer.body.data).toBeNull();
      expect(answer.body.errors).toHaveLength(1);
      expect([failure(answer.body.errors?.[0])]).toEqual([expect.stringMatching(DEADLINE_OR_TIMEOUT)]);
      // The subgraph's statement was cancelled at its deadline while the table was still held: the
      // call would otherwise have waited for the lock and committed the moment it was released.
      await until(async () => (await waiting()) === 0, 'the waiting publication gave up');
    } finally {
      await holder.query('ROLLBACK');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await stored(2022, 'slow-publication-1')).toEqual({
      values: 0,
      revisions: 0,
      publications: 0,
      keys: 0,
      audited: 0,
    });
  });

  it('retried with the same idempotency key: written once, then the first answer again, and other rows under that key are refused', async () => {
    const key = 'yte-2023-batch-0001';
    await holdPublications();
    try {
      const first = await publish(2023, rowsOf(91), { idempotencyKey: key });
      expect([failure(first.body.errors?.[0])]).toEqual([expect.stringMatching(DEADLINE_OR_TIMEOUT)]);
      await until(async () => (await waiting()) === 0, 'the waiting publication gave up');
    } finally {
      await holder.query('ROLLBACK');
    }
    expect(await stored(2023)).toMatchObject({ values: 0, publications: 0, keys: 0 });

    const retry = await publish(2023, rowsOf(91), { idempotencyKey: key });
    const written = retry.body.data?.publishYteValues;
    expect(written).toEqual({
      applied: true,
      publicationId: expect.any(String),
      created: 2,
      updated: 0,
      unchanged: 0,
      replayed: false,
      rows: [
        { index: 0, outcome: 'CREATED' },
        { index: 1, outcome: 'CREATED' },
      ],
    });
    expect(await stored(2023)).toMatchObject({ values: 2, revisions: 2, publications: 1, keys: 1 });

    // The answer was lost, say: the system retries again. The first answer comes back, nothing is written.
    const again = await publish(2023, rowsOf(91), { idempotencyKey: key });
    expect(again.body).toEqual({ data: { publishYteValues: { ...written, replayed: true } } });
    expect(await stored(2023)).toMatchObject({ values: 2, revisions: 2, publications: 1, keys: 1 });

    const other = await publish(2023, rowsOf(50), { idempotencyKey: key });
    expect(other.body.data).toBeNull();
    expect(other.body.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^idempotencyKey yte-2023-batch-0001 was used on \S+ for a call with other content; a retry must send the same criteria set, year, allOrNothing and rows, and a new call needs a new key$/,
        ),
        path: ['publishYteValues'],
        extensions: expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' }),
      }),
    ]);
    const [value] = await hub.services.YTE.db.dataSource.query(
      `SELECT numerator, revision FROM yte.indicator_value WHERE year = 2023 AND commune_code = '22738'`,
    );
    expect(value).toEqual({ numerator: 91, revision: 1 });
  });

  it('the same key sent twice at once: one call writes, the other answers its result', async () => {
    const key = 'yte-2024-batch-0001';
    const [a, b] = await Promise.all([
      publish(2024, rowsOf(70), { idempotencyKey: key }),
      publish(2024, rowsOf(70), { idempotencyKey: key }),
    ]);
    const answers = [a.body.data?.publishYteValues, b.body.data?.publishYteValues];
    expect(answers.map((x) => x?.replayed).sort()).toEqual([false, true]);
    expect(answers[0]?.publicationId).toBe(answers[1]?.publicationId);
    expect(await stored(2024)).toMatchObject({ values: 2, revisions: 2, publications: 1 });
  });

  it('a malformed key is refused naming the field; a dry run neither records nor reads keys', async () => {
    const bad = await publish(2025, rowsOf(1), { idempotencyKey: 'has space' });
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'idempotencyKey' } });
    const dry = await publish(2023, rowsOf(12), { idempotencyKey: 'yte-2023-batch-0001', dryRun: true });
    expect(dry.body.data?.publishYteValues).toMatchObject({ applied: false, replayed: false, updated: 2 });
    expect(await stored(2025)).toMatchObject({ values: 0, publications: 0 });
  });
});

describe('inside the service', () => {
  const ds = () => hub.services.YTE.db.dataSource;
  const actor = { name: 'test', role: 'SYSTEM', requestId: 'inside-the-service' };
  const insertPublication = `INSERT INTO yte.publication (criteria_set_id, criteria_set_version, year, published_by, request_id, published_at, created, updated, unchanged, rejected)
                             VALUES ('QD06-2019', 1, 2026, 'test', 'inside-the-service', now(), 0, 0, 0, 0)`;
  const count2026 = async () =>
    ((await ds().query(`SELECT count(*)::int AS n FROM yte.publication WHERE year = 2026`)) as { n: number }[])[0]?.n;

  it('a write still open when its deadline passes is rolled back before COMMIT (DEADLINE_EXCEEDED)', async () => {
    const write = withActor(ds(), { ...actor, deadline: Date.now() + 300 }, async (m) => {
      await m.query(insertPublication);
      await new Promise((resolve) => setTimeout(resolve, 400)); // work outside SQL: no statement to cancel
      return 'done';
    });
    await expect(write).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(await count2026()).toBe(0);
  });

  it('a write whose caller has gone is rolled back', async () => {
    await expect(withActor(ds(), { ...actor, abandoned: () => true }, async () => 'never')).rejects.toMatchObject({
      extensions: { code: 'DEADLINE_EXCEEDED' },
    });
    let gone = false;
    const write = withActor(ds(), { ...actor, abandoned: () => gone }, async (m) => {
      await m.query(insertPublication);
      gone = true;
    });
    await expect(write).rejects.toMatchObject({ extensions: { code: 'DEADLINE_EXCEEDED' } });
    expect(await count2026()).toBe(0);
  });

  it(`a serialisation or deadlock failure is retried (at most ${WRITE_ATTEMPTS} attempts), then CONFLICT`, async () => {
    let attempts = 0;
    const result = await withActor(ds(), actor, async (m) => {
      attempts += 1;
      if (attempts < 3)
        await m.query(
          `DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '${attempts === 1 ? '40P01' : '40001'}'; END $$`,
        );
      await m.query(insertPublication);
      return attempts;
    });
    expect(result).toBe(3);
    expect(await count2026()).toBe(1);
    attempts = 0;
    const always = withActor(ds(), actor, async (m) => {
      attempts += 1;
      await m.query(`DO $$ BEGIN RAISE EXCEPTION 'simulated' USING ERRCODE = '40P01'; END $$`);
    });
    await expect(always).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(attempts).toBe(WRITE_ATTEMPTS);
  });
});
