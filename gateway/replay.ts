/**
 * Repeated reads without the gateway's own work — and never a stale answer.
 *
 * The gateway's answer to a query is a function of the operation, its variables and what each
 * subgraph fetch of its plan answered: the plan is fixed by the operation and the supergraph, each
 * fetch's request by the answers before it, and the result shaping by all of them. So when every
 * fetch of a remembered execution answers, now and for this caller, exactly what it answered then,
 * the answer is the remembered one. For a board of full assessments most of the gateway's time goes
 * to shaping and serialising hundreds of kilobytes: that is the work a replay saves.
 *
 * How an execution is remembered: every fetch of a query asks the subgraph for a validator of its
 * answer (`x-hub-etag`; the subgraph hashes its body, or names a kept answer: shared/http.ts,
 * LĐTBXH's board cache). An execution without errors whose every fetch came with one, and whose
 * answers are large enough to be worth it, is kept with the requests its fetches sent, in waves: a
 * fetch belongs to the wave after the last fetch that had finished when it started, so its request
 * can only depend on answers of earlier waves.
 *
 * How it is replayed: the same requests, wave by wave, each with `If-None-Match` and the caller's
 * own signed identity, so every subgraph decides again — with today's data and this caller's rights
 * — what it would answer. All `304 Not Modified`: the remembered answer is the answer, sent as the
 * text and bytes it was sent as before. The first fetch that answers anything else ends the replay;
 * the operation then executes as usual, and the answers the replay already received are used for
 * the same requests instead of being fetched twice. A publication that returned before the read
 * started has moved what some subgraph answers, so the read reflects it; nothing is answered
 * without asking every subgraph the plan asks.
 *
 * Waves stay in order: a fetch's request is built from the answers before it (a board's departments
 * are asked for the changes since the `since` LĐTBXH's first fetch answered). Sending later waves
 * ahead saves a round of fetches, but whenever an earlier answer has moved (a board's `since` moves
 * after a publication) the departments are then asked twice, once ahead with the old request and
 * once by the execution.
 *
 * Only queries are replayed; the memory is bounded in bytes (least recently used out first), kept in
 * the process, and emptied when the supergraph changes. A query whose answers are too small to be
 * worth it is executed without recording for a minute before it is looked at again.
 */
import { createHash } from 'node:crypto';
import type { ApolloGateway } from '@apollo/gateway';
import type { FormattedExecutionResult } from 'graphql';
import type { ServiceMetrics } from '../shared/observability/metrics';

type GatewayLoad = Awaited<ReturnType<ApolloGateway['load']>>;
type Executor = GatewayLoad['executor'];
type ExecutorRequest = Parameters<Executor>[0];
type ExecutionResult = Awaited<ReturnType<Executor>>;

/** The header a fetch asks for its answer's validator with. */
export const ETAG_REQUEST_HEADER = 'x-hub-etag';

/** One subgraph fetch as sent: to which subgraph, the JSON body, the validator of its answer. */
export interface RecordedFetch {
  service: string;
  body: string;
  etag: string | null;
  /** Answer bytes as the subgraph declared them (content-length). */
  bytes: number;
  /**
   * The answer itself when small (up to {@link KEPT_ANSWER_BYTES}): when a later wave of a replay
   * finds a change, the execution that follows uses it for this fetch, which answered 304.
   */
  text: string | null;
  started: number;
  finished: number;
}

/** The largest answer kept with a remembered execution (see {@link RecordedFetch.text}). */
export const KEPT_ANSWER_BYTES = 1024 * 1024;

/** What a fetch of a replay answered: used by the execution that follows for exactly that request. */
export interface PrefetchedAnswer {
  /** The subgraph's HTTP answer (its headers carry the validator). */
  response: Response;
  /** Its JSON text (for a 304, the one kept with the remembered execution). */
  text: string;
}

/** Per request: the fetches being recorded, and the answers a replay already has. */
export interface ReplayScope {
  recording: RecordedFetch[];
  /** Monotonic counter ordering fetch starts and ends within the request. */
  clock: number;
  /** service + NUL + body → the answer a replay received for exactly that request. */
  prefetched: Map<string, PrefetchedAnswer>;
}

function newReplayScope(): ReplayScope {
  return { recording: [], clock: 0, prefetched: new Map() };
}

export const prefetchKey = (service: string, body: string): string => `${service}\0${body}`;

