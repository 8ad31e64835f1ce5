/** Waiting for a service to report ready, bounded in time. */
import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `url` until it answers 200, every 100 ms (the pace of the health check, not a guess at how
 * long start-up takes), until `timeoutMs` has passed.
 * @throws Error naming the URL and the last answer when the deadline passes.
 */
export async function waitForHealth(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await delay(100);
  }
  throw new Error(`${url} was not healthy within ${timeoutMs} ms (last answer: ${last})`);
}
