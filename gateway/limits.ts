/**
 * Limits on what one GraphQL request may ask of the gateway: nesting depth, aliases, root fields and
 * an estimated cost, checked on the parsed document before any subgraph is called; and a deadline
 * for the subgraph fetches of one operation. The token limit is graphql-js's own parser option
 * (`parseOptions.maxLexicalTokens`), which stops an oversized document before it is even parsed.
 *
 * Cost model (an estimate of the work, not a measurement):
 * - every field costs 1, `__typename` costs 0;
 * - a list field multiplies the cost of what it selects by its expected length: 100 for the lists of
 *   communes (`communes`, `District.communes`, `AssessmentBoard.communeYears` / `assessments`), 20 for
 *   every other list (departments' values, criteria, indicators, history, introspection's types and
 *   fields …), unless the field pages by a literal `first` (boards: `assessments(first: 50)`),
 *   whose value is then the length; a `first` given by a variable counts as the assumption;
 * - fragments (named or inline) cost what they select, each time they are spread; selections of one
 *   field repeated without aliases are counted each time (graphql merges them, the estimate does not).
 * Introspection is costed like the rest, `__typename` excepted: graphql-js's full introspection query
 * (what GraphiQL, Apollo Sandbox and codegen send) costs 347,113, a third of the default budget,
 * while `fields { type { fields { type { … } } } }`, whose answer multiplies by the number of fields
 * of a type at every level, is refused at four levels of `fields`. Free of cost, only the depth
 * limit would bound it.
 *
 * Depth counts fields on the longest path from the operation to a leaf (`{ communes { code } }` is 2);
 * fragments add no level. `__Type.ofType` adds no level either: it only unwraps `[T!]!` (null after
 * at most three levels) and introspection tools ask for it nine levels deep; counted, graphql-js's own
 * introspection query would be depth 15.
 */
import {
  GraphQLError,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  getNamedType,
  isListType,
  isWrappingType,
  isObjectType,
  isInterfaceType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { TIME_LEFT_HEADER } from '../shared/deadline';

/** The most a single operation may ask for. */
export interface QueryLimits {
  /** Fields on the longest path from the operation to a leaf. */
  maxDepth: number;
  /** Aliased fields, counted each time the fragment holding them is spread. */
  maxAliases: number;
  /** Estimated cost (see the module comment). */
  maxCost: number;
  /** Fields selected at the top of the operation, `__typename` excepted. */
  maxRootFields: number;
  /** Lexical tokens of the document, enforced by the parser before anything else. */
  maxTokens: number;
}

/**
 * Defaults for this graph. The deepest legitimate query (an assessment's indicator sources, through
 * `commune`, `communes` or `assessmentBoard`) has depth 7. The province dashboard (every commune with
 * every department's values and its assessment's points) costs 214,001, so four aliased copies fit
 * in 1,000,000 and five do not; the board with every commune's assessment in full (README's
 * selection) costs 692,403. The largest legitimate documents are under 200 tokens (the full
 * introspection query is 184); a publishing call carries its rows in variables, which are not tokens
 * of the document.
 */
export const DEFAULT_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 30,
  maxCost: 1_000_000,
  maxRootFields: 20,
  maxTokens: 5000,
};

/** Expected length of the lists of communes; any other list is {@link DEFAULT_LIST_SIZE}. */
export const COMMUNE_LIST_SIZE = 100;
export const DEFAULT_LIST_SIZE = 20;
const COMMUNE_LISTS = new Set([
  'Query.communes',
  'District.communes',
  'AssessmentBoard.communeYears',
  'AssessmentBoard.assessments',
  'AssessmentBoardAsOf.communeYears',
  'AssessmentBoardAsOf.assessments',
]);

/** What the limits are compared with, for one operation. */
export interface QueryMeasure {
  depth: number;
  aliases: number;
  /** Capped at Number.MAX_SAFE_INTEGER. */
  cost: number;
  rootFields: number;
}

export type LimitName = 'depth' | 'aliases' | 'cost' | 'rootFields';

const EMPTY: QueryMeasure = { depth: 0, aliases: 0, cost: 0, rootFields: 0 };

