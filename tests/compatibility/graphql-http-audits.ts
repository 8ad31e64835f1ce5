/**
 * The GraphQL-over-HTTP conformance audits of `graphql-http` (`serverAudits`), run one after the
 * other against a live endpoint and reduced to plain data a test can assert on.
 */
import { serverAudits } from 'graphql-http';

/** One audit's outcome. `name` starts with its RFC 2119 level: `MUST`, `SHOULD` or `MAY`. */
export interface GraphqlHttpAuditResult {
  name: string;
  id: string;
  /**
   * `ok`; `error` for a failed MUST; `warn` for a failed SHOULD or MAY; `notice` for an audit
   * graphql-http only reports on (it has no requirement behind it).
   */
  status: 'ok' | 'notice' | 'warn' | 'error';
  /** Why the audit failed, with the HTTP status the server answered. */
  reason?: string;
}

/**
 * Runs every `graphql-http` server audit against `url` (a full GraphQL endpoint URL, e.g. the
 * `url` of a started server), sequentially, so that a server under test sees one request at a
 * time.
 * @throws only when an audit cannot run at all (e.g. the server is unreachable).
 */
export async function runGraphqlHttpAudits(
  url: string,
  headers: Record<string, string> | (() => Promise<Record<string, string>>) = {},
): Promise<GraphqlHttpAuditResult[]> {
  const results: GraphqlHttpAuditResult[] = [];
  // Extra headers (e.g. the identity a hub subgraph requires, made afresh for each request when a
  // function is given) are added to every audit request.
  const fetchFn = async (input: string | URL | Request, init: RequestInit = {}) =>
    fetch(input, {
      ...init,
      headers: {
        ...Object.fromEntries(new Headers(init.headers).entries()),
        ...(typeof headers === 'function' ? await headers() : headers),
      },
    });
  for (const audit of serverAudits({ url, fetchFn })) {
    const result = await audit.fn();
    if (result.status === 'ok') {
      results.push({ name: result.name, id: result.id, status: 'ok' });
    } else {
      results.push({
        name: result.name,
        id: result.id,
        status: result.status,
        reason: `${result.reason} (HTTP ${result.response.status})`,
      });
    }
  }
  return results;
}
