/**
 * Every coded error a department or an official reads carries `extensions.messageVi`, through the
 * gateway: a representative bad call of each kind — the hub's own codes with and without a named
 * field, the gateway's own refusals (credentials, limits, body size, batches, a department that is
 * down, a masked failure) and GraphQL's parse, validation and variable errors.
 */
import { ERROR_CODES_VI } from '../../shared/errors';
import { admin, publisher, startTestHub, type TestHub } from '../helpers/hub';

jest.setTimeout(300_000);

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub({ maxBodyBytes: 64 * 1024 });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
});

type Errors = { message: string; extensions?: Record<string, unknown> }[];

async function raw(body: string, headers: Record<string, string> = {}): Promise<{ status: number; errors: Errors }> {
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const parsed = (await response.json()) as { errors?: Errors };
  return { status: response.status, errors: parsed.errors ?? [] };
}

/** Code and Vietnamese of each error. */
const vi = (errors: Errors | undefined) => (errors ?? []).map((e) => [e.extensions?.code, e.extensions?.messageVi]);

describe("the hub's own coded errors", () => {
  it("a named field: the call's own Vietnamese, prefixed with the field", async () => {
    const result = await hub.query(
      'mutation { setApprovalRequirement(input: { year: 1990, required: true, note: "x" }) { year } }',
      {},
      admin(),
    );
    expect(vi(result.body.errors)).toEqual([['BAD_USER_INPUT', 'Trường year: Năm 1990 không hợp lệ']]);
    const district = await hub.query(
      '{ yteApproval(districtCode: "9", year: 2020, criteriaSetId: "QD06-2019") { state } }',
      {},
      publisher('YTE'),
    );
    expect(vi(district.body.errors)).toEqual([['BAD_USER_INPUT', 'Trường districtCode: Mã huyện 9 không hợp lệ']]);
  });

  it("no Vietnamese of its own: the registry's meaning of the code", async () => {
    const forbidden = await hub.query(
      'mutation { setApprovalRequirement(input: { year: 2021, required: true, note: "x" }) { year } }',
      {},
      publisher('YTE'),
    );
    expect(vi(forbidden.body.errors)).toEqual([['FORBIDDEN', ERROR_CODES_VI.FORBIDDEN]]);
    const illegal = await hub.query(
      'mutation { approveYteValues(input: { districtCode: "584", year: 2020, criteriaSetId: "QD06-2019" }) { state } }',
      {},
      {
        ...(await hub.headersFor({
          subject: 'yte-approver',
          name: 'yte-approver',
          role: 'DEPARTMENT_APPROVER',
          department: 'YTE',
          province: null,
          district: null,
          commune: null,
        })),
      },
    );
    expect(vi(illegal.body.errors)).toEqual([
      ['ILLEGAL_APPROVAL_STEP', 'Không thể phê duyệt khi số liệu ở trạng thái NOTHING_PUBLISHED'],
    ]);
    const rows = await hub.query<{ publishYteValues: { rejected: { code: string; messageVi: string }[] } }>(
      'mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { rejected { code messageVi } } }',
      {
        input: {
          criteriaSetId: 'QD06-2019',
          year: 2020,
          rows: [{ commune: '22738', indicator: '7.1', numerator: 101, denominator: 100 }],
        },
      },
      publisher('YTE'),
    );
    expect(rows.body.data?.publishYteValues.rejected).toEqual([
      { code: 'NUMERATOR_EXCEEDS_DENOMINATOR', messageVi: 'xã 22738, chỉ tiêu 7.1: tử số lớn hơn mẫu số' },
    ]);
    const none = await hub.query(
      'mutation($input: PublishValuesInput!) { publishYteValues(input: $input) { applied } }',
      { input: { criteriaSetId: 'QD06-2019', year: 2020, rows: [] } },
      publisher('YTE'),
    );
    expect(none.body.errors?.[0]?.extensions?.code).toBe('NO_ROWS');
    expect(typeof none.body.errors?.[0]?.extensions?.messageVi).toBe('string');
  });
});

