/**
 * LĐTBXH's answers to the gateway's board fetches, kept while nothing they depend on moved.
 *
 * A board's lines are a function of every commune's stamp (its local parts and each department's
 * stamp: see board.ts), the assignment's note, what the fetch selects (document and variables) and
 * what the caller may see (the claims authorization reads). When a board fetch finds nothing to
 * recompute — every department answered, every commune's stored assessment carries the stamp it
 * has now — and the same key was answered before, that answer is the answer: it is sent again
 * without running the assessments, the details or graphql-js over hundreds of kilobytes. The stamps
 * are read for every request exactly as without the cache, so a publication that has returned moves
 * the key and is never answered from an older answer; the board still records that it found its
 * assessments fresh where the uncached path would (`recordFresh`).
 *
 * Only fetches whose every selected field below `assessments` is a plain property of what the
 * board resolver returns are kept (the commune's code, name and type; anything of the assessment):
 * a field with a resolver of its own could read something the stamps do not cover.
 *
 * Kept in the process (derived, bounded by bytes, least recently used first out): several LĐTBXH
 * processes each keep their own, and a restart starts empty.
 */
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import {
  getNamedType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { LdtbxhContext } from '../context';
import { boardState, recordFresh, type BoardRef } from './board';

/** The fields of the types the board resolver builds that depend on nothing but the stamps. */
const PLAIN_FIELDS: Record<string, ReadonlySet<string>> = {
  RankedAssessment: new Set(['rank', 'cursor', 'commune', 'assessment']),
  // The local stamp holds the unit's id, type and name (typeName is the type's name).
  Commune: new Set(['code', 'name', 'type', 'typeName']),
};

/** Whether every field `selectionSet` selects on `type` (and below) is answered from the stamps. */
function plainSelection(
  schema: GraphQLSchema,
  type: GraphQLNamedType | undefined,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  if (!type || !isObjectType(type)) return false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const inner: GraphQLNamedType | undefined | null = selection.typeCondition
        ? schema.getType(selection.typeCondition.name.value)
        : type;
      if (inner !== type || !plainSelection(schema, type, selection.selectionSet, fragments, seen)) return false;
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || seen.has(fragment.name.value) || schema.getType(fragment.typeCondition.name.value) !== type)
        return false;
      seen.add(fragment.name.value);
      const plain = plainSelection(schema, type, fragment.selectionSet, fragments, seen);
      seen.delete(fragment.name.value);
      if (!plain) return false;
      continue;
    }
    const name = selection.name.value;
    if (name === '__typename') continue;
    const field = type.getFields()[name];
    if (!field) return false;
    const listed = PLAIN_FIELDS[type.name];
    // Below the assessment every type is the engine's result: no field may have a resolver.
    if (listed ? !listed.has(name) : field.resolve !== undefined) return false;
    if (
      selection.selectionSet &&
      !plainSelection(schema, getNamedType(field.type), selection.selectionSet, fragments, seen)
    )
      return false;
  }
  return true;
}

const eligible = new WeakMap<DocumentNode, boolean>();

/**
 * Whether the operation is the gateway's board fetch, `_entities` of AssessmentBoard selecting only
 * `assessments` with plain fields. Decided once per parsed document.
 */
export function isBoardFetch(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): boolean {
  const known = eligible.get(document);
  if (known !== undefined) return known;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const board = schema.getType('AssessmentBoard');
  const ranked = schema.getType('RankedAssessment');
  const check = (): boolean => {
    if (operation.operation !== 'query' || !isObjectType(board) || !ranked) return false;
    const [root, ...others] = operation.selectionSet.selections;
    if (
      others.length > 0 ||
      root?.kind !== Kind.FIELD ||
      root.name.value !== '_entities' ||
      root.alias ||
      !root.selectionSet
    )
      return false;
    let assessments = 0;
    for (const selection of root.selectionSet.selections) {
      if (
        selection.kind !== Kind.INLINE_FRAGMENT ||
        selection.typeCondition?.name.value !== 'AssessmentBoard' ||
        selection.directives?.length
      )
        return false;
      for (const field of selection.selectionSet.selections) {
        if (field.kind !== Kind.FIELD) return false;
        if (field.name.value === '__typename') continue;
        if (
          field.name.value !== 'assessments' ||
          !field.selectionSet ||
          !plainSelection(schema, ranked, field.selectionSet, fragments, new Set())
        )
          return false;
        assessments += 1;
      }
    }
    return assessments > 0;
  };
  const answer = check();
  eligible.set(document, answer);
  return answer;
}

