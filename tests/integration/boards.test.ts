/**
 * Boards at every scale, through the real gateway and subgraphs: what a board serves from the
 * assessments LĐTBXH stored equals the live computation for every commune after random
 * publications, for the public and for the province administrator; a board read after a
 * publication reflects it; the whole country ranks in one request and the gateway's own fetches are
 * not capped by the client body limit; statements do not depend on the scope; paging; coded errors
 * for bad scopes; a changed commune whose inputs were not sent is never guessed.
 */
import { systemActor, withActor } from '../../shared/audit/actor';
import type { Indicator } from '../../shared/criteria/types';
import { loadNational } from '../../subgraphs/ldtbxh/places/places';
import { demoRandom } from '../../scripts/demo-model';
import { ASSESSMENT_FIELDS } from '../fixtures/queries';
import { ANONYMOUS } from '../../shared/identity';
import type { BoardInputs } from '../../shared/scoring-inputs';
import { admin, forwardedHeaders, postGraphQL, type TestHub } from '../helpers/hub';
import { publishRows, QD06_INDICATORS, startPublishedNinhThuan, syntheticRows, type Row } from '../helpers/synthetic';

// National boards rank 10,599 communes a test: minutes, not seconds, on a loaded 2-core machine.
jest.setTimeout(600_000);

let hub: TestHub;
const INDICATORS = QD06_INDICATORS;

const publish = (rowsByDepartment: Record<string, Row[]>, year = 2020) => publishRows(hub, rowsByDepartment, year);
const rowsFor = syntheticRows;

const BOARD_FULL = /* GraphQL */ `${ASSESSMENT_FIELDS}
  query($year: Int!) { assessmentBoard(year: $year) { count assessments(sort: CODE) { rank commune { code } assessment { ...A } } } }`;
const LIVE_FULL = /* GraphQL */ `${ASSESSMENT_FIELDS}
  query($year: Int!) { communes(provinceCode: "58", year: $year) { code year(year: $year) { assessment { ...A } } } }`;

type Assessment = Record<string, unknown> & { total: number };

async function boardAndLive(
  who?: ReturnType<typeof admin>,
): Promise<{ board: Map<string, Assessment>; live: Map<string, Assessment> }> {
  const board = await hub.query<{
    assessmentBoard: { count: number; assessments: { commune: { code: string }; assessment: Assessment }[] };
  }>(BOARD_FULL, { year: 2020 }, who);
  expect(board.body.errors).toBeUndefined();
  const live = await hub.query<{ communes: { code: string; year: { assessment: Assessment } }[] }>(
    LIVE_FULL,
    { year: 2020 },
    who,
  );
  expect(live.body.errors).toBeUndefined();
  return {
    board: new Map(
      (board.body.data?.assessmentBoard.assessments ?? []).map((line) => [line.commune.code, line.assessment]),
    ),
    live: new Map((live.body.data?.communes ?? []).map((c) => [c.code, c.year.assessment])),
  };
}

let ninhThuan: string[] = [];

beforeAll(async () => {
  ({ hub, communes: ninhThuan } = await startPublishedNinhThuan('start'));
});

afterAll(async () => {
  await hub?.stop();
});

