/**
 * Asking the graph, through the gateway, for a commune's assessment at this moment, on behalf of
 * the caller (its identity forwarded, signed with the internal secret). The recognition steps
 * need it: the assessment draws on every department's values, which only the graph joins — the
 * lead subgraph never calls the other departments behind the gateway's back.
 */
import { hubError } from '../../../shared/errors';
import { signForwardedIdentity, type Identity } from '../../../shared/identity';
import { traceHeaders } from '../../../shared/observability/trace-context';
import type { AssessmentStatus } from '../assessment/model';

/** What a recognition step freezes of the assessment. */
export interface AssessmentSnapshot {
  asOf: string;
  criteriaSet: { id: string; version: number };
  total: number;
  maxTotal: number;
  status: AssessmentStatus;
  eligible: boolean;
  threshold: { category: string; points: number } | null;
  conditions: { code: string; met: boolean | null; message: string }[];
  missing: { department: string; indicators: string[] }[];
  /** Points of each criterion (absent from snapshots frozen before it was kept). */
  criteria?: { number: number; points: number | null }[];
}

const QUERY = /* GraphQL */ `
  query RecognitionSnapshot($code: String!, $year: Int!, $asOf: DateTime!) {
    commune(code: $code) {
      year(year: $year) {
        asOf(at: $asOf) {
          assessment {
            asOf
            criteriaSet { id version }
            total maxTotal status eligible
            threshold { category points }
            conditions { code met message }
            missing { department indicators }
            criteria { number points }
          }
        }
      }
    }
  }`;

/**
 * The assessment of a commune-year as it stands at `asOf` (the moment of the step).
 * @throws ASSESSMENT_UNAVAILABLE when the graph cannot give it (a department down, no set for the year…), with its reason.
 */
export async function fetchAssessmentSnapshot(
  gatewayUrl: string,
  caller: { identity: Identity; internalSecret: string; requestId: string },
  communeCode: string,
  year: number,
  asOf: Date,
): Promise<AssessmentSnapshot> {
  const identity = await signForwardedIdentity(caller.identity, caller.internalSecret, {
    audience: 'gateway',
    requestId: caller.requestId,
  });
  let body: {
    data?: { commune: { year: { asOf: { assessment: AssessmentSnapshot | null } } } | null } | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
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
      body: JSON.stringify({ query: QUERY, variables: { code: communeCode, year, asOf: asOf.toISOString() } }),
      signal: AbortSignal.timeout(30000),
    });
    body = (await response.json()) as typeof body;
  } catch (error) {
    throw hubError(
      'ASSESSMENT_UNAVAILABLE',
      `the assessment of ${communeCode} for ${year} could not be obtained from the graph: ${(error as Error).message}`,
    );
  }
  const assessment = body.data?.commune?.year.asOf.assessment;
  if (body.errors?.length || !assessment) {
    const reasons = (body.errors ?? []).map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ');
    throw hubError(
      'ASSESSMENT_UNAVAILABLE',
      `the assessment of ${communeCode} for ${year} could not be obtained: ${reasons || 'no assessment'}`,
      {
        reasons: (body.errors ?? []).map((e) => e.extensions?.code ?? 'ERROR'),
      },
    );
  }
  return assessment;
}
