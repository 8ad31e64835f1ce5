/**
 * Throughput of a gateway: `connections` clients sending one operation back to back for
 * `seconds` (autocannon, loopback only, bounded in time).
 */

export interface LoadFigures {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** Answers that were not HTTP 200 or carried GraphQL errors (checked on a sample beforehand), and transport errors. */
  failures: number;
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

// autocannon ships no types; this is the part of its API used here.
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

/** Sends the operation once and refuses to measure a gateway that does not answer it without errors. */
export async function checkOperation(url: string, query: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { errors?: { message: string }[] };
  if (response.status !== 200 || body.errors?.length)
    throw new Error(`${url} answered ${response.status}: ${body.errors?.[0]?.message ?? text.slice(0, 200)}`);
  return Buffer.byteLength(text);
}

export async function throughput(
  url: string,
  query: string,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    connections,
    duration: seconds,
    timeout: 30,
  });
  return {
    connections,
    seconds,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/**
 * Two gateways' throughput for the same operation, measured in turn as A B B A (each for half of
 * `seconds`, after a one-second warm-up each that is not counted, unless `seconds` is under 4), so
 * that a drift of the machine during the measurement — another process waking up, a service's JIT
 * still warming — weighs on both alike rather than on whichever ran second. Each side's figures combine its two halves:
 * requests per second and p50 averaged, the worse p99, the failures added.
 */
export async function interleavedThroughput(
  urls: readonly [string, string],
  query: string,
  connections: number,
  seconds: number,
): Promise<[LoadFigures, LoadFigures]> {
  const half = Math.max(1, Math.round(seconds / 2));
  if (seconds >= 4) for (const url of urls) await throughput(url, query, connections, 1);
  const [a, b] = urls;
  const runs: LoadFigures[][] = [[], []];
  for (const [side, url] of [
    [0, a],
    [1, b],
    [1, b],
    [0, a],
  ] as const)
    runs[side]?.push(await throughput(url, query, connections, half));
  const combine = (halves: LoadFigures[]): LoadFigures => ({
    connections,
    seconds: half * halves.length,
    requestsPerSecond: Math.round((halves.reduce((sum, h) => sum + h.requestsPerSecond, 0) / halves.length) * 10) / 10,
    latencyP50Ms: Math.round((halves.reduce((sum, h) => sum + h.latencyP50Ms, 0) / halves.length) * 10) / 10,
    latencyP99Ms: Math.max(...halves.map((h) => h.latencyP99Ms)),
    failures: halves.reduce((sum, h) => sum + h.failures, 0),
  });
  return [combine(runs[0] ?? []), combine(runs[1] ?? [])];
}
