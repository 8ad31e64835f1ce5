/**
 * Days and moments a caller sends, refused by name before anything runs.
 *
 * The `Date` and `DateTime` scalars (shared/scalars.ts) refuse a bad value themselves, but a
 * scalar does not know where the value stands: graphql-js reports a literal it refuses as a
 * validation error without the argument's name (and Apollo recodes it GRAPHQL_VALIDATION_FAILED),
 * and a variable by the variable's name. Worse, the gateway serves the supergraph, whose custom
 * scalars have no parse functions: a bad day passes it, and the subgraph's HTTP 400 refusal would
 * reach the client as its department being unavailable.
 *
 * So every server of the hub — the gateway first, each subgraph again — walks the operation it is
 * about to run, after validation and before execution, and checks every value that stands where a
 * `Date` or a `DateTime` is expected, written in the document or sent in a variable (inside input
 * objects and lists too). The first one refused is answered as BAD_USER_INPUT with HTTP 400 naming
 * where it stands — `argument`, and `field` as the hub names a field (the argument itself, `date`,
 * or the path inside the input object it takes, `checkDate`, `windows[0].from`) — the scalar and the
 * value, in English and Vietnamese. At the gateway this
 * is before any subgraph is asked, so nothing is written.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  BREAK,
  GraphQLError,
  Kind,
  TypeInfo,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
  separateOperations,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { hubError } from './errors';
import { timeScalarRefusal, type TimeScalar } from './scalars';

const isTimeScalar = (name: string): name is TimeScalar => name === 'Date' || name === 'DateTime';

/** What a walk knows besides the value: the variables sent and the operation's declarations of them. */
interface Walk {
  readonly variables: Readonly<Record<string, unknown>>;
  readonly definitions: ReadonlyMap<string, VariableDefinitionNode>;
}

/**
 * Where a value stands: the argument, and the field named as the hub names a field of an input —
 * the argument itself, or the path inside the input object it takes (`checkDate`, `windows[0].to`),
 * as the resolvers' own refusals of that input name it.
 */
interface Place {
  readonly argument: string;
  /** The path so far; empty at the top of an input-object argument. */
  readonly path: string;
}

const named = (place: Place): string => place.path || place.argument;
const inField = (place: Place, name: string): Place => ({
  ...place,
  path: place.path ? `${place.path}.${name}` : name,
});
const atIndex = (place: Place, index: number): Place => ({ ...place, path: `${named(place)}[${index}]` });

/** The refusal of `value` for a `scalar` standing at `place`, coded and named. */
function refusedAt(place: Place, scalar: TimeScalar, value: unknown): GraphQLError | null {
  const refusal = timeScalarRefusal(scalar, value);
  if (!refusal) return null;
  const field = named(place);
  const error = hubError('BAD_USER_INPUT', `${field}: ${refusal.message}`, {
    field,
    argument: place.argument,
    scalar,
    messageVi: refusal.messageVi,
  });
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
}

/** The first day or moment refused in a value sent as JSON (a variable's), expected of `type`. */
function checkSent(value: unknown, type: GraphQLInputType, place: Place): GraphQLError | null {
  if (value === null || value === undefined) return null;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items: readonly unknown[] = Array.isArray(value) ? value : [value];
    for (const [index, item] of items.entries()) {
      const found = checkSent(item, nullable.ofType, Array.isArray(value) ? atIndex(place, index) : place);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    for (const [name, input] of Object.entries(nullable.getFields())) {
      const found = checkSent((value as Record<string, unknown>)[name], input.type, inField(place, name));
      if (found) return found;
    }
    return null;
  }
  return isScalarType(nullable) && isTimeScalar(nullable.name) ? refusedAt(place, nullable.name, value) : null;
}

