/**
 * Concurrent publishing through the gateway, over real HTTP: many department clients publishing
 * overlapping rows (the same communes and indicators, other values, each call in its own order) for
 * a year with no values yet, so the first publications race too. No call may fail, and what every
 * call answers must be exactly what it stored: revisions gap-free, each the value its call sent and
 * counted as its call reported, the current value the last revision, and no publication from a
 * call that was not answered as a success.
 */
import { publisher, startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

const PUBLISH = /* GraphQL */ `
  mutation Publish($input: PublishValuesInput!) {
    publishYteValues(input: $input) { applied publicationId created updated unchanged rejectedCount rows { index outcome } }
  }
`;

interface Answer {
  applied: boolean;
  publicationId: string | null;
  created: number;
  updated: number;
  unchanged: number;
  rejectedCount: number;
  rows: { index: number; outcome: 'CREATED' | 'UPDATED' | 'UNCHANGED' | 'REJECTED' }[];
}

interface SentRow {
  commune: string;
  indicator: string;
  numerator: number;
  denominator: number;
}

const CLIENTS = 12;
const CALLS = 15;
const YEAR = 2021;
const INDICATORS = ['7.1', '8.1', '8.2', '9.1'];

/** A small deterministic generator, so a failure can be reproduced from the test alone. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

it(`${CLIENTS} clients × ${CALLS} overlapping calls, first publications included: no error, and every answer is what was stored`, async () => {
  const communes = (
    (await hub.query<{ communes: { code: string }[] }>(`{ communes(year: ${YEAR}) { code } }`)).body.data?.communes ??
    []
  )
    .slice(0, 6)
    .map((c) => c.code);
  expect(communes).toHaveLength(6);
  const keys = communes.flatMap((commune) => INDICATORS.map((indicator) => ({ commune, indicator })));
  const [before] = await hub.services.YTE.db.dataSource.query(
    `SELECT count(*)::int AS n FROM yte.indicator_value WHERE year = $1`,
    [YEAR],
  );
  expect(before).toEqual({ n: 0 });

  const calls: {
    client: number;
    call: number;
    rows: SentRow[];
    status: number;
    errors: unknown;
    answer: Answer | null;
  }[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      const headers = await hub.headersFor(publisher('YTE', `yte-client-${client}`));
      const random = generator(client * 7919 + 17);
      for (let call = 0; call < CALLS; call += 1) {
        // An overlapping subset of the 24 keys in its own order; few values, so some rows are UNCHANGED.
        const rows = keys
          .filter(() => random() < 0.7)
          .map((key) => ({ ...key, numerator: Math.floor(random() * 4), denominator: 10 }))
          .sort(() => random() - 0.5);
        if (rows.length === 0) rows.push({ ...keys[call % keys.length]!, numerator: 1, denominator: 10 });
        const response = await fetch(hub.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            query: PUBLISH,
            variables: { input: { criteriaSetId: 'QD06-2019', year: YEAR, rows } },
          }),
        });
        const body = (await response.json()) as { data?: { publishYteValues: Answer } | null; errors?: unknown };
        calls.push({
          client,
          call,
          rows,
          status: response.status,
          errors: body.errors ?? null,
          answer: body.data?.publishYteValues ?? null,
        });
      }
    }),
  );

  // 0 errors.
  expect(calls).toHaveLength(CLIENTS * CALLS);
  expect(
    calls
      .filter((c) => c.status !== 200 || c.errors !== null || !c.answer?.applied)
      .map((c) => [c.client, c.call, c.status, c.errors]),
  ).toEqual([]);

  const ds = hub.services.YTE.db.dataSource;
  const revisions: {
    commune: string;
    indicator: string;
    revision: number;
    publicationId: string;
    numerator: number;
    denominator: number;
  }[] = await ds.query(
    `SELECT v.commune_code AS commune, v.indicator_code AS indicator, r.revision, r.publication_id::text AS "publicationId", r.numerator, r.denominator
       FROM yte.indicator_value_revision r JOIN yte.indicator_value v ON v.id = r.value_id
      WHERE v.year = $1 ORDER BY v.commune_code, v.indicator_code, r.revision`,
    [YEAR],
  );
  const current: { commune: string; indicator: string; revision: number; publicationId: string; numerator: number }[] =
    await ds.query(
      `SELECT commune_code AS commune, indicator_code AS indicator, revision, publication_id::text AS "publicationId", numerator
       FROM yte.indicator_value WHERE year = $1 ORDER BY commune_code, indicator_code`,
      [YEAR],
    );
  const publications: { id: string; created: number; updated: number; unchanged: number }[] = await ds.query(
    `SELECT id::text, created, updated, unchanged FROM yte.publication WHERE year = $1 ORDER BY id`,
    [YEAR],
  );

  const byPublication = new Map(calls.filter((c) => c.answer?.publicationId).map((c) => [c.answer!.publicationId!, c]));
  // Every stored publication belongs to a call answered as a success, and each such call has one.
  expect(publications.map((p) => p.id).sort()).toEqual([...byPublication.keys()].sort());
  for (const p of publications) {
    const answer = byPublication.get(p.id)!.answer!;
    expect([p.id, p.created, p.updated, p.unchanged]).toEqual([p.id, answer.created, answer.updated, answer.unchanged]);
  }

  const problems: string[] = [];
  for (const key of keys) {
    const own = revisions.filter((r) => r.commune === key.commune && r.indicator === key.indicator);
    const sentTimes = calls.filter((c) =>
      c.rows.some((row) => row.commune === key.commune && row.indicator === key.indicator),
    ).length;
    if (sentTimes === 0) continue;
    // Gap-free: 1, 2, …, n.
    if (own.map((r) => r.revision).join() !== own.map((_, i) => i + 1).join())
      problems.push(`${key.commune}/${key.indicator}: revisions ${own.map((r) => r.revision).join()}`);
    own.forEach((revision) => {
      const call = byPublication.get(revision.publicationId);
      const index = call?.rows.findIndex((row) => row.commune === key.commune && row.indicator === key.indicator) ?? -1;
      const outcome = call?.answer?.rows[index]?.outcome;
      const expected = revision.revision === 1 ? 'CREATED' : 'UPDATED';
      if (outcome !== expected)
        problems.push(
          `${key.commune}/${key.indicator} revision ${revision.revision}: its call answered ${outcome}, not ${expected}`,
        );
      if (call && call.rows[index]?.numerator !== revision.numerator)
        problems.push(
          `${key.commune}/${key.indicator} revision ${revision.revision}: stored ${revision.numerator}, sent ${call.rows[index]?.numerator}`,
        );
    });
    const last = own[own.length - 1];
    const now = current.find((v) => v.commune === key.commune && v.indicator === key.indicator);
    if (
      !last ||
      !now ||
      now.revision !== last.revision ||
      now.numerator !== last.numerator ||
      now.publicationId !== last.publicationId
    ) {
      problems.push(
        `${key.commune}/${key.indicator}: current ${JSON.stringify(now)} is not the last revision ${JSON.stringify(last)}`,
      );
    }
  }
  // Each call's counts and row outcomes are exactly the revisions it wrote.
  for (const c of calls) {
    const written = revisions.filter((r) => r.publicationId === c.answer?.publicationId);
    const outcomes = c.answer?.rows.map((r) => r.outcome) ?? [];
    const count = (o: string) => outcomes.filter((x) => x === o).length;
    if (c.answer?.publicationId === null && count('CREATED') + count('UPDATED') > 0)
      problems.push(`call ${c.client}/${c.call}: changes reported without a publication`);
    if (
      [c.answer?.created, c.answer?.updated, c.answer?.unchanged].join() !==
      [count('CREATED'), count('UPDATED'), count('UNCHANGED')].join()
    ) {
      problems.push(`call ${c.client}/${c.call}: counts disagree with its row outcomes`);
    }
    if (
      c.answer?.publicationId &&
      [written.filter((r) => r.revision === 1).length, written.filter((r) => r.revision > 1).length].join() !==
        [count('CREATED'), count('UPDATED')].join()
    ) {
      problems.push(
        `call ${c.client}/${c.call}: answered ${count('CREATED')} created, ${count('UPDATED')} updated; stored ${written.length} revisions`,
      );
    }
  }
  expect(problems).toEqual([]);
  // The race really happened: first publications of the same values from many clients, and updates.
  expect(new Set(revisions.filter((r) => r.revision === 1).map((r) => r.publicationId)).size).toBeGreaterThan(1);
  expect(revisions.filter((r) => r.revision > 1).length).toBeGreaterThan(keys.length);
}, 120_000);
