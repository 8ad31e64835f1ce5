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