/** The first day or moment refused in a value written in the document, expected of `type`. */
function checkWritten(node: ValueNode, type: GraphQLInputType, place: Place, walk: Walk): GraphQLError | null {
  if (node.kind === Kind.NULL) return null;
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (Object.hasOwn(walk.variables, name)) return checkSent(walk.variables[name], type, place);
    const fallback = walk.definitions.get(name)?.defaultValue;
    return fallback ? checkWritten(fallback, type, place, walk) : null;
  }
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const items = node.kind === Kind.LIST ? node.values : [node];
    for (const [index, item] of items.entries()) {
      const found = checkWritten(item, nullable.ofType, node.kind === Kind.LIST ? atIndex(place, index) : place, walk);
      if (found) return found;
    }
    return null;
  }
  if (isInputObjectType(nullable)) {
    if (node.kind !== Kind.OBJECT) return null;
    const inputs = nullable.getFields();
    for (const written of node.fields) {
      const input = inputs[written.name.value];
      const found = input && checkWritten(written.value, input.type, inField(place, written.name.value), walk);
      if (found) return found;
    }
    return null;
  }
  if (!isScalarType(nullable) || !isTimeScalar(nullable.name)) return null;
  return refusedAt(place, nullable.name, node.kind === Kind.STRING ? node.value : valueFromASTUntyped(node));
}

/**
 * The first value of `operation` (and of the fragments it uses) that stands where a `Date` or a
 * `DateTime` is expected and is not one, as a BAD_USER_INPUT error with HTTP status 400 naming it;
 * null when every one is. `document` is validated against `schema`.
 */
export function refusedTimeInput(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): GraphQLError | null {
  const own = separateOperations(document)[operation.name?.value ?? ''] ?? document;
  const walk: Walk = {
    variables,
    definitions: new Map((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, d])),
  };
  const typeInfo = new TypeInfo(schema);
  let found: GraphQLError | null = null;
  visit(
    own,
    visitWithTypeInfo(typeInfo, {
      // Variable definitions are checked where the variables are used, under the argument's name.
      VariableDefinition: () => false,
      Argument(node) {
        const argument = typeInfo.getArgument();
        found = argument
          ? checkWritten(node.value, argument.type, { argument: node.name.value, path: '' }, walk)
          : null;
        return found ? BREAK : false;
      },
    }),
  );
  return found;
}

/**
 * Whether a value of `type` can hold a day or a moment: it is `Date` or `DateTime`, or a list or an
 * input object with one somewhere inside. `seen` breaks the cycles of recursive input objects.
 */
function mayHoldTime(type: GraphQLInputType, seen: Set<string>): boolean {
  const named = getNamedType(type);
  if (isScalarType(named)) return isTimeScalar(named.name);
  if (!isInputObjectType(named) || seen.has(named.name)) return false;
  seen.add(named.name);
  return Object.values(named.getFields()).some((field) => mayHoldTime(field.type, seen));
}

/**
 * Whether no argument of `document` can hold a day or a moment — most operations (every board,
 * every entity fetch), which then need no walk of their values. Kept per schema and document:
 * Apollo Server hands the same parsed document for the same text.
 */
const timeFree = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();
function isTimeFree(schema: GraphQLSchema, document: DocumentNode): boolean {
  let bySchema = timeFree.get(schema);
  if (!bySchema) {
    bySchema = new WeakMap();
    timeFree.set(schema, bySchema);
  }
  const known = bySchema.get(document);
  if (known !== undefined) return known;
  const typeInfo = new TypeInfo(schema);
  let free = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument() {
        const argument = typeInfo.getArgument();
        if (argument && mayHoldTime(argument.type, new Set())) {
          free = false;
          return BREAK;
        }
        return false;
      },
    }),
  );
  bySchema.set(document, free);
  return free;
}

/**
 * Refuses the operation about to run when a day or a moment it carries is not one
 * ({@link refusedTimeInput}): BAD_USER_INPUT, HTTP 400, before execution (at the gateway, before any
 * subgraph is asked).
 */
export function timeInputPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation || isTimeFree(schema, document)) return;
          const refused = refusedTimeInput(schema, document, operation, request.variables ?? {});
          if (refused) throw refused;
        },
      };
    },
  };
}