describe('stored assessments against the live computation', () => {
  it('are equal for every commune after each round of random publications, for the public and the province administrator', async () => {
    for (let round = 0; round < 4; round += 1) {
      const random = demoRandom('rounds', round);
      const communes = ninhThuan.filter(() => random() < 0.2);
      const indicators = INDICATORS.filter(() => random() < 0.3);
      if (communes.length > 0 && indicators.length > 0) await publish(rowsFor(communes, indicators, `round-${round}`));
      for (const who of [undefined, admin()]) {
        const { board, live } = await boardAndLive(who);
        expect(board.size).toBe(65);
        expect([...board.keys()].sort()).toEqual([...live.keys()].sort());
        for (const [code, assessment] of board)
          expect([round, code, assessment]).toEqual([round, code, live.get(code)]);
      }
    }
  });

  it('a board read right after a publication has returned shows it', async () => {
    const code = ninhThuan[3] ?? '';
    const totals = async () =>
      new Map(
        (
          (
            await hub.query<{
              assessmentBoard: { assessments: { commune: { code: string }; assessment: { total: number } }[] };
            }>(`{ assessmentBoard(year: 2020) { assessments { commune { code } assessment { total } } } }`)
          ).body.data?.assessmentBoard.assessments ?? []
        ).map((l) => [l.commune.code, l.assessment.total]),
      );
    const before = await totals();
    // Immunisation from the best band to none: the commune loses 7.1's points at once.
    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 0, denominator: 100 }] });
    const after = await totals();
    const live = await hub.query<{
      commune: { year: { assessment: { total: number; criteria: { number: number; points: number }[] } } };
    }>(`{ commune(code: "${code}") { year(year: 2020) { assessment { total criteria { number points } } } } }`);
    expect(after.get(code)).toBe(live.body.data?.commune.year.assessment.total);
    expect(live.body.data?.commune.year.assessment.criteria.find((c) => c.number === 7)?.points).toBe(0);
    expect(after.get(code)).not.toBe(before.get(code));
    for (const other of ninhThuan.filter((c) => c !== code))
      expect([other, after.get(other)]).toEqual([other, before.get(other)]);
  });

  it('what-if and as-of stay exact beside the stored board', async () => {
    const code = ninhThuan[5] ?? '';
    const beforeChange = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 1, denominator: 100 }] });
    const result = await hub.query<{
      commune: {
        year: { assessment: { total: number }; whatIf: { total: number }; asOf: { assessment: { total: number } } };
      };
    }>(
      `query($at: DateTime!) { commune(code: "${code}") { year(year: 2020) {
         assessment { total }
         whatIf(overrides: [{ indicator: "7.1", numerator: 1, denominator: 100 }]) { total }
         asOf(at: $at) { assessment { total } } } } }`,
      { at: beforeChange },
    );
    expect(result.body.errors).toBeUndefined();
    const year = result.body.data?.commune.year;
    expect(year?.whatIf.total).toBe(year?.assessment.total);
    const board = await hub.query<{
      assessmentBoard: {
        assessments: { commune: { code: string }; assessment: { total: number } }[];
        asOf: { assessments: { commune: { code: string }; assessment: { total: number } }[] };
      };
    }>(
      `query($at: DateTime!) { assessmentBoard(year: 2020) { assessments { commune { code } assessment { total } } asOf(at: $at) { assessments { commune { code } assessment { total } } } } }`,
      { at: beforeChange },
    );
    expect(board.body.errors).toBeUndefined();
    expect(board.body.data?.assessmentBoard.assessments.find((l) => l.commune.code === code)?.assessment.total).toBe(
      year?.assessment.total,
    );
    expect(
      board.body.data?.assessmentBoard.asOf.assessments.find((l) => l.commune.code === code)?.assessment.total,
    ).toBe(year?.asOf.assessment.total);
  });
});

describe('the answers LĐTBXH keeps for repeated boards', () => {
  type Board = {
    assessmentBoard: {
      assessments: {
        commune: { code: string };
        assessment: Assessment & {
          criteria: {
            indicators: { department: string; numerator: number | null; count: number | null; value: boolean | null }[];
          }[];
        };
      }[];
    };
  };
  const read = async (who?: ReturnType<typeof admin>) => {
    const before = hub.statementCounts();
    const result = await hub.query<Board>(BOARD_FULL, { year: 2020 }, who);
    const after = hub.statementCounts();
    expect(result.body.errors).toBeUndefined();
    return { body: result.body, ldtbxh: after.LDTBXH - before.LDTBXH, yte: after.YTE - before.YTE };
  };
  const lineOf = (body: { data?: Board | null }, code: string) =>
    body.data?.assessmentBoard.assessments.find((l) => l.commune.code === code)?.assessment;

  it('answer a repeated board without recomputing its details while its stamps stand; a publication and another caller move the key', async () => {
    const code = ninhThuan[9] ?? '';
    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 70, denominator: 100 }] });
    await read(); // recomputes the commune and stores it
    const kept = await read(); // nothing to recompute: the answer is kept
    const again = await read(); // the kept answer: the page's details are not read or recomputed
    expect(again.body).toEqual(kept.body);
    expect(again.yte).toBe(kept.yte);
    expect(again.ldtbxh).toBeLessThan(kept.ldtbxh);

    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 99, denominator: 100 }] });
    const after = await read();
    const live = await hub.query<{ commune: { year: { assessment: Assessment } } }>(
      `${ASSESSMENT_FIELDS} query { commune(code: "${code}") { year(year: 2020) { assessment { ...A } } } }`,
    );
    expect(lineOf(after.body, code)).toEqual(live.body.data?.commune.year.assessment);
    expect(lineOf(after.body, code)?.total).not.toBe(lineOf(again.body, code)?.total);

    // The province administrator is not answered with what the public was: Công an's figures show.
    const figures = (body: { data?: Board | null }) =>
      lineOf(body, code)?.criteria.flatMap((c) =>
        c.indicators.filter((i) => i.department === 'CONGAN').flatMap((i) => [i.numerator, i.count, i.value]),
      ) ?? [];
    const publicFigures = figures((await read()).body);
    const adminFigures = figures((await read(admin())).body);
    expect(publicFigures.length).toBeGreaterThan(0);
    expect(publicFigures.every((n) => n === null)).toBe(true);
    expect(adminFigures.some((n) => n !== null)).toBe(true);
  });
});

