/**
 * What the departments have published for a province's communes in a year, asked of the graph
 * through the gateway on behalf of the caller (its identity forwarded, signed with the internal
 * secret) — LĐTBXH never reads another department's tables. Only the indicator, its set and the
 * publication time of each value are asked: no figure, so sensitive values stay where they are.
 */
import type { DepartmentCode } from '../../../shared/departments';
import { hubError } from '../../../shared/errors';
import { signForwardedIdentity, type Identity } from '../../../shared/identity';
import { traceHeaders } from '../../../shared/observability/trace-context';
import type { PublishedValue } from './completeness';

/** The departments' fields on CommuneYear, in the plan's order. */
export const DEPARTMENT_FIELDS: readonly (readonly [DepartmentCode, string])[] = [
  ['LDTBXH', 'ldtbxh'],
  ['TUPHAP', 'tuphap'],
  ['CONGAN', 'congan'],
  ['YTE', 'yte'],
  ['GDDT', 'gddt'],
  ['VHTTDL', 'vhttdl'],
];

const VALUE = 'criteriaSetId indicator publishedAt';

const QUERY = /* GraphQL */ `
  query DepartmentPublications($province: String!, $year: Int!) {
    communes(provinceCode: $province, year: $year) {
      code
      year(year: $year) { ${DEPARTMENT_FIELDS.map(([, field]) => `${field} { ${VALUE} }`).join(' ')} }
    }
  }`;

type Answer = {
  data?: {
    communes: ({
      code: string;
      year: Record<string, { criteriaSetId: string; indicator: string; publishedAt: string }[] | null>;
    } | null)[];
  } | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[];
};

/**
 * Every department's values of `year` for the communes of `provinceCode` (the communes that existed
 * in the year), by department.
 * @throws GRAPH_UNAVAILABLE when the graph cannot be asked or a department did not answer (naming it):
 *   a table that silently showed a department's values as missing would be wrong.
 */
export async function fetchPublications(
  gatewayUrl: string,
  caller: { identity: Identity; internalSecret: string; requestId: string },
  provinceCode: string,
  year: number,
): Promise<Map<DepartmentCode, PublishedValue[]>> {
  const identity = await signForwardedIdentity(caller.identity, caller.internalSecret, {
    audience: 'gateway',
    requestId: caller.requestId,
  });
  let body: Answer;
  try {
    const response = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-identity': identity,
        'x-request-id': caller.requestId,
        ...traceHeaders(),
      },
      body: JSON.stringify({ query: QUERY, variables: { province: provinceCode, year } }),
      signal: AbortSignal.timeout(30000),
    });
    body = (await response.json()) as Answer;
  } catch (error) {
    throw hubError(
      'GRAPH_UNAVAILABLE',
      `the departments' publications of ${year} could not be asked of the graph: ${(error as Error).message}`,
      { messageVi: `không lấy được số liệu các sở đã công bố năm ${year}` },
    );
  }
  if (body.errors?.length || !body.data) {
    const fields = new Set(DEPARTMENT_FIELDS.map(([, field]) => field));
    const departments = [
      ...new Set(
        (body.errors ?? [])
          .map((e) => (e.path ?? []).find((p) => typeof p === 'string' && fields.has(p)))
          .filter((p): p is string => typeof p === 'string'),
      ),
    ];
    throw hubError(
      'GRAPH_UNAVAILABLE',
      `the departments' publications of ${year} could not be obtained: ${(body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ') || 'no data'}`,
      {
        departments,
        messageVi: `không lấy được số liệu các sở đã công bố năm ${year}${departments.length > 0 ? ` (${departments.join(', ')})` : ''}`,
      },
    );
  }
  const published = new Map<DepartmentCode, PublishedValue[]>(DEPARTMENT_FIELDS.map(([code]) => [code, []]));
  for (const commune of body.data.communes) {
    if (commune === null) continue;
    for (const [code, field] of DEPARTMENT_FIELDS) {
      for (const value of commune.year[field] ?? []) published.get(code)?.push({ communeCode: commune.code, ...value });
    }
  }
  return published;
}
