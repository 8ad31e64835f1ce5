/**
 * Who may do what (README "Who may do what"): for every role, allowed and refused writes of every
 * kind, through the gateway and straight at a subgraph; authentication failures; the audit trail
 * recording each allowed write and nothing else; sensitive figures withheld.
 */
import fs from 'node:fs';
import type { DepartmentCode } from '../../shared/departments';
import { mintUserToken, ANONYMOUS, hashApiKeySecret } from '../../shared/identity';
import { projectPath } from '../../shared/paths';
import {
  forwardedHeaders,
  postGraphQL,
  admin,
  communeOfficer,
  districtOfficer,
  provinceOfficer,
  publisher,
  startTestHub,
  type TestHub,
  type TestIdentity,
} from '../helpers/hub';

let hub: TestHub;
const shipped = JSON.parse(fs.readFileSync(projectPath('criteria-sets', 'qd06-2019.v1.json'), 'utf8')) as Record<
  string,
  unknown
>;

beforeAll(async () => {
  hub = await startTestHub();
});

afterAll(async () => {
  await hub?.stop();
});

type Body = { errors?: { extensions?: Record<string, unknown> }[]; data?: unknown };
/** A kind of write: the service that owns it, and the operation (fresh variables each time). */
type Write = { name: string; service: DepartmentCode; query: string; variables: () => Record<string, unknown> };

let version = 10;
let registrations = 0;
// Every allowed write must change something (an identical value would be UNCHANGED and write nothing).
let counter = 0;
let reports = 0;
const WRITES: Record<string, Write> = {
  publishYte: {
    name: 'publish YTE values',
    service: 'YTE',
    query: `mutation($i: PublishValuesInput!) { publishYteValues(input: $i) { applied } }`,
    variables: () => ({
      i: {
        criteriaSetId: 'QD06-2019',
        year: 2020,
        rows: [{ commune: '22783', indicator: '5.1', count: 100 + (counter += 1) }],
      },
    }),
  },
  publishLdtbxh: {
    name: 'publish LDTBXH values',
    service: 'LDTBXH',
    query: `mutation($i: PublishValuesInput!) { publishLdtbxhValues(input: $i) { applied } }`,
    variables: () => ({
      i: {
        criteriaSetId: 'QD06-2019',
        year: 2020,
        rows: [{ commune: '22783', indicator: '6.1', numerator: (counter += 1), denominator: 1000 }],
      },
    }),
  },
  setCategory: {
    name: 'set a commune category',
    service: 'LDTBXH',
    query: `mutation($i: SetCommuneCategoryInput!) { setCommuneCategory(input: $i) { fromYear } }`,
    variables: () => ({
      i: {
        commune: '22783',
        category: 'MOUNTAIN_ISLAND_DISADVANTAGED',
        fromYear: 2021 + (counter += 1),
        source: 'QĐ test',
        provisional: false,
      },
    }),
  },
  loadSet: {
    name: 'load a criteria set',
    service: 'LDTBXH',
    query: `mutation($d: String!) { loadCriteriaSet(document: $d) { outcome } }`,
    variables: () => ({ d: JSON.stringify({ ...shipped, version: (version += 1) }) }),
  },
  registerCommune: {
    name: 'register commune 22783 for recognition',
    service: 'LDTBXH',
    query: `mutation($y: Int!) { registerForRecognition(commune: "22783", year: $y) { state } }`,
    variables: () => ({ y: 2031 + (registrations += 1) }),
  },
  submitDistrictReport: {
    name: "submit Bác Ái's annual report",
    service: 'LDTBXH',
    query: `mutation($y: Int!) { submitReport(year: $y, districtCode: "584") { timeliness } }`,
    // Years of the old map: from 1 July 2025 communes report to the province, not to a district.
    variables: () => ({ y: 2024 - (reports += 1) }),
  },
  assignSet: {
    name: 'assign a criteria set to a year',
    service: 'LDTBXH',
    query: `mutation($i: AssignCriteriaSetInput!) { assignCriteriaSet(input: $i) { year } }`,
    variables: () => ({ i: { year: 2021, criteriaSetId: 'QD06-2019', note: 'test' } }),
  },
};

type Via = 'the gateway' | 'straight at the subgraph';