function saturating(value: number): number {
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

function fieldDefinition(
  schema: GraphQLSchema,
  parent: GraphQLNamedType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (parent && parent === schema.getQueryType()) {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
  }
  return parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[name] : undefined;
}

/**
 * The product of the expected lengths of the list wrappers of a field's type (1 when not a list).
 * A page size given as a literal (`first: 50`) is the expected length of the list it pages.
 */
function listMultiplier(type: GraphQLOutputType, coordinate: string, first: number | null): number {
  let multiplier = 1;
  for (let current: GraphQLType = type; isWrappingType(current); current = current.ofType) {
    if (isListType(current))
      multiplier *= first ?? (COMMUNE_LISTS.has(coordinate) ? COMMUNE_LIST_SIZE : DEFAULT_LIST_SIZE);
  }
  return multiplier;
}

/** The literal `first` argument of a field, or null (absent, or given by a variable). */
function literalFirst(selection: FieldNode): number | null {
  const argument = selection.arguments?.find((a) => a.name.value === 'first');
  return argument && argument.value.kind === Kind.INT ? Math.max(0, Number(argument.value.value)) : null;
}

/**
 * Measures every operation of a document in one walk. Each named fragment is measured once and its
 * measure reused at every spread, so the walk is linear in the size of the document even when
 * fragments spread each other exponentially; a fragment that (directly or not) spreads itself
 * counts as empty inside itself (graphql's NoFragmentCyclesRule refuses such a document).
 */
class Measurer {
  private readonly fragments = new Map<string, FragmentDefinitionNode>();
  private readonly measured = new Map<string, QueryMeasure>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    document: DocumentNode,
  ) {
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) this.fragments.set(definition.name.value, definition);
    }
  }

  operation(operation: OperationDefinitionNode): QueryMeasure {
    return this.selectionSet(operation.selectionSet, this.schema.getRootType(operation.operation) ?? undefined);
  }

  private fragment(name: string): QueryMeasure {
    const known = this.measured.get(name);
    if (known) return known;
    const definition = this.fragments.get(name);
    if (!definition || this.inProgress.has(name)) return EMPTY;
    this.inProgress.add(name);
    const measure = this.selectionSet(
      definition.selectionSet,
      this.schema.getType(definition.typeCondition.name.value),
    );
    this.inProgress.delete(name);
    this.measured.set(name, measure);
    return measure;
  }

  private selectionSet(selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): QueryMeasure {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    let rootFields = 0;
    for (const selection of selectionSet.selections) {
      let inner: QueryMeasure;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const definition = fieldDefinition(this.schema, parent, name);
        const children = selection.selectionSet
          ? this.selectionSet(selection.selectionSet, definition ? getNamedType(definition.type) : undefined)
          : EMPTY;
        const coordinate = `${parent?.name ?? ''}.${name}`;
        const isTypename = name === '__typename';
        const levels = coordinate === '__Type.ofType' ? 0 : 1;
        inner = {
          depth: levels + children.depth,
          aliases: (selection.alias ? 1 : 0) + children.aliases,
          cost: isTypename
            ? 0
            : saturating(
                1 +
                  (definition ? listMultiplier(definition.type, coordinate, literalFirst(selection)) : 1) *
                    children.cost,
              ),
          rootFields: isTypename ? 0 : 1,
        };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.schema.getType(selection.typeCondition.name.value) : parent;
        inner = this.selectionSet(selection.selectionSet, type);
      } else {
        inner = this.fragment(selection.name.value);
      }
      depth = Math.max(depth, inner.depth);
      aliases = saturating(aliases + inner.aliases);
      cost = saturating(cost + inner.cost);
      rootFields = saturating(rootFields + inner.rootFields);
    }
    return { depth, aliases, cost, rootFields };
  }
}

const measures = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<OperationDefinitionNode, QueryMeasure>>>();

/**
 * Depth, aliases, cost and root fields of each operation of `document`, by operation. Cached per
 * schema and document, so the rules and the plugin share one walk and a document served from
 * Apollo's document cache is not walked again.
 */
export function measureDocument(
  schema: GraphQLSchema,
  document: DocumentNode,
): Map<OperationDefinitionNode, QueryMeasure> {
  let bySchema = measures.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    measures.set(schema, bySchema);
  }
  let byOperation = bySchema.get(document);
  if (!byOperation) {
    const measurer = new Measurer(schema, document);
    byOperation = new Map();
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) byOperation.set(definition, measurer.operation(definition));
    }
    bySchema.set(document, byOperation);
  }
  return byOperation;
}

const EXCEEDED: Record<LimitName, (operation: string, actual: number, max: number) => string> = {
  depth: (operation, actual, max) =>
    `${operation} depth ${actual} exceeds the limit of ${max}; ask for fewer nested levels of fields`,
  aliases: (operation, actual, max) =>
    `${operation} uses ${actual} aliases, more than the limit of ${max}; split it into several requests`,
  rootFields: (operation, actual, max) =>
    `${operation} selects ${actual} root fields, more than the limit of ${max}; split it into several requests`,
  cost: (operation, actual, max) =>
    `${operation} cost ${actual} exceeds the limit of ${max} (each field costs 1, a list multiplies what it selects by ` +
    `${DEFAULT_LIST_SIZE}, a list of communes by ${COMMUNE_LIST_SIZE}); select fewer fields inside lists or split it into several requests`,
};

const EXCEEDED_VI: Record<LimitName, (actual: number, max: number) => string> = {
  depth: (actual, max) => `Truy vấn có độ sâu ${actual}, vượt giới hạn ${max}; hãy hỏi ít cấp trường lồng nhau hơn`,
  aliases: (actual, max) =>
    `Truy vấn dùng ${actual} bí danh (alias), vượt giới hạn ${max}; hãy tách thành nhiều yêu cầu`,
  rootFields: (actual, max) => `Truy vấn chọn ${actual} trường gốc, vượt giới hạn ${max}; hãy tách thành nhiều yêu cầu`,
  cost: (actual, max) =>
    `Chi phí ước tính của truy vấn là ${actual}, vượt giới hạn ${max}; hãy chọn ít trường hơn trong các danh sách hoặc tách thành nhiều yêu cầu`,
};

