/**
 * What the hub knows about the request being served, wherever the code runs during it: the HTTP
 * layer opens a record, the GraphQL plugin fills in the operation, caller role and error codes,
 * resolvers add what they did (published rows), and the logger stamps the request id and trace id
 * on every line written meanwhile. Node's AsyncLocalStorage carries it through every await.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** One request, as it is being served. */
export interface RequestRecord {
  requestId: string;
  /** W3C trace id of the request's trace (32 hex digits). */
  traceId: string;
  /** The GraphQL operation name; null for an anonymous operation or a request that is not one. */
  operationName: string | null;
  /** The caller's role once authenticated (never the credential itself); null before or without it. */
  role: string | null;
  /** `extensions.code` of every error in the response, in order. */
  errorCodes: string[];
  /** True once a GraphQL response had data (with or without errors). */
  hadData: boolean;
  /** Per-request additions a resolver wants on the request's log line and metrics. */
  published: { department: string; outcome: string; rows: number }[];
}

const storage = new AsyncLocalStorage<RequestRecord>();

/** Runs `work` with `record` as the current request. */
export function withRequestRecord<T>(record: RequestRecord, work: () => T): T {
  return storage.run(record, work);
}

/** The request being served, or undefined outside of one (start-up, commands). */
export function currentRequest(): RequestRecord | undefined {
  return storage.getStore();
}
