/**
 * The time a subgraph has for one request, as the gateway states it. The gateway stops waiting for
 * a subgraph fetch at the earlier of its per-fetch timeout and the operation's deadline, and says
 * how long that is in {@link TIME_LEFT_HEADER} (milliseconds, relative, so the two clocks need not
 * agree). The subgraph keeps a margin for its COMMIT and its answer to travel back: past its own
 * deadline it rolls back, because the gateway will already have answered that the call failed.
 */
import type { IncomingMessage } from 'node:http';

export const TIME_LEFT_HEADER = 'x-hub-time-left-ms';

/** The part of the time left kept for committing and answering: 10 %, at least 50 ms, at most 1 s. */
export function commitMargin(timeLeftMs: number): number {
  return Math.min(1000, Math.max(50, Math.round(timeLeftMs / 10)));
}

/**
 * The deadline (epoch ms, this process's clock) of a request received at `receivedAt`, or null when
 * the request states none (a caller other than the gateway, e.g. a test or an operator's tool).
 */
export function deadlineOf(req: IncomingMessage, receivedAt = Date.now()): number | null {
  const sent = req.headers[TIME_LEFT_HEADER];
  if (typeof sent !== 'string' || !/^\d{1,9}$/.test(sent)) return null;
  const timeLeft = Number(sent);
  return receivedAt + timeLeft - commitMargin(timeLeft);
}