const MAXIMUM: Record<LimitName, keyof QueryLimits> = {
  depth: 'maxDepth',
  aliases: 'maxAliases',
  cost: 'maxCost',
  rootFields: 'maxRootFields',
};

/** The order in which limits are checked; the plugin reports the first one exceeded. */
const LIMIT_NAMES: readonly LimitName[] = ['depth', 'aliases', 'rootFields', 'cost'];

/**
 * The error for an operation over one limit: `extensions: { code: 'QUERY_TOO_COMPLEX', limit, max,
 * actual, messageVi }`, located at the operation.
 */
export function queryTooComplex(
  limit: LimitName,
  max: number,
  actual: number,
  operation: OperationDefinitionNode,
): GraphQLError {
  return new GraphQLError(EXCEEDED[limit](operation.operation, actual, max), {
    nodes: operation,
    extensions: { code: 'QUERY_TOO_COMPLEX', limit, max, actual, messageVi: EXCEEDED_VI[limit](actual, max) },
  });
}

function exceeded(
  limit: LimitName,
  limits: QueryLimits,
  measure: QueryMeasure,
  operation: OperationDefinitionNode,
): GraphQLError | undefined {
  const max = limits[MAXIMUM[limit]];
  return measure[limit] > max ? queryTooComplex(limit, max, measure[limit], operation) : undefined;
}

/**
 * One graphql-js validation rule per limit (depth, aliases, root fields, cost), each reporting at
 * most one QUERY_TOO_COMPLEX error per operation of the document.
 *
 * Given to ApolloServer as `validationRules`, the errors reach the client with
 * `code: 'GRAPHQL_VALIDATION_FAILED'` (Apollo overwrites the code of every validation error) but keep
 * `limit`, `max` and `actual`; {@link queryLimitsPlugin} keeps the code.
 */
export function limitRules(limits: QueryLimits): ValidationRule[] {
  return LIMIT_NAMES.map((limit): ValidationRule => (context) => ({
    OperationDefinition(operation) {
      const measure = measureDocument(context.getSchema(), context.getDocument()).get(operation);
      const error = measure && exceeded(limit, limits, measure, operation);
      if (error) context.reportError(error);
    },
  }));
}

/**
 * Refuses, before any subgraph is called, the operation a request is about to run when it is over a
 * limit: the first limit exceeded (depth, aliases, root fields, cost) as a QUERY_TOO_COMPLEX error with
 * HTTP status 400. Checked after validation, on the operation actually selected.
 */
export function queryLimitsPlugin<TContext extends BaseContext>(limits: QueryLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation }) {
          if (!operation) return;
          const measure = measureDocument(schema, document).get(operation);
          if (!measure) return;
          for (const limit of LIMIT_NAMES) {
            const error = exceeded(limit, limits, measure, operation);
            if (error) {
              throw new GraphQLError(error.message, {
                nodes: operation,
                extensions: { ...error.extensions, http: { status: 400 } },
              });
            }
          }
        },
      };
    },
  };
}

/**
 * Header through which a data source tells {@link deadlineFetch} when its operation must be over
 * (milliseconds since the epoch). RemoteGraphQLDataSource hands its fetcher only the method,
 * headers and body of a request, so a header is the one way to pass a per-request value to it.
 * It is removed before the request leaves the gateway.
 */
export const DEADLINE_HEADER = 'x-hub-deadline';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * Wraps `fetchImpl` for the subgraph data sources: each fetch is aborted at the earlier of
 * `subgraphTimeoutMs` from its start and the operation's deadline ({@link DEADLINE_HEADER}); a fetch
 * that would start at or after the deadline fails at once. Either way it rejects with a DOMException
 * named `TimeoutError`, which the data source reports as SUBGRAPH_UNAVAILABLE (timed out), so one
 * operation takes at most its deadline however many fetches its query plan runs one after another.
 * Without the header only the per-fetch timeout applies. Either way the subgraph is told the time it
 * has ({@link TIME_LEFT_HEADER}).
 */
export function deadlineFetch(
  subgraphTimeoutMs: number,
  fetchImpl: Fetch = fetch,
  now: () => number = Date.now,
): Fetch {
  return async (url, init) => {
    const headers = new Headers(init?.headers);
    const deadline = Number(headers.get(DEADLINE_HEADER) ?? Number.NaN);
    headers.delete(DEADLINE_HEADER);
    const remaining = Number.isFinite(deadline) ? deadline - now() : Number.POSITIVE_INFINITY;
    if (remaining <= 0)
      throw new DOMException('the operation reached its deadline before this subgraph fetch', 'TimeoutError');
    const timeLeft = Math.max(1, Math.floor(Math.min(subgraphTimeoutMs, remaining)));
    // The subgraph is told how long the gateway will wait, so that it stops (and rolls back) in time.
    headers.set(TIME_LEFT_HEADER, String(timeLeft));
    return fetchImpl(url, { ...init, headers, signal: AbortSignal.timeout(timeLeft) });
  };
}