/**
 * Sends a write as `who`: through the gateway (which authenticates the token), or straight at the
 * owning subgraph with the identity signed as the gateway would (so the subgraph's own rules are
 * what decides, with no gateway in between).
 */
async function send(write: Write, who: TestIdentity | Record<string, string>, via: Via): Promise<Body> {
  if (via === 'the gateway') return (await hub.query(write.query, write.variables(), who)).body;
  const identity = 'role' in who ? { ...(who as TestIdentity), via: 'token' as const } : ANONYMOUS;
  const headers = await forwardedHeaders(identity, hub.internalSecret, write.service.toLowerCase());
  return (await postGraphQL(hub.services[write.service].url, write.query, write.variables(), headers)).body;
}

/** Audit rows of every service, to show which writes were recorded. */
async function auditCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [code, service] of Object.entries(hub.services)) {
    const [row] = await service.db.dataSource.query(
      `SELECT count(*)::int AS n FROM "${code.toLowerCase()}".audit_event`,
    );
    counts[code] = (row as { n: number }).n;
  }
  return counts;
}

const ROLES: [string, TestIdentity | Record<string, string>, string[], Record<string, string>][] = [
  // role, identity, allowed writes, refused writes with their code
  [
    'province administrator',
    admin(),
    ['setCategory', 'loadSet', 'assignSet', 'publishLdtbxh', 'registerCommune', 'submitDistrictReport'],
    { publishYte: 'FORBIDDEN' },
  ],
  [
    'department publisher (YTE)',
    publisher('YTE'),
    ['publishYte'],
    {
      publishLdtbxh: 'FORBIDDEN',
      setCategory: 'FORBIDDEN',
      loadSet: 'FORBIDDEN',
      assignSet: 'FORBIDDEN',
      registerCommune: 'FORBIDDEN',
      submitDistrictReport: 'FORBIDDEN',
    },
  ],
  [
    'department publisher (LDTBXH)',
    publisher('LDTBXH'),
    ['publishLdtbxh'],
    {
      publishYte: 'FORBIDDEN',
      setCategory: 'FORBIDDEN',
      loadSet: 'FORBIDDEN',
      assignSet: 'FORBIDDEN',
      registerCommune: 'FORBIDDEN',
    },
  ],
  [
    'district officer (Bác Ái)',
    districtOfficer('584'),
    ['submitDistrictReport'],
    {
      publishYte: 'FORBIDDEN',
      publishLdtbxh: 'FORBIDDEN',
      setCategory: 'FORBIDDEN',
      loadSet: 'FORBIDDEN',
      assignSet: 'FORBIDDEN',
      registerCommune: 'FORBIDDEN',
    },
  ],
  [
    'district officer (another district)',
    districtOfficer('582'),
    [],
    { submitDistrictReport: 'FORBIDDEN', registerCommune: 'FORBIDDEN', publishYte: 'FORBIDDEN' },
  ],
  [
    'province officer (Ninh Thuận)',
    provinceOfficer('58'),
    [],
    {
      submitDistrictReport: 'FORBIDDEN',
      registerCommune: 'FORBIDDEN',
      publishYte: 'FORBIDDEN',
      publishLdtbxh: 'FORBIDDEN',
      setCategory: 'FORBIDDEN',
      loadSet: 'FORBIDDEN',
      assignSet: 'FORBIDDEN',
    },
  ],
  [
    'commune officer (Phước Bình)',
    communeOfficer('22783'),
    ['registerCommune'],
    {
      publishYte: 'FORBIDDEN',
      publishLdtbxh: 'FORBIDDEN',
      setCategory: 'FORBIDDEN',
      loadSet: 'FORBIDDEN',
      assignSet: 'FORBIDDEN',
      submitDistrictReport: 'FORBIDDEN',
    },
  ],
  [
    'commune officer (another commune)',
    communeOfficer('22786'),
    [],
    { registerCommune: 'FORBIDDEN', submitDistrictReport: 'FORBIDDEN' },
  ],
  [
    'public',
    {},
    [],
    {
      publishYte: 'UNAUTHENTICATED',
      publishLdtbxh: 'UNAUTHENTICATED',
      setCategory: 'UNAUTHENTICATED',
      loadSet: 'UNAUTHENTICATED',
      assignSet: 'UNAUTHENTICATED',
      registerCommune: 'UNAUTHENTICATED',
      submitDistrictReport: 'UNAUTHENTICATED',
    },
  ],
];

