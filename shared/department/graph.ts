/**
 * Asking the graph, through the gateway, on behalf of the caller (its identity forwarded, signed
 * with the internal secret). What crosses departments — another department's figures for a rule,
 * another department's approval — is read this way; no service reads another's tables.
 */
import { hubError } from '../errors';
import { signForwardedIdentity, type Identity } from '../identity';
import { traceHeaders } from '../observability/trace-context';

/** Who is asking. */
export interface GraphCaller {
  identity: Identity;
  internalSecret: string;
  requestId: string;
}

/**
 * Runs `query` at the gateway as `caller`.
 * @throws GRAPH_UNAVAILABLE (with the reasons) when the gateway cannot answer or answers with errors
 */
export async function askGraph<T>(
  gatewayUrl: string,
  caller: GraphCaller,
  query: string,
  variables: Record<string, unknown>,
  what: string,
): Promise<T> {
  const identity = await signForwardedIdentity(caller.identity, caller.internalSecret, {
    audience: 'gateway',
    requestId: caller.requestId,
  });
  let body: { data?: T | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      // The caller's trace goes on through the gateway: one request, one trace.
      headers: {
        'content-type': 'application/json',
        'x-hub-identity': identity,
        'x-request-id': caller.requestId,
        ...traceHeaders(),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw hubError('GRAPH_UNAVAILABLE', `${what} could not be obtained from the graph: ${(error as Error).message}`, {
      messageVi: `Không lấy được ${what} từ hệ thống: ${(error as Error).message}`,
    });
  }
  if (body.errors?.length || !body.data) {
    const reasons = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw hubError('GRAPH_UNAVAILABLE', `${what} could not be obtained from the graph: ${reasons || 'no data'}`, {
      reasons: (body.errors ?? []).map((e) => e.extensions?.code ?? 'ERROR'),
      messageVi: `Không lấy được ${what} từ hệ thống: ${reasons || 'không có dữ liệu'}`,
    });
  }
  return body.data;
}