describe('a changed commune whose inputs were not sent', () => {
  it('is answered ASSESSMENT_UNAVAILABLE, forgotten, and right at the next read', async () => {
    const code = ninhThuan[7] ?? '';
    const QUERY = `{ assessmentBoard(year: 2020) { assessments { commune { code } assessment { total } } } }`;
    expect((await hub.query(QUERY)).body.errors).toBeUndefined();
    // As after a restore of LĐTBXH's database to another moment than Y tế's: the stored assessment
    // says it was computed from other Y tế values than Y tế holds, and Y tế changed nothing since.
    const ds = hub.services.LDTBXH.db.dataSource;
    await ds.query(
      `UPDATE ldtbxh.assessment_store SET stamp = regexp_replace(stamp, 'YTE=[0-9.]+', 'YTE=99.999') WHERE year = 2020 AND commune_code = $1`,
      [code],
    );
    await withActor(hub.services.YTE.db.dataSource, systemActor('boards test'), (m) =>
      m.query(
        `UPDATE yte.indicator_value SET published_at = published_at - interval '1 day' WHERE year = 2020 AND commune_code = $1`,
        [code],
      ),
    );
    const first = await hub.query(QUERY);
    expect(first.body.errors?.[0]?.extensions?.code).toBe('ASSESSMENT_UNAVAILABLE');
    const second = await hub.query<{
      assessmentBoard: { assessments: { commune: { code: string }; assessment: { total: number } }[] };
    }>(QUERY);
    expect(second.body.errors).toBeUndefined();
    const live = await hub.query<{ commune: { year: { assessment: { total: number } } } }>(
      `{ commune(code: "${code}") { year(year: 2020) { assessment { total } } } }`,
    );
    expect(second.body.data?.assessmentBoard.assessments.find((l) => l.commune.code === code)?.assessment.total).toBe(
      live.body.data?.commune.year.assessment.total,
    );
  });
});

