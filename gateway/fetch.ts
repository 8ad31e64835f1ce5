/**
 * The gateway's fetches from subgraphs, observed: each carries the trace context of the gateway's
 * fetch span (`traceparent`), so the subgraph's spans join the client's trace, and its latency is
 * counted in `hub_subgraph_fetch_duration_seconds` (a replay's `304 Not Modified` as `not_modified`,
 * not as an error: gateway/replay.ts).
 */
import { performance } from 'node:perf_hooks';
import type { ServiceMetrics } from '../shared/observability/metrics';
import { injectTraceContext } from '../shared/observability/trace-context';

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** Wraps `fetchImpl` (the data source's fetcher) for the subgraph `subgraph`. */
export function observedFetch(subgraph: string, metrics: ServiceMetrics | undefined, fetchImpl: Fetch): Fetch {
  return async (url, init) => {
    const headers = new Headers(init?.headers);
    injectTraceContext(headers);
    const started = performance.now();
    try {
      const response = await fetchImpl(url, { ...init, headers });
      const outcome = response.ok ? 'ok' : response.status === 304 ? 'not_modified' : 'error';
      metrics?.observeFetch(subgraph, outcome, (performance.now() - started) / 1000);
      return response;
    } catch (error) {
      metrics?.observeFetch(subgraph, 'error', (performance.now() - started) / 1000);
      throw error;
    }
  };
}