const MATRIX = (['the gateway', 'straight at the subgraph'] as Via[]).flatMap((via) =>
  ROLES.map(([label, who, allowed, refused]) => [via, label, who, allowed, refused] as const),
);

describe.each(MATRIX)('through %s, as %s', (via, _label, who, allowed, refused) => {
  // Officers of another area have no allowed write here: for them every write is refused below.
  const allowedCases = allowed.length > 0 ? allowed.map((w) => [w]) : [['(none)']];
  it.each(allowedCases)('may %s, and the audit trail records it', async (write) => {
    if (write === '(none)') {
      expect(allowed).toEqual([]);
      return;
    }
    const before = await auditCounts();
    const body = await send(WRITES[write] as Write, who, via);
    expect(body?.errors).toBeUndefined();
    const after = await auditCounts();
    const grown = Object.entries(after)
      .filter(([code, n]) => n > (before[code] ?? 0))
      .map(([code]) => code);
    expect(grown).toEqual([write === 'publishYte' ? 'YTE' : 'LDTBXH']);
    const service = write === 'publishYte' ? hub.services.YTE : hub.services.LDTBXH;
    const [latest] = await service.db.dataSource.query(
      `SELECT actor, role FROM "${write === 'publishYte' ? 'yte' : 'ldtbxh'}".audit_event ORDER BY id DESC LIMIT 1`,
    );
    expect(latest).toEqual({ actor: (who as TestIdentity).subject, role: (who as TestIdentity).role });
  });

  it.each(Object.entries(refused))('may not %s (%s), and nothing is recorded', async (write, code) => {
    const before = await auditCounts();
    const body = await send(WRITES[write] as Write, who, via);
    expect(body?.errors?.[0]?.extensions?.code).toBe(code);
    expect(await auditCounts()).toEqual(before);
  });
});

describe('straight at a subgraph, bypassing the gateway', () => {
  const PUBLISH = `mutation($i: PublishValuesInput!) { publishYteValues(input: $i) { applied } }`;
  const input = {
    i: { criteriaSetId: 'QD06-2019', year: 2020, rows: [{ commune: '22783', indicator: '5.1', count: 9 }] },
  };

  it("without the gateway's identity: 401, nothing recorded", async () => {
    const before = await auditCounts();
    const result = await postGraphQL(hub.services.YTE.url, PUBLISH, input, {
      authorization: (await hub.headersFor(publisher('YTE'))).authorization ?? '',
    });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await auditCounts()).toEqual(before);
  });

  it('with a forged identity (signed with another secret): 401, nothing recorded', async () => {
    const before = await auditCounts();
    const forged = await forwardedHeaders({ ...publisher('YTE'), via: 'token' }, 'x'.repeat(40), 'yte');
    const result = await postGraphQL(hub.services.YTE.url, PUBLISH, input, forged);
    expect(result.status).toBe(401);
    expect(await auditCounts()).toEqual(before);
  });

  it('with a genuine identity, the subgraph still applies the rules itself', async () => {
    const before = await auditCounts();
    const other = await forwardedHeaders({ ...publisher('GDDT'), via: 'token' }, hub.internalSecret, 'yte');
    const refused = await postGraphQL(hub.services.YTE.url, PUBLISH, input, other);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await auditCounts()).toEqual(before);
    const own = await forwardedHeaders({ ...publisher('YTE'), via: 'token' }, hub.internalSecret, 'yte');
    const allowed = await postGraphQL(hub.services.YTE.url, PUBLISH, input, own);
    expect(allowed.body).toEqual({ data: { publishYteValues: { applied: true } } });
  });
});