/** A bounded map, least recently used out first. */
class AnswerCache {
  private readonly entries = new Map<string, { result: FormattedExecutionResult; bytes: number }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): FormattedExecutionResult | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.result;
  }

  set(key: string, result: FormattedExecutionResult): void {
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes > this.maxBytes / 4) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { result, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The validator of the answer kept under `key` (see shared/http.ts and gateway/replay.ts). */
const etagOf = (key: string): string => `"k:${key}"`;

/** What authorization reads of the caller (shared/authorization.ts): two callers alike see the same. */
function callerClass(ctx: LdtbxhContext): string {
  const { role, department, province, district, commune } = ctx.identity;
  return JSON.stringify([role, department, province, district, commune]);
}

function boardsOf(variables: Record<string, unknown> | undefined): BoardRef[] | null {
  const representations = variables?.representations;
  if (!Array.isArray(representations) || representations.length === 0) return null;
  const boards: BoardRef[] = [];
  for (const representation of representations as Record<string, unknown>[]) {
    if (
      representation?.__typename !== 'AssessmentBoard' ||
      typeof representation.scope !== 'string' ||
      typeof representation.year !== 'number' ||
      typeof representation.since !== 'string'
    )
      return null;
    boards.push(representation as unknown as BoardRef);
  }
  return boards;
}

export interface BoardCacheOptions {
  /** Largest total size of the answers kept (JSON bytes); default 64 MiB. */
  maxBytes?: number;
}

/** The plugin that answers repeated board fetches from the answers kept (see the module comment). */
export function boardCachePlugin(
  options: BoardCacheOptions = {},
): ApolloServerPlugin<LdtbxhContext> & { cache: { readonly size: number } } {
  const cache = new AnswerCache(options.maxBytes ?? 64 * 1024 * 1024);
  return {
    cache,
    async requestDidStart() {
      let pending: string | null = null;
      return {
        async responseForOperation(request): Promise<GraphQLResponse | null> {
          if (!isBoardFetch(request.schema, request.document, request.operation)) return null;
          const boards = boardsOf(request.request.variables);
          if (!boards) return null;
          const ctx = request.contextValue;
          const hash = createHash('sha256');
          const { representations: _representations, ...others } = request.request.variables ?? {};
          hash.update(
            `${request.source}\0${request.operationName ?? ''}\0${JSON.stringify(others)}\0${callerClass(ctx)}\0`,
          );
          const states = [];
          for (const board of boards) {
            // An error here is the resolver's to report: it reads the same state and throws the same.
            const state = await boardState(ctx, board).catch(() => null);
            if (!state || !state.allAnswered || state.stale.length > 0) return null;
            states.push(state);
            hash.update(`${board.scope}\0${board.year}\0${state.assignmentNote}\0`);
            for (const [code, stamp] of state.stamps) hash.update(`${code}=${stamp ?? ''}\n`);
          }
          const key = hash.digest('base64url');
          const kept = cache.get(key);
          if (!kept) {
            pending = key;
            return null;
          }
          // As the uncached path: every stored assessment was found fresh.
          for (const [index, board] of boards.entries()) {
            const state = states[index];
            if (state) await recordFresh(ctx, board, state);
          }
          // The key names the answer: the gateway holding it (If-None-Match) is told so, without it.
          const etag = etagOf(key);
          const headers = new HeaderMap([['etag', etag]]);
          if (request.request.http?.headers.get('if-none-match') === etag)
            return { http: { status: 304, headers }, body: { kind: 'single', singleResult: {} } };
          return { http: { status: undefined, headers }, body: { kind: 'single', singleResult: kept } };
        },
        async willSendResponse({ response }) {
          if (pending === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors === undefined && result.extensions === undefined && result.data) {
            cache.set(pending, result);
            response.http.headers.set('etag', etagOf(pending));
          }
        },
      };
    },
  };
}