describe("GraphQL's own errors", () => {
  it("parse, validation and variable errors carry the registry's Vietnamese", async () => {
    const parse = await raw(JSON.stringify({ query: '{ communes { code ' }));
    expect(vi(parse.errors)).toEqual([['GRAPHQL_PARSE_FAILED', ERROR_CODES_VI.GRAPHQL_PARSE_FAILED]]);
    const validation = await raw(JSON.stringify({ query: '{ communes { noSuchField } }' }));
    expect(vi(validation.errors)).toEqual([['GRAPHQL_VALIDATION_FAILED', ERROR_CODES_VI.GRAPHQL_VALIDATION_FAILED]]);
    const variable = await raw(
      JSON.stringify({
        query: 'query($y: Int!) { approvalRequirement(year: $y) { required } }',
        variables: { y: 'hai nghìn' },
      }),
    );
    expect(vi(variable.errors)).toEqual([['BAD_USER_INPUT', ERROR_CODES_VI.BAD_USER_INPUT]]);
    const tokens = await raw(JSON.stringify({ query: `{ ${'__typename '.repeat(5001)} }` }));
    expect(vi(tokens.errors)).toEqual([['GRAPHQL_PARSE_FAILED', ERROR_CODES_VI.GRAPHQL_PARSE_FAILED]]);
  });
});

describe("the gateway's own refusals", () => {
  it('bad credentials, a query over a limit, an oversized body, a batch', async () => {
    const unauthenticated = await raw(JSON.stringify({ query: '{ __typename }' }), {
      authorization: 'Bearer not-a-token',
    });
    expect([unauthenticated.status, ...vi(unauthenticated.errors)]).toEqual([
      401,
      ['UNAUTHENTICATED', ERROR_CODES_VI.UNAUTHENTICATED],
    ]);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const complex = await raw(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(vi(complex.errors)).toEqual([
      ['QUERY_TOO_COMPLEX', 'Truy vấn dùng 31 bí danh (alias), vượt giới hạn 30; hãy tách thành nhiều yêu cầu'],
    ]);
    const large = await raw(JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(65 * 1024) } }));
    expect([large.status, ...vi(large.errors)]).toEqual([
      413,
      ['PAYLOAD_TOO_LARGE', `${ERROR_CODES_VI.PAYLOAD_TOO_LARGE} (65536 byte)`],
    ]);
    const batch = await raw(JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]));
    expect([batch.status, ...vi(batch.errors)]).toEqual([400, ['BAD_REQUEST', ERROR_CODES_VI.BAD_REQUEST]]);
    const json = await raw('{ not json');
    expect([json.status, ...vi(json.errors)]).toEqual([
      400,
      ['BAD_REQUEST', 'Nội dung yêu cầu không phải là JSON hợp lệ'],
    ]);
  });

  it('a masked failure and a department that is down', async () => {
    const ds = hub.services.YTE.db.dataSource;
    await ds.query('ALTER TABLE yte.indicator_value RENAME TO indicator_value_hidden_by_test');
    let masked;
    try {
      masked = await hub.query('{ commune(code: "22738") { year(year: 2020) { yte { indicator } } } }');
    } finally {
      await ds.query('ALTER TABLE yte.indicator_value_hidden_by_test RENAME TO indicator_value');
    }
    expect(vi(masked.body.errors)).toEqual([['INTERNAL_SERVER_ERROR', ERROR_CODES_VI.INTERNAL_SERVER_ERROR]]);

    await hub.services.CONGAN.stop();
    const down = await hub.query('{ commune(code: "22738") { year(year: 2020) { congan { indicator } } } }');
    expect(vi(down.body.errors)).toEqual([['SUBGRAPH_UNAVAILABLE', ERROR_CODES_VI.SUBGRAPH_UNAVAILABLE]]);
  });
});