/** Groups fetches into waves: each after every fetch that had finished when it started. */
export function wavesOf(fetches: readonly RecordedFetch[]): RecordedFetch[][] {
  const wave = new Map<RecordedFetch, number>();
  const ordered = [...fetches].sort((a, b) => a.started - b.started);
  for (const fetch of ordered) {
    let index = 0;
    for (const before of ordered) {
      if (before === fetch || before.finished >= fetch.started) continue;
      index = Math.max(index, (wave.get(before) ?? 0) + 1);
    }
    wave.set(fetch, index);
  }
  const waves: RecordedFetch[][] = [];
  for (const fetch of ordered) (waves[wave.get(fetch) ?? 0] ??= []).push(fetch);
  return waves.filter((group) => group.length > 0);
}

interface Remembered {
  key: string;
  result: ExecutionResult;
  waves: RecordedFetch[][];
  bytes: number;
  /** The answer as sent to the client, once serialised, and its UTF-8 bytes (see {@link ExecutionReplay.serialised}). */
  sent?: { text: string; bytes: Buffer };
}

/** Sends one fetch of a replay: the subgraph's URL, headers of this request, the body. */
export type ReplayFetch = (service: string, body: string, etag: string, context: ReplayContext) => Promise<Response>;

/** The part of the gateway's request context a replay uses. */
export interface ReplayContext {
  replay?: ReplayScope;
}

export interface ReplayOptions {
  /** Largest total of the answers remembered (the subgraphs' answer bytes); 0 turns replays off. */
  maxBytes: number;
  send: ReplayFetch;
  metrics?: ServiceMetrics;
}

export type ReplayOutcome = 'replayed' | 'changed' | 'executed';

/** The smallest total of an execution's answers worth remembering (smaller ones are shaped in no time). */
const MIN_REMEMBERED_BYTES = 64 * 1024;
/** How long a query found too small to remember is executed without recording. */
const SMALL_FOR_MS = 60_000;
/** The most such queries tracked (the set starts over when full). */
const SMALL_KEYS = 10_000;

/** The remembered executions and the executor wrapper that replays them. */
export class ExecutionReplay {
  private readonly entries = new Map<string, Remembered>();
  private bytes = 0;
  /**
   * Queries whose answers were too small to remember, until when they are not recorded again (no
   * validators asked, nothing kept): a light query costs the gateway nothing more than it did.
   */
  private readonly small = new Map<string, number>();
  /** The remembered execution of a result's `data`: how its serialised text is found again. */
  private readonly byData = new WeakMap<object, Remembered>();
  /** The remembered executions by the text they were sent as: how its bytes are found again. */
  private readonly bySent = new Map<string, Remembered>();

  constructor(private readonly options: ReplayOptions) {}

  clear(): void {
    this.entries.clear();
    this.bySent.clear();
    this.bytes = 0;
  }

  /**
   * The text of a result for the client: for the data of a remembered execution, serialised once
   * (when it is first sent) and kept with it, so a replay sends the same answer without walking
   * hundreds of kilobytes of objects again; any other result serialised as Apollo Server does.
   * Given to ApolloServer as `stringifyResult`.
   */
  serialised(value: FormattedExecutionResult): string {
    const entry =
      value.errors === undefined && value.extensions === undefined && value.data
        ? this.byData.get(value.data)
        : undefined;
    if (entry?.sent) return entry.sent.text;
    const text = `${JSON.stringify(value)}\n`;
    if (entry && this.entries.get(entry.key) === entry) {
      entry.sent = { text, bytes: Buffer.from(text, 'utf8') };
      this.bySent.set(text, entry);
      entry.bytes += text.length + entry.sent.bytes.length;
      this.bytes += text.length + entry.sent.bytes.length;
      this.evict();
    }
    return text;
  }

  /**
   * The UTF-8 bytes of `text` when it is a remembered answer as {@link serialised} gave it: the HTTP
   * server writes them instead of encoding hundreds of kilobytes of text again.
   */
  encoded(text: string): Buffer | undefined {
    return this.bySent.get(text)?.sent?.bytes;
  }

  private keyOf(request: ExecutorRequest): string | null {
    if (request.operation.operation !== 'query') return null;
    return createHash('sha256')
      .update(
        `${request.queryHash}\0${request.operationName ?? ''}\0${JSON.stringify(request.request.variables ?? {})}`,
      )
      .digest('base64url');
  }

