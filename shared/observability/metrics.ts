/**
 * The Prometheus metrics of one service (the gateway or a subgraph), served at its `/metrics` by
 * the HTTP layer. Each service has its own registry, so several services in one process (the
 * tests run the whole hub in one) each expose only their own figures. Every metric is listed in
 * the README ("Metrics").
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { DataSource } from 'typeorm';

/** How a request ended: `ok` (no error), `partial` (data and errors), `error` (errors, no data). */
export type RequestOutcome = 'ok' | 'partial' | 'error';

/** Label value for requests that carry no operation name (or are not GraphQL operations). */
export const ANONYMOUS_OPERATION = 'anonymous';
/** Label value once {@link MAX_OPERATION_NAMES} distinct names were seen: clients choose names, so they are capped. */
export const OTHER_OPERATION = 'other';
/** Distinct operation names a service labels its metrics with before it counts new ones as `other`. */
export const MAX_OPERATION_NAMES = 200;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The metrics of one service. */
export class ServiceMetrics {
  /** The registry `/metrics` serializes. */
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'outcome'>;
  private readonly errors: Counter<'code'>;
  private readonly fetches: Histogram<'subgraph' | 'outcome'>;
  private readonly published: Counter<'department' | 'outcome'>;
  private readonly replays: Counter<'outcome'>;
  private readonly pools: { name: string; dataSource: DataSource }[] = [];

  /** @param service the `service` label on every metric (`gateway`, `ldtbxh`, …). */
  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    // Process and Node.js metrics, among them nodejs_eventloop_lag_seconds.
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'hub_requests_total',
      help: 'GraphQL requests served, by operation name and outcome (ok, partial, error)',
      labelNames: ['operation', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'hub_request_duration_seconds',
      help: 'Time from receiving a GraphQL request to the end of its response, by operation name and outcome',
      labelNames: ['operation', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'hub_errors_total',
      help: 'Errors sent to clients, by extensions.code (one per error of a response)',
      labelNames: ['code'],
      registers,
    });
    this.fetches = new Histogram({
      name: 'hub_subgraph_fetch_duration_seconds',
      help: "Gateway only: time of each fetch from a subgraph, by subgraph and outcome (ok, not_modified: a replay's answer did not change, error)",
      labelNames: ['subgraph', 'outcome'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.published = new Counter({
      name: 'hub_published_rows_total',
      help: 'Rows of publishing calls, by department and outcome (created, updated, unchanged, rejected; blocked: valid rows not written because the call was all-or-nothing)',
      labelNames: ['department', 'outcome'],
      registers,
    });
    this.replays = new Counter({
      name: 'hub_gateway_replays_total',
      help: 'Gateway only: queries by how they were answered (replayed: every subgraph answered "not modified" to a remembered execution; changed: a remembered execution was tried and something moved; executed: nothing remembered)',
      labelNames: ['outcome'],
      registers,
    });
    const pools = this.pools;
    new Gauge({
      name: 'hub_db_pool_connections',
      help: 'Database connections of the service pool, by state (in_use, idle, waiting: requests queued for a connection)',
      labelNames: ['pool', 'state'],
      registers,
      collect() {
        this.reset();
        for (const { name, dataSource } of pools) {
          const pool = poolOf(dataSource);
          if (!pool) continue;
          this.set({ pool: name, state: 'in_use' }, pool.totalCount - pool.idleCount);
          this.set({ pool: name, state: 'idle' }, pool.idleCount);
          this.set({ pool: name, state: 'waiting' }, pool.waitingCount);
        }
      },
    });
  }

  /** The label for an operation name: the name, `anonymous`, or `other` past the cap. */
  operationLabel(name: string | null | undefined): string {
    if (!name || !GRAPHQL_NAME.test(name)) return ANONYMOUS_OPERATION;
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    this.operations.add(name);
    return name;
  }

  /** Counts one finished GraphQL request and its errors. */
  observeRequest(operationName: string | null, outcome: RequestOutcome, seconds: number, errorCodes: string[]): void {
    const labels = { operation: this.operationLabel(operationName), outcome };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  /** Gateway: one fetch from `subgraph`. */
  observeFetch(subgraph: string, outcome: 'ok' | 'not_modified' | 'error', seconds: number): void {
    this.fetches.observe({ subgraph, outcome }, seconds);
  }

  /** Gateway: how one query was answered (see gateway/replay.ts). */
  countReplay(outcome: 'replayed' | 'changed' | 'executed'): void {
    this.replays.inc({ outcome });
  }

  /** Subgraphs: rows of one publishing call. */
  observePublished(department: string, outcome: string, rows: number): void {
    if (rows > 0) this.published.inc({ department, outcome }, rows);
  }

  /** Reports the connections of `dataSource`'s pool as `hub_db_pool_connections{pool=name}`. */
  watchPool(name: string, dataSource: DataSource): void {
    this.pools.push({ name, dataSource });
  }

  /** The text exposition format `/metrics` answers with. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

interface PoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

/** node-postgres' pool behind a TypeORM DataSource, when it is connected. */
function poolOf(dataSource: DataSource): PoolCounts | undefined {
  if (!dataSource.isInitialized) return undefined;
  const pool = (dataSource.driver as unknown as { master?: Partial<PoolCounts> }).master;
  return pool && typeof pool.totalCount === 'number' ? (pool as PoolCounts) : undefined;
}
