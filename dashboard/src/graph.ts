/**
 * The dashboard's only way to data: the hub's one graph, `POST /graphql` on the page's own origin.
 * A pasted credential (a person's token or a department system's API key) is kept for the browser
 * tab only (sessionStorage) and sent as the hub expects it.
 */

export interface GraphError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; messageVi?: string; [key: string]: unknown };
}

export interface GraphResult<T> {
  data: T | null;
  errors: GraphError[];
}

const CREDENTIAL_KEY = 'cfc-credential';

/** The credential pasted at sign-in, or null for the public view. */
export function credential(): string | null {
  try {
    return sessionStorage.getItem(CREDENTIAL_KEY);
  } catch {
    return null;
  }
}

export function setCredential(value: string | null): void {
  if (value) sessionStorage.setItem(CREDENTIAL_KEY, value);
  else sessionStorage.removeItem(CREDENTIAL_KEY);
}

/** The HTTP headers that carry a credential: API keys (`cfc_…`) as X-Api-Key, tokens as Bearer. */
export function credentialHeaders(value: string | null = credential()): Record<string, string> {
  if (!value) return {};
  return value.startsWith('cfc_') ? { 'x-api-key': value } : { authorization: `Bearer ${value}` };
}

/** An answer the page cannot use at all (HTTP error, refused credential, no data). */
export class GraphFailure extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly errors: GraphError[],
  ) {
    super(message);
  }
}

/**
 * Runs one operation. Resolves with the data and any field errors (a partial answer is still
 * shown, with its errors); rejects with GraphFailure when there is no data at all.
 */
export async function graph<T>(
  query: string,
  variables: Record<string, unknown> = {},
  withCredential: string | null = credential(),
): Promise<GraphResult<T>> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...credentialHeaders(withCredential),
    },
    body: JSON.stringify({ query, variables }),
  });
  let body: { data?: T | null; errors?: GraphError[] };
  try {
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphFailure(`HTTP ${response.status}`, response.status, []);
  }
  const errors = body.errors ?? [];
  if (!body.data)
    throw new GraphFailure(
      errors[0]?.extensions?.messageVi ?? errors[0]?.message ?? `HTTP ${response.status}`,
      response.status,
      errors,
    );
  return { data: body.data, errors };
}

/** What a person's token says about its holder (read for display only: the hub checks it). */
export interface TokenClaims {
  role?: string;
  name?: string;
  sub?: string;
  district?: string | null;
  commune?: string | null;
  department?: string | null;
  province?: string | null;
  exp?: number;
}

export function tokenClaims(value: string | null): TokenClaims | null {
  if (!value || value.startsWith('cfc_')) return null;
  const payload = value.split('.')[1];
  if (!payload) return null;
  try {
    const json = decodeURIComponent(
      Array.from(
        atob(payload.replace(/-/g, '+').replace(/_/g, '/')),
        (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
      ).join(''),
    );
    return JSON.parse(json) as TokenClaims;
  } catch {
    return null;
  }
}