  private remember(key: string, result: ExecutionResult, fetches: RecordedFetch[]): void {
    if (result.errors?.length || result.extensions || !result.data || fetches.length === 0) return;
    if (fetches.some((fetch) => fetch.etag === null)) return;
    const bytes = fetches.reduce(
      (sum, fetch) => sum + Math.max(fetch.bytes, fetch.text?.length ?? 0) + fetch.body.length,
      0,
    );
    if (bytes < MIN_REMEMBERED_BYTES) {
      // Asked again within the minute, it is executed without recording; then looked at again.
      if (this.small.size >= SMALL_KEYS) this.small.clear();
      this.small.set(key, Date.now() + SMALL_FOR_MS);
      return;
    }
    if (bytes > this.options.maxBytes / 4) return;
    this.forget(key);
    const entry: Remembered = { key, result, waves: wavesOf(fetches), bytes };
    this.entries.set(key, entry);
    this.byData.set(result.data, entry);
    this.bytes += bytes;
    this.evict();
  }

  /** Least recently used out first, until the memory is within its bound. */
  private evict(): void {
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.options.maxBytes) break;
      this.forget(oldest);
    }
  }

  private forget(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    if (old.sent) this.bySent.delete(old.sent.text);
    this.bytes -= old.bytes;
  }

  /**
   * Sends the remembered fetches wave by wave; true when every one answered 304. Answers other
   * than 304 of the wave that ended the replay are kept in the scope for the execution.
   */
  private async replay(entry: Remembered, context: ReplayContext, scope: ReplayScope): Promise<boolean> {
    for (const wave of entry.waves) {
      const answers = await Promise.all(
        wave.map(async (fetch) => {
          try {
            return { fetch, response: await this.options.send(fetch.service, fetch.body, fetch.etag ?? '', context) };
          } catch {
            return { fetch, response: null };
          }
        }),
      );
      let unchanged = true;
      for (const { fetch, response } of answers) {
        const key = prefetchKey(fetch.service, fetch.body);
        if (response?.status === 304) {
          // Unchanged: what was answered then is the answer now, if it was kept.
          if (fetch.text !== null) scope.prefetched.set(key, { response, text: fetch.text });
          continue;
        }
        unchanged = false;
        if (response?.status !== 200) continue;
        try {
          scope.prefetched.set(key, { response, text: await response.text() });
        } catch {
          // Cut off: the execution fetches it again and reports what it finds.
        }
      }
      if (!unchanged) return false;
    }
    return true;
  }

  /** Wraps the gateway's executor (see the module comment). */
  wrap(executor: Executor): Executor {
    return async (request) => {
      const context = request.context as ReplayContext;
      const key = this.options.maxBytes > 0 ? this.keyOf(request) : null;
      if (key === null) return executor(request);
      const small = this.small.get(key);
      if (small !== undefined) {
        if (small > Date.now()) {
          this.options.metrics?.countReplay('executed');
          return executor(request);
        }
        this.small.delete(key);
      }
      const scope = newReplayScope();
      context.replay = scope;
      const entry = this.entries.get(key);
      let outcome: ReplayOutcome = 'executed';
      if (entry) {
        // Most recently used last.
        this.entries.delete(key);
        this.entries.set(key, entry);
        if (await this.replay(entry, context, scope)) {
          this.options.metrics?.countReplay('replayed');
          return { ...entry.result };
        }
        outcome = 'changed';
      }
      const result = await executor(request);
      this.remember(key, result, scope.recording);
      this.options.metrics?.countReplay(outcome);
      return result;
    };
  }
}

/**
 * The Apollo gateway with its executor wrapped by an {@link ExecutionReplay}: what ApolloServer is
 * given in place of the gateway itself.
 */
export class ReplayingGateway {
  constructor(
    private readonly inner: ApolloGateway,
    private readonly replay: ExecutionReplay,
  ) {}

  async load(options: Parameters<ApolloGateway['load']>[0]): Promise<GatewayLoad> {
    const loaded = await this.inner.load(options);
    return { ...loaded, executor: this.replay.wrap(loaded.executor) };
  }

  onSchemaLoadOrUpdate(callback: Parameters<ApolloGateway['onSchemaLoadOrUpdate']>[0]): () => void {
    return this.inner.onSchemaLoadOrUpdate((schema) => {
      this.replay.clear();
      callback(schema);
    });
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