describe('authentication at the gateway', () => {
  const ME = `{ province(code: "58") { name } }`;
  const tokenWith = (overrides: Partial<typeof hub.tokens>, expires = '5m') =>
    mintUserToken(admin(), { ...hub.tokens, ...overrides }, expires);

  it.each([
    ['an expired token', () => tokenWith({}, '-1m'), 'the token has expired'],
    [
      'a token for another audience',
      () => tokenWith({ audience: 'someone-else' }),
      "the token's aud claim is not accepted",
    ],
    [
      'a token from another issuer',
      () => tokenWith({ issuer: 'someone-else' }),
      "the token's iss claim is not accepted",
    ],
    ['a token signed with another secret', () => tokenWith({ secret: 'y'.repeat(40) }), 'the token is not valid'],
  ])('refuses %s with 401', async (_label, make, message) => {
    const result = await postGraphQL(hub.gatewayUrl, ME, {}, { authorization: `Bearer ${await make()}` });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]).toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('tolerates the configured clock skew', async () => {
    const result = await postGraphQL(
      hub.gatewayUrl,
      ME,
      {},
      { authorization: `Bearer ${await tokenWith({}, '-10s')}` },
    );
    expect(result.body).toEqual({ data: { province: { name: 'Ninh Thuận' } } });
  });

  it('refuses malformed headers and sending both a token and a key', async () => {
    const cases: Record<string, string>[] = [
      { authorization: 'Basic abc' },
      { 'x-api-key': 'nope' },
      { authorization: `Bearer ${await tokenWith({})}`, 'x-api-key': 'cfc_000000000000_' + 'a'.repeat(43) },
    ];
    for (const headers of cases) {
      const result = await postGraphQL(hub.gatewayUrl, ME, {}, headers);
      expect([result.status, result.body.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    }
  });

  it('an API key works until it is revoked, and is stored only as a hash', async () => {
    const actor = { name: 'test operator', role: 'SYSTEM', requestId: 'test' };
    const { id, key } = await hub.apiKeys.create(
      { label: 'Hệ thống Công an', role: 'DEPARTMENT_PUBLISHER', department: 'CONGAN' },
      actor,
    );
    const PUBLISH = `mutation($i: PublishValuesInput!) { publishConganValues(input: $i) { applied } }`;
    const input = {
      i: { criteriaSetId: 'QD06-2019', year: 2020, rows: [{ commune: '22783', indicator: '3.1', count: 0 }] },
    };
    expect((await postGraphQL(hub.gatewayUrl, PUBLISH, input, { 'x-api-key': key })).body).toEqual({
      data: { publishConganValues: { applied: true } },
    });
    const stored = await hub.gatewayDb.dataSource.query(`SELECT * FROM gateway.api_key WHERE id = $1`, [id]);
    // The secret is everything after `cfc_<12 hex>_`; it may itself contain `_`, so it is not split on `_`.
    const secret = /^cfc_[0-9a-f]{12}_([A-Za-z0-9_-]{43})$/.exec(key)?.[1];
    expect(secret).toHaveLength(43);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored[0].secret_hash).toBe(hashApiKeySecret(secret ?? ''));
    expect(await hub.apiKeys.revoke(id, actor)).toBe(true);
    const after = await postGraphQL(hub.gatewayUrl, PUBLISH, input, { 'x-api-key': key });
    expect([after.status, after.body.errors?.[0]?.extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
    await expect(hub.gatewayDb.dataSource.query(`DELETE FROM gateway.api_key WHERE id = $1`, [id])).rejects.toThrow(
      /only be revoked/,
    );
    const [audited] = await hub.gatewayDb.dataSource.query(
      `SELECT count(*)::int AS n FROM gateway.audit_event WHERE new_value->>'id' = $1`,
      [id],
    );
    expect(audited).toEqual({ n: 2 });
  });
});

describe('sensitive figures', () => {
  const READ = /* GraphQL */ `{ commune(code: "22783") { year(year: 2020) {
      congan { indicator count withheld history { revision } }
      assessment { criteria { number points indicators { code count points withheld } } }
  } } }`;

  beforeAll(async () => {
    const publish = await hub.query(
      `mutation($i: PublishValuesInput!) { publishConganValues(input: $i) { applied } }`,
      { i: { criteriaSetId: 'QD06-2019', year: 2020, rows: [{ commune: '22783', indicator: '3.2', count: 1 }] } },
      publisher('CONGAN'),
    );
    expect(publish.body.errors).toBeUndefined();
  });

  type Read = {
    commune: {
      year: {
        congan: { indicator: string; count: number | null; withheld: boolean; history: unknown[] }[];
        assessment: {
          criteria: {
            number: number;
            points: number;
            indicators: { code: string; count: number | null; points: number | null; withheld: boolean }[];
          }[];
        };
      };
    };
  };

  it.each([
    ['the public', {}, true],
    ['another department', publisher('YTE'), true],
    ['an officer of another district', districtOfficer('582'), true],
    ['an officer of another commune', communeOfficer('22786'), true],
    ['the province administrator', admin(), false],
    ['the owning department', publisher('CONGAN'), false],
    ["the commune's district officer", districtOfficer('584'), false],
    ["the commune's own officer", communeOfficer('22783'), false],
  ])('%s: withheld = %s, points shown either way', async (_label, who, withheld) => {
    const result = await hub.query<Read>(READ, {}, who as TestIdentity | Record<string, string>);
    expect(result.body.errors).toBeUndefined();
    const value = result.body.data?.commune.year.congan.find((v) => v.indicator === '3.2');
    expect(value).toMatchObject({ withheld, count: withheld ? null : 1 });
    expect(value?.history.length).toBe(withheld ? 0 : 1);
    const criterion = result.body.data?.commune.year.assessment.criteria.find((c) => c.number === 3);
    const indicator = criterion?.indicators.find((i) => i.code === '3.2');
    expect(indicator).toMatchObject({ withheld, count: withheld ? null : 1, points: 25 });
    expect(criterion?.points).toBe(50 + 25);
  });
});

describe('the audit trail', () => {
  beforeAll(async () => {
    // Four revisions of one value: one insert, three updates.
    for (const count of [1, 2, 3, 4]) {
      const result = await hub.query(
        `mutation($i: PublishValuesInput!) { publishYteValues(input: $i) { applied } }`,
        { i: { criteriaSetId: 'QD06-2019', year: 2019, rows: [{ commune: '22786', indicator: '5.1', count }] } },
        publisher('YTE'),
      );
      expect(result.body.errors).toBeUndefined();
    }
  });

  const TRAIL = /* GraphQL */ `query($filter: AuditFilter, $first: Int!, $after: String) {
    yteAuditTrail(filter: $filter, first: $first, after: $after) { events { id actor role action table oldValue newValue requestId } endCursor hasNextPage } }`;

  it('is read by the province administrator only, with filters and paging', async () => {
    const refused = await hub.query(TRAIL, { first: 5 }, publisher('YTE'));
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await hub.query(TRAIL, { first: 5 });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    type Page = {
      yteAuditTrail: {
        events: {
          id: string;
          actor: string;
          action: string;
          table: string;
          oldValue: { count: number | null } | null;
          newValue: { count: number | null } | null;
          requestId: string;
        }[];
        endCursor: string;
        hasNextPage: boolean;
      };
    };
    const first = await hub.query<Page>(
      TRAIL,
      { first: 2, filter: { table: 'yte.indicator_value', action: 'UPDATE' } },
      admin(),
    );
    expect(first.body.errors).toBeUndefined();
    const page = first.body.data?.yteAuditTrail;
    expect(page?.events).toHaveLength(2);
    expect(page?.hasNextPage).toBe(true);
    for (const event of page?.events ?? []) {
      expect(event).toMatchObject({ action: 'UPDATE', table: 'yte.indicator_value', actor: 'yte-system' });
      expect(event.oldValue?.count).not.toBe(event.newValue?.count);
    }
    const second = await hub.query<Page>(
      TRAIL,
      { first: 2, after: page?.endCursor, filter: { table: 'yte.indicator_value', action: 'UPDATE' } },
      admin(),
    );
    const ids = [...(page?.events ?? []), ...(second.body.data?.yteAuditTrail.events ?? [])].map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('no role and no write path can change it', async () => {
    const ds = hub.services.YTE.db.dataSource;
    await expect(ds.query(`UPDATE yte.audit_event SET actor = 'someone else'`)).rejects.toThrow(
      /never changed or removed/,
    );
    await expect(ds.query(`DELETE FROM yte.audit_event`)).rejects.toThrow(/never changed or removed/);
    // A write that does not state who makes it is refused by the database itself.
    await expect(ds.query(`UPDATE yte.indicator_value SET note = 'sneaky'`)).rejects.toThrow(
      /without an acting identity/,
    );
  });

  it('an anonymous identity forwarded by the gateway reads public data', async () => {
    const headers = await forwardedHeaders(ANONYMOUS, hub.internalSecret, 'ldtbxh');
    const result = await postGraphQL(hub.services.LDTBXH.url, `{ province(code: "58") { name } }`, {}, headers);
    expect(result.body).toEqual({ data: { province: { name: 'Ninh Thuận' } } });
  });
});
