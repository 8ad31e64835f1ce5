/**
 * The gateway's query limits against the hub's real API schema (built from the committed
 * supergraph, as the gateway serves it): attacks are refused with the limit, maximum and measured
 * value; every legitimate query of the README, the integration tests and the tools passes, with its
 * measure pinned so a change to the cost model shows its effect on the margins.
 */
import { TIME_LEFT_HEADER } from '../../shared/deadline';
import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { ApolloServer, HeaderMap, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import {
  getIntrospectionQuery,
  parse,
  specifiedRules,
  validate,
  Kind,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import {
  DEADLINE_HEADER,
  DEFAULT_LIMITS,
  deadlineFetch,
  limitRules,
  measureDocument,
  queryLimitsPlugin,
  type QueryMeasure,
} from '../../gateway/limits';
import { projectPath } from '../../shared/paths';
import { ALL_DEPARTMENTS, ASSESSMENT_QUERY } from '../fixtures/queries';

const schema: GraphQLSchema = Supergraph.build(readFileSync(projectPath('gateway', 'supergraph.graphql'), 'utf8'))
  .apiSchema()
  .toGraphQLJSSchema();

/** The limit errors of a document, as `validate` reports them. */
function limitErrors(query: string): { message: string; extensions: Record<string, unknown> }[] {
  return validate(schema, parse(query), limitRules(DEFAULT_LIMITS)).map((error) => ({
    message: error.message,
    extensions: error.extensions,
  }));
}

/** The measure of the first operation of a document. */
function measure(query: string): QueryMeasure {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const measured = operation && measureDocument(schema, document).get(operation);
  if (!measured) throw new Error('the document has no operation');
  return measured;
}

const tooComplex = (limit: string, max: number, actual: number) => ({
  code: 'QUERY_TOO_COMPLEX',
  limit,
  max,
  actual,
  messageVi: expect.stringMatching(new RegExp(`\\b${actual}\\b.*, vượt giới hạn ${max};`)),
});

const INTROSPECTION = getIntrospectionQuery({
  descriptions: true,
  specifiedByUrl: true,
  directiveIsRepeatable: true,
  schemaDescription: true,
  inputValueDeprecation: true,
  oneOf: true,
});

const VALUE = /* GraphQL */ `
  fragment Value on IndicatorValue {
    criteriaSetId indicator kind department numerator denominator count value grade note sourceRef revision publishedBy publishedAt
  }`;

/** Every commune of the province with every department's values and its assessment's points. */
const DASHBOARD_COMMUNE = /* GraphQL */ `
  fragment DashboardCommune on Commune {
    code name type district { code name } category(year: 2020) { category provisional }
    year(year: 2020) {
      ldtbxh { ...Value } yte { ...Value } tuphap { ...Value } gddt { ...Value } congan { ...Value } vhttdl { ...Value }
      assessment { total eligible criteria { points indicators { points } } }
    }
  }
  ${VALUE}`;
const DASHBOARD = /* GraphQL */ `query ProvinceDashboard { communes { ...DashboardCommune } } ${DASHBOARD_COMMUNE}`;

/** README's assessment selection, for every commune of the province through the board. */
const FULL_ASSESSMENT = /* GraphQL */ `
  criteriaSet { id version legalBasis provisional assignment }
  total maxTotal threshold { category points provisional }
  status missing { department indicators unavailable }
  eligible conditions { code met message messageVi figures }
  criteria { number department points maxPoints complete
    indicators { code state numerator denominator count value grade rate band { op threshold } points source { department publishedBy publishedAt } } }
  gaps { criterion indicator currentPoints nextPoints needed { numerator denominator count value grade } messageVi }
  explanation`;
const BOARD_IN_FULL = /* GraphQL */ `{ assessmentBoard(year: 2020) { scope assessments { rank commune { code name } assessment { ${FULL_ASSESSMENT} } } } }`;

const README = readFileSync(projectPath('README.md'), 'utf8');
const README_BLOCKS = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');

/** `commune(code) { year { commune { year … } } }`: `depth` fields deep, no list, so cheap. */
function chain(depth: number): string {
  const fields = Array.from({ length: depth - 1 }, (_, i) =>
    i === 0 ? 'commune(code: "22738")' : i % 2 === 1 ? 'year(year: 2020)' : 'commune',
  );
  const leaf = depth % 2 === 0 ? 'name' : 'communeCode';
  return `{ ${fields.map((f) => `${f} {`).join(' ')} ${leaf} ${'}'.repeat(fields.length)} }`;
}

describe('legitimate queries pass', () => {
  it('finds the README examples', () => {
    expect(README_BLOCKS.length).toBeGreaterThanOrEqual(6);
  });

  it.each<[string, string]>([
    ...README_BLOCKS.map((block, i): [string, string] => [`README example ${i + 1}`, block]),
    [
      'README board',
      `{ assessmentBoard(year: 2020, districtCode: "584") { assessments(sort: TOTAL_DESC) { rank commune { name } assessment { total eligible } } } }`,
    ],
    ['province dashboard', DASHBOARD],
    ['the board with every assessment in full', BOARD_IN_FULL],
    ['the assessment test', ASSESSMENT_QUERY],
    ['the N+1 test', ALL_DEPARTMENTS],
    ['the full introspection query', INTROSPECTION],
    [
      '__typename anywhere',
      `{ __typename communes { __typename year(year: 2020) { __typename yte { __typename } } } }`,
    ],
    ['a chain of depth 12', chain(12)],
  ])('%s', (_name, query) => {
    expect(validate(schema, parse(query), [...specifiedRules, ...limitRules(DEFAULT_LIMITS)])).toEqual([]);
  });

  it('with these margins: depth 7 of 12, cost 214,001 of 1,000,000 for the dashboard', () => {
    // The README's assessment example (Phước Mỹ's 2020 assessment in full).
    const assessment =
      README_BLOCKS.find((block) => block.includes('commune(code: "22741")') && block.includes('assessment {')) ?? '';
    expect(measure(assessment)).toEqual({ depth: 7, aliases: 0, cost: 6923, rootFields: 1 });
    expect(measure(DASHBOARD)).toEqual({ depth: 6, aliases: 0, cost: 214_001, rootFields: 1 });
    expect(measure(BOARD_IN_FULL)).toEqual({ depth: 7, aliases: 0, cost: 692_403, rootFields: 1 });
    expect(measure(INTROSPECTION)).toEqual({ depth: 6, aliases: 0, cost: 347_113, rootFields: 1 });
    const fourDashboards = `{ ${[1, 2, 3, 4].map((i) => `d${i}: communes { ...DashboardCommune }`).join(' ')} } ${DASHBOARD_COMMUNE}`;
    expect(limitErrors(fourDashboards)).toEqual([]);
  });
});

describe('depth', () => {
  it('refuses a query nested too deep', () => {
    expect(limitErrors(chain(15))).toEqual([
      {
        message: 'query depth 15 exceeds the limit of 12; ask for fewer nested levels of fields',
        extensions: tooComplex('depth', 12, 15),
      },
    ]);
  });

  it('follows named and inline fragments without counting them as levels', () => {
    const fragments = Array.from(
      { length: 7 },
      (_, i) => `fragment F${i} on Commune { year(year: 2020) { ... on CommuneYear { commune { ...F${i + 1} } } } }`,
    ).join('\n');
    const hidden = `{ commune(code: "22738") { ...F0 } } ${fragments} fragment F7 on Commune { name }`;
    expect(limitErrors(hidden)).toEqual([
      {
        message: 'query depth 16 exceeds the limit of 12; ask for fewer nested levels of fields',
        extensions: tooComplex('depth', 12, 16),
      },
    ]);

    const manyFragments = Array.from(
      { length: 15 },
      (_, i) => `fragment S${i} on Commune { ... on Commune { ...S${i + 1} } }`,
    ).join('\n');
    expect(
      measure(`{ commune(code: "22738") { ...S0 } } ${manyFragments} fragment S15 on Commune { name }`).depth,
    ).toBe(2);
  });

  it('applies to introspection, where only the ofType chain is free', () => {
    const pairs = 'fields { type { '.repeat(5);
    const deep = `{ __type(name: "Commune") { ${pairs} fields { name } ${'} } '.repeat(5)} } }`;
    expect(limitErrors(deep)).toEqual([
      {
        message: 'query depth 13 exceeds the limit of 12; ask for fewer nested levels of fields',
        extensions: tooComplex('depth', 12, 13),
      },
      {
        message:
          'query cost 70736842 exceeds the limit of 1000000 (each field costs 1, a list multiplies what it selects by 20, a list of communes by 100); ' +
          'select fewer fields inside lists or split it into several requests',
        extensions: tooComplex('cost', 1_000_000, 70_736_842),
      },
    ]);
    const typeRef = `{ __type(name: "Commune") { fields { type { ${'ofType { '.repeat(12)} name ${'} '.repeat(12)} } } } }`;
    expect(measure(typeRef).depth).toBe(4);
  });
});

describe('aliases', () => {
  it('refuses alias bombing of one field', () => {
    const names = Array.from({ length: 31 }, (_, i) => `n${i}: name`).join(' ');
    expect(limitErrors(`{ commune(code: "22738") { ${names} } }`)).toEqual([
      {
        message: 'query uses 31 aliases, more than the limit of 30; split it into several requests',
        extensions: tooComplex('aliases', 30, 31),
      },
    ]);
  });

  it('counts the aliases of a fragment each time it is spread', () => {
    const names = Array.from({ length: 10 }, (_, i) => `n${i}: name`).join(' ');
    const query = /* GraphQL */ `
      { commune(code: "22738") { ...Names year(year: 2020) { commune { ...Names year(year: 2021) { commune { ...Names year(year: 2022) { commune { ...Names } } } } } } } }
      fragment Names on Commune { ${names} }`;
    expect(measure(query)).toEqual({ depth: 8, aliases: 40, cost: 47, rootFields: 1 });
    expect(limitErrors(query)).toEqual([
      {
        message: 'query uses 40 aliases, more than the limit of 30; split it into several requests',
        extensions: tooComplex('aliases', 30, 40),
      },
    ]);
  });
});

describe('cost', () => {
  it('refuses nested lists', () => {
    // 1 + 20 provinces × (1 + 20 districts × (1 + 100 communes × (1 + 1 + 20 values × (1 + 20 revisions × 1))))
    const bomb = `{ provinces { districts { communes { year(year: 2020) { yte { history { revision } } } } } } }`;
    expect(limitErrors(bomb)).toEqual([
      {
        message:
          'query cost 16880421 exceeds the limit of 1000000 (each field costs 1, a list multiplies what it selects by 20, a list of communes by 100); ' +
          'select fewer fields inside lists or split it into several requests',
        extensions: tooComplex('cost', 1_000_000, 16_880_421),
      },
    ]);
  });

  it('refuses ten aliased copies of the province dashboard, their cost hidden in a fragment', () => {
    const tenDashboards = `{ ${Array.from({ length: 10 }, (_, i) => `d${i}: communes { ...DashboardCommune }`).join(' ')} } ${DASHBOARD_COMMUNE}`;
    expect(limitErrors(tenDashboards).map((error) => error.extensions)).toEqual([
      tooComplex('cost', 1_000_000, 2_140_010),
    ]);
  });

  it('refuses introspection nesting the fields of the types of fields, while __typename costs nothing', () => {
    const bomb = `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`;
    expect(limitErrors(bomb).map((error) => error.extensions)).toEqual([tooComplex('cost', 1_000_000, 3_536_822)]);
    expect(measure(`{ __typename communes { __typename } }`).cost).toBe(1);
  });

  it('measures exponentially spreading fragments in linear time', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `fragment B${i + 1} on Commune { ...B${i} ...B${i} }`).join(
      '\n',
    );
    const query = `{ communes { ...B40 } } fragment B0 on Commune { n: name } ${levels}`;
    const started = Date.now();
    expect(limitErrors(query).map((error) => error.extensions)).toEqual([
      tooComplex('aliases', 30, 2 ** 40),
      tooComplex('cost', 1_000_000, 1 + 100 * 2 ** 40),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('root fields', () => {
  const communes = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}: commune(code: "22738") { code }`).join(' ');

  it('refuses too many root fields', () => {
    expect(limitErrors(`{ ${communes('c', 21)} }`)).toEqual([
      {
        message: 'query selects 21 root fields, more than the limit of 20; split it into several requests',
        extensions: tooComplex('rootFields', 20, 21),
      },
    ]);
  });

  it('counts the root fields of fragments, but not __typename', () => {
    const query = `{ __typename ...R1 ... on Query { ...R2 } } fragment R1 on Query { ${communes('a', 11)} } fragment R2 on Query { ${communes('b', 11)} }`;
    expect(limitErrors(query).map((error) => error.extensions)).toEqual([tooComplex('rootFields', 20, 22)]);
    expect(limitErrors(`{ __typename ${communes('c', 20)} }`)).toEqual([]);
  });
});

describe('documents graphql refuses anyway', () => {
  it('a fragment cycle does not loop, whatever the order of the rules', () => {
    const cycle = `{ commune(code: "22738") { ...A } } fragment A on Commune { name ...B } fragment B on Commune { year(year: 2020) { commune { ...A } } }`;
    expect(limitErrors(cycle)).toEqual([]);
    const errors = validate(schema, parse(cycle), [...limitRules(DEFAULT_LIMITS), ...specifiedRules]).map(
      (error) => error.message,
    );
    expect(errors).toEqual(['Cannot spread fragment "A" within itself via "B".']);
  });

  it('unknown fields and fragments count as leaves', () => {
    expect(measure(`{ nope { deeper { still } } ...Missing communes { unknown { x } } }`)).toEqual({
      depth: 3,
      aliases: 0,
      cost: 204,
      rootFields: 2,
    });
  });

  it('each operation of a document is measured on its own and located', () => {
    const errors = validate(
      schema,
      parse(`query Shallow { __typename }\nquery Deep ${chain(14)}`),
      limitRules(DEFAULT_LIMITS),
    );
    expect(errors.map((error) => [error.extensions, error.locations])).toEqual([
      [tooComplex('depth', 12, 14), [{ line: 2, column: 1 }]],
    ]);
  });
});

describe('in an ApolloServer', () => {
  let server: ApolloServer<BaseContext> | undefined;

  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  async function post(
    options: Partial<ApolloServerOptions<BaseContext>>,
    body: unknown,
  ): Promise<{ status: number; body: { data?: unknown; errors?: GraphQLFormattedError[] } }> {
    server = new ApolloServer<BaseContext>({ schema, ...options } as ApolloServerOptions<BaseContext>);
    await server.start();
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: 'POST',
        headers: new HeaderMap([['content-type', 'application/json']]),
        search: '',
        body,
      },
      context: async () => ({}),
    });
    if (response.body.kind !== 'complete') throw new Error('expected a complete response');
    return {
      status: response.status ?? 200,
      body: JSON.parse(response.body.string) as { data?: unknown; errors?: GraphQLFormattedError[] },
    };
  }

  const hubOptions = {
    parseOptions: { maxLexicalTokens: DEFAULT_LIMITS.maxTokens },
    plugins: [queryLimitsPlugin<BaseContext>(DEFAULT_LIMITS)],
  };

  it('the plugin refuses the selected operation with QUERY_TOO_COMPLEX and HTTP 400, before executing it', async () => {
    const response = await post(hubOptions, {
      query: `query Shallow { __typename }\nquery Deep ${chain(15)}`,
      operationName: 'Deep',
    });
    expect(response).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'query depth 15 exceeds the limit of 12; ask for fewer nested levels of fields',
            locations: [{ line: 2, column: 1 }],
            extensions: tooComplex('depth', 12, 15),
          },
        ],
      },
    });
  });

  it('the plugin lets the other operation of the same document run', async () => {
    const response = await post(hubOptions, {
      query: `query Shallow { __typename }\nquery Deep ${chain(15)}`,
      operationName: 'Shallow',
    });
    expect(response).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('as validationRules, Apollo replaces the code with GRAPHQL_VALIDATION_FAILED and keeps the rest', async () => {
    const response = await post({ validationRules: limitRules(DEFAULT_LIMITS) }, { query: chain(15) });
    expect(response.status).toBe(400);
    expect(response.body.errors?.map((error) => error.extensions)).toEqual([
      {
        code: 'GRAPHQL_VALIDATION_FAILED',
        limit: 'depth',
        max: 12,
        actual: 15,
        messageVi: 'Truy vấn có độ sâu 15, vượt giới hạn 12; hãy hỏi ít cấp trường lồng nhau hơn',
      },
    ]);
  });

  it('refuses a document of more than maxTokens tokens before parsing it', async () => {
    // `{`, 5000 fields, `}`: the 5001st token is the 5000th field, at column 2 + 4999 × 11 + 1.
    const query = `{ ${Array.from({ length: 5000 }, () => '__typename').join(' ')} }`;
    expect(await post(hubOptions, { query })).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'Syntax Error: Document contains more that 5000 tokens. Parsing aborted.',
            locations: [{ line: 1, column: 54992 }],
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      },
    });
  });

  it('refuses a batch of operations by default (allowBatchedHttpRequests is false)', async () => {
    expect(await post(hubOptions, [{ query: '{ __typename }' }, { query: '{ __typename }' }])).toEqual({
      status: 400,
      body: { errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }] },
    });
  });
});

describe('deadlineFetch', () => {
  type Init = RequestInit & { signal: AbortSignal; headers: Headers };
  const calls: Init[] = [];
  const ok = async (_url: string, init?: RequestInit): Promise<Response> => {
    calls.push(init as Init);
    return new Response('{}');
  };
  /** A subgraph that never answers: settles only when the fetch is aborted. */
  const hanging = (_url: string, init?: RequestInit): Promise<Response> =>
    new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

  beforeEach(() => {
    calls.length = 0;
  });

  it('without a deadline, sends the request as it was with the per-fetch timeout, and tells the subgraph that timeout', async () => {
    await deadlineFetch(10_000, ok)('http://yte/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(calls).toHaveLength(1);
    expect([
      calls[0]?.method,
      calls[0]?.body,
      Object.fromEntries(calls[0]?.headers ?? []),
      calls[0]?.signal.aborted,
    ]).toEqual(['POST', '{}', { 'content-type': 'application/json', [TIME_LEFT_HEADER]: '10000' }, false]);
  });

  it('tells the subgraph the time left: the earlier of the per-fetch timeout and the operation deadline', async () => {
    const fetcher = deadlineFetch(10_000, ok, () => 1000);
    await fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: '4500' } });
    await fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: '60000' } });
    expect(calls.map((call) => call.headers.get(TIME_LEFT_HEADER))).toEqual(['3500', '10000']);
  });

  it('does not start a fetch once the deadline has passed, and never sends the header on', async () => {
    const fetcher = deadlineFetch(10_000, ok, () => 5000);
    await expect(fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: '5000' } })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(calls).toHaveLength(0);
    await fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: '5001', 'x-request-id': 'r1' } });
    expect(Object.fromEntries(calls[0]?.headers ?? [])).toEqual({ 'x-request-id': 'r1', [TIME_LEFT_HEADER]: '1' });
  });

  it('aborts a fetch at the deadline when it comes before the per-fetch timeout', async () => {
    const started = Date.now();
    const fetcher = deadlineFetch(10_000, hanging);
    await expect(
      fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: String(started + 50) } }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('aborts at the per-fetch timeout when it comes first', async () => {
    const started = Date.now();
    const fetcher = deadlineFetch(50, hanging);
    await expect(
      fetcher('http://yte/graphql', { headers: { [DEADLINE_HEADER]: String(started + 60_000) } }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