describe("the departments' watermarks", () => {
  const WATERMARKS =
    /^w1:LDTBXH=\d+(\+\d+)*,YTE=\d+(\+\d+)*,TUPHAP=\d+(\+\d+)*,GDDT=\d+(\+\d+)*,CONGAN=\d+(\+\d+)*,VHTTDL=\d+(\+\d+)*$/;
  const TOTALS = `{ assessmentBoard(year: 2020) { assessments { commune { code } assessment { total } } } }`;
  const totals = async () => {
    const result = await hub.query<{
      assessmentBoard: { assessments: { commune: { code: string }; assessment: { total: number } }[] };
    }>(TOTALS);
    expect(result.body.errors).toBeUndefined();
    return new Map(
      (result.body.data?.assessmentBoard.assessments ?? []).map((l) => [l.commune.code, l.assessment.total]),
    );
  };
  const liveTotal = async (code: string) =>
    (
      await hub.query<{ commune: { year: { assessment: { total: number } } } }>(
        `{ commune(code: "${code}") { year(year: 2020) { assessment { total } } } }`,
      )
    ).body.data?.commune.year.assessment.total;
  /** The board's key as LĐTBXH gives it, asked straight at the subgraph. */
  const boardKey = async () => {
    const result = await postGraphQL<{ assessmentBoard: { scope: string; year: number; since: string } }>(
      hub.services.LDTBXH.url,
      `{ assessmentBoard(year: 2020) { scope year since } }`,
      {},
      await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'ldtbxh'),
    );
    expect(result.body.errors).toBeUndefined();
    const key = result.body.data?.assessmentBoard;
    if (!key) throw new Error('no board key');
    return key;
  };
  /** What Y tế sends for that key, asked straight at the subgraph. */
  const yteChanges = async (key: { scope: string; year: number; since: string }) => {
    const result = await postGraphQL<{ _entities: { yteChanges: BoardInputs }[] }>(
      hub.services.YTE.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on AssessmentBoard { yteChanges } } }`,
      { r: [{ __typename: 'AssessmentBoard', ...key }] },
      await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'yte'),
    );
    expect(result.body.errors).toBeUndefined();
    const changes = result.body.data?._entities[0]?.yteChanges;
    if (!changes) throw new Error('no changes');
    return changes;
  };

  it('once a publication is stored, the next board is sent no inputs, and its key stays the same until the next publication', async () => {
    const code = ninhThuan[9] ?? '';
    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 12, denominator: 100 }] });
    await totals(); // recomputes the commune and records the watermarks
    const key = await boardKey();
    expect(key.since).toMatch(WATERMARKS);
    const quiet = await yteChanges(key);
    expect(Object.keys(quiet.inputs)).toEqual([]);
    expect(quiet.stamps).toContain(`${code}=`);
    // Read again within the second: nothing sent, nothing written, the same key (so the gateway may replay it).
    await totals();
    expect((await boardKey()).since).toBe(key.since);
    // The next publication is sent, exactly: the one commune it wrote.
    await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 13, denominator: 100 }] });
    expect(Object.keys((await yteChanges(key)).inputs)).toEqual([code]);
    expect((await totals()).get(code)).toBe(await liveTotal(code));
    const next = await boardKey();
    expect(next.since).not.toBe(key.since);
    expect(Object.keys((await yteChanges(next)).inputs)).toEqual([]);
  });

  it('a transaction running elsewhere on the server while a board records its watermarks does not make the next board send the publication again', async () => {
    const code = ninhThuan[10] ?? '';
    // Another transaction, holding an id older than the publication's, open throughout.
    const other = hub.services.CONGAN.db.dataSource.createQueryRunner();
    try {
      await other.startTransaction();
      const xid = ((await other.query(`SELECT pg_current_xact_id()::text AS xid`)) as { xid: string }[])[0]?.xid ?? '';
      await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 21, denominator: 100 }] });
      expect((await totals()).get(code)).toBe(await liveTotal(code));
      const key = await boardKey();
      expect(key.since).toMatch(WATERMARKS);
      // Y tế's watermark names the open transaction among those it could not see ...
      expect(key.since).toMatch(new RegExp(`YTE=\\d+(\\+\\d+)*\\+${xid}[+,]`));
      // ... and not the publication, which had ended: nothing is sent again, the key stays.
      expect(Object.keys((await yteChanges(key)).inputs)).toEqual([]);
      await totals();
      expect((await boardKey()).since).toBe(key.since);
      await other.commitTransaction();
      // It wrote no value: still nothing to send.
      expect(Object.keys((await yteChanges(key)).inputs)).toEqual([]);
    } finally {
      if (other.isTransactionActive) await other.rollbackTransaction();
      await other.release();
    }
  });

  it('a write whose transaction was running while a board recorded its watermarks is sent to the next board', async () => {
    const [running, other] = [ninhThuan[11] ?? '', ninhThuan[12] ?? ''];
    await publish({ YTE: [{ commune: running, indicator: '7.1', numerator: 100, denominator: 100 }] });
    const before = await totals();
    // A Y tế write in flight: immunisation of one commune to none, not yet committed.
    let commit: () => void = () => undefined;
    const committed = new Promise<void>((resolve) => (commit = resolve));
    let written: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (written = resolve));
    const transaction = withActor(hub.services.YTE.db.dataSource, systemActor('boards test'), async (m) => {
      await m.query(
        `UPDATE yte.indicator_value SET numerator = 0, revision = revision + 1, written_xid = pg_current_xact_id()
          WHERE year = 2020 AND commune_code = $1 AND indicator_code = '7.1'`,
        [running],
      );
      written();
      await committed;
    });
    await inFlight;
    // Meanwhile another department publishes: the board is sent inputs and records new watermarks,
    // taken while the write above is still running.
    await publish({ GDDT: [{ commune: other, indicator: '10.1', numerator: 90, denominator: 100 }] });
    const during = await totals();
    expect(during.get(running)).toBe(before.get(running));
    expect(during.get(other)).toBe(await liveTotal(other));
    commit();
    await transaction;
    const after = await totals();
    expect(after.get(running)).toBe(await liveTotal(running));
    expect(after.get(running)).not.toBe(before.get(running));
  });
});

describe('paging', () => {
  it('pages of `first` after a cursor add up to the whole board, in order, with ranks across the scope', async () => {
    const whole = await hub.query<{
      assessmentBoard: { count: number; assessments: { rank: number; cursor: string; commune: { code: string } }[] };
    }>(`{ assessmentBoard(year: 2020) { count assessments { rank cursor commune { code } } } }`);
    const all = whole.body.data?.assessmentBoard.assessments ?? [];
    expect(whole.body.data?.assessmentBoard.count).toBe(65);
    const paged: typeof all = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: { body: { data?: { assessmentBoard: { assessments: typeof all } } | null } } = await hub.query(
        `query($after: String) { assessmentBoard(year: 2020) { assessments(first: 20, after: $after) { rank cursor commune { code } } } }`,
        after === null ? {} : { after },
      );
      const lines: typeof all = result.body.data?.assessmentBoard.assessments ?? [];
      paged.push(...lines);
      if (lines.length < 20) break;
      after = lines[lines.length - 1]?.cursor ?? null;
    }
    expect(paged).toEqual(all);
    const ranks = all.map((line) => line.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(ranks[0]).toBe(1);
  });

  it('a bad page size or cursor is a coded error naming the field', async () => {
    for (const [args, field] of [
      ['first: -1', 'first'],
      ['after: "nonsense"', 'after'],
    ] as const) {
      const result = await hub.query(`{ assessmentBoard(year: 2020) { assessments(${args}) { rank } } }`);
      expect([args, result.body.errors?.[0]?.extensions?.code, result.body.errors?.[0]?.extensions?.field]).toEqual([
        args,
        'BAD_USER_INPUT',
        field,
      ]);
    }
  });
});

describe('scope arguments', () => {
  it.each([
    ['assessmentBoard(year: 2020, country: true, provinceCode: "58") { count }', 'country'],
    ['assessmentBoard(year: 2020, country: true, districtCode: "584") { count }', 'country'],
    ['assessmentBoard(year: 2020, provinceCode: "58", districtCode: "584") { count }', 'provinceCode'],
    ['assessmentBoard(year: 2020, provinceCode: null) { count }', 'provinceCode'],
    ['assessmentBoard(year: 2020, districtCode: null) { count }', 'districtCode'],
    ['assessmentBoard(year: 2020, country: null) { count }', 'country'],
    ['assessmentBoard(year: 2020, provinceCode: "99") { count }', 'provinceCode'],
    ['assessmentBoard(year: 2020, districtCode: "999") { count }', 'districtCode'],
    ['assessmentBoard(year: 2020, districtCode: "58") { count }', 'districtCode'],
    ['recognitionOverview(year: 2020, provinceCode: null) { year }', 'provinceCode'],
    ['recognitionOverview(year: 2020, country: true, provinceCode: "58") { year }', 'country'],
    ['recognitionOverview(year: 2020, provinceCode: "99") { year }', 'provinceCode'],
  ])('%s → BAD_USER_INPUT on %s', async (field, name) => {
    const result = await hub.query(`{ ${field} }`);
    expect(result.body.data ?? null).toBeNull();
    expect(result.body.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: name }) }),
    ]);
  });
});

describe('the whole country', () => {
  beforeAll(async () => {
    const ds = hub.services.LDTBXH.db.dataSource;
    await withActor(ds, systemActor('boards test'), (m) => loadNational(m));
  });

  it("one request ranks all 10,599 communes; the gateway's own fetches carry megabytes with the default 2 MB client limit", async () => {
    const rowsOfCodes: { code: string }[] = await hub.services.LDTBXH.db.dataSource.query(
      `SELECT DISTINCT code FROM reference.commune WHERE (valid_from IS NULL OR valid_from <= '2020-12-31') AND (valid_to IS NULL OR valid_to >= '2020-01-01') ORDER BY code`,
    );
    const codes = rowsOfCodes.map((r) => r.code);
    expect(codes.length).toBe(10599);
    // One indicator of every department for every commune of the country (each call well under the client limit).
    const picked = ['2.1', '3.1', '7.1', '10.1', '12.1'].map(
      (code) => INDICATORS.find((i) => i.code === code) as Indicator,
    );
    const rows = rowsFor(codes, picked, 'national');
    for (const [department, list] of Object.entries(rows)) {
      for (let start = 0; start < list.length; start += 5000)
        await publish({ [department]: list.slice(start, start + 5000) });
    }
    const QUERY = `{ assessmentBoard(year: 2020, country: true) { count assessments { rank commune { code } assessment { total status eligible } } } }`;
    const cold = await hub.query<{
      assessmentBoard: {
        count: number;
        assessments: { rank: number; commune: { code: string }; assessment: { total: number; status: string } }[];
      };
    }>(QUERY);
    expect(cold.body.errors).toBeUndefined();
    expect(cold.body.data?.assessmentBoard.count).toBe(10599);
    const lines = cold.body.data?.assessmentBoard.assessments ?? [];
    expect(lines).toHaveLength(10599);
    expect(new Set(lines.map((l) => l.commune.code)).size).toBe(10599);
    const totals = lines.map((l) => l.assessment.total);
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    // Hà Nội's first commune: what the country board says is what its own assessment says.
    const live = await hub.query<{ commune: { year: { assessment: { total: number } } } }>(
      `{ commune(code: "00001") { year(year: 2020) { assessment { total } } } }`,
    );
    expect(lines.find((l) => l.commune.code === '00001')?.assessment.total).toBe(
      live.body.data?.commune.year.assessment.total,
    );
    const warm = await hub.query(QUERY);
    expect(warm.body).toEqual(cold.body);
  });

  it('SQL statements per request are the same for a district, a province and the country, warm and after a publication', async () => {
    const statements = async (scope: string) => {
      const query = `{ assessmentBoard(year: 2020, ${scope}) { assessments { rank commune { name } assessment { total status eligible } } } }`;
      const before = hub.statementCounts();
      const result = await hub.query(query);
      expect(result.body.errors).toBeUndefined();
      const after = hub.statementCounts();
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - before[k as keyof typeof before]]));
    };
    const scopes = ['districtCode: "584"', 'provinceCode: "58"', 'provinceCode: "01"', 'country: true'];
    for (const scope of scopes) await statements(scope); // every scope stored and verified
    const warm: Record<string, number>[] = [];
    for (const scope of scopes) warm.push(await statements(scope));
    for (const counts of warm) expect([scopes, counts]).toEqual([scopes, warm[0]]);
    // After a publication for a commune of district 584: every board recomputes that commune.
    const district = await hub.query<{ communes: { code: string }[] }>(
      `{ communes(districtCode: "584", year: 2020) { code } }`,
    );
    const code = district.body.data?.communes[0]?.code ?? '';
    const containing = scopes.filter((scope) => scope !== 'provinceCode: "01"');
    const changed: Record<string, number>[] = [];
    for (const [i, scope] of containing.entries()) {
      await publish({ YTE: [{ commune: code, indicator: '7.1', numerator: 40 + i, denominator: 100 }] });
      changed.push(await statements(scope));
    }
    expect(changed).toEqual(containing.map(() => changed[0]));
  });

  it('the country overview has one line per province', async () => {
    const result = await hub.query<{
      recognitionOverview: {
        scope: string;
        province: { communes: number };
        districts: unknown[];
        provinces: { province: { code: string }; progress: { communes: number } }[];
      };
    }>(
      `{ recognitionOverview(year: 2020, country: true) { scope province { communes } districts { progress { communes } } provinces { province { code } progress { communes } } } }`,
    );
    expect(result.body.errors).toBeUndefined();
    const overview = result.body.data?.recognitionOverview;
    expect(overview?.scope).toBe('country');
    expect(overview?.province.communes).toBe(10599);
    expect(overview?.districts).toEqual([]);
    expect(overview?.provinces).toHaveLength(63);
    expect(overview?.provinces.reduce((sum, p) => sum + p.progress.communes, 0)).toBe(10599);
    expect(overview?.provinces.find((p) => p.province.code === '58')?.progress.communes).toBe(65);
  });
});
