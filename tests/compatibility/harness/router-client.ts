/**
 * Replaces the suite's `utils/client` module (mapped in jest.config.js) for one reason: the suite
 * hard-codes its router at http://localhost:4000/, while this harness runs the gateway on a free
 * port. Requests still go through the suite's own `graphqlRequest` (same headers, same parsing);
 * only the router URL differs. Products requests are the suite's, unchanged (they honour
 * PRODUCTS_URL already).
 */
import path from 'node:path';
import { suitePackageDir } from './suite';

type GraphQLRequest = { query: string; variables?: Record<string, unknown>; operationName?: string };
type Headers = Record<string, string>;

interface SuiteClient {
  graphqlRequest(url: string, req: GraphQLRequest, headers?: Headers): Promise<unknown>;
  productsRequest(req: GraphQLRequest, headers?: Headers): Promise<unknown>;
}

const suiteClient = jest.requireActual<SuiteClient>(path.join(suitePackageDir(), 'dist', 'utils', 'client.js'));

function routerUrl(): string {
  const url = process.env.COMPAT_ROUTER_URL;
  if (!url) throw new Error('COMPAT_ROUTER_URL is not set: run the suite through tests/compatibility/run.sh');
  return url;
}

export const graphqlRequest = suiteClient.graphqlRequest;
export const productsRequest = suiteClient.productsRequest;
export const ROUTER_URL = routerUrl();

export function routerRequest(req: GraphQLRequest, headers?: Headers): Promise<unknown> {
  return suiteClient.graphqlRequest(ROUTER_URL, req, headers);
}
