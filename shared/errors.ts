/**
 * One registry of the hub's error codes. Every error a client can see is built here, so each code
 * has one meaning, one HTTP-independent shape and a message a person can act on.
 */
import { GraphQLError } from 'graphql';

/** Every code a client may receive in `extensions.code`, with what it means. */
export const ERROR_CODES = {
  BAD_USER_INPUT: 'The request is well-formed GraphQL but an argument is not acceptable.',
  NOT_FOUND: 'The thing named does not exist.',
  CONFLICT: 'The write collided with another write or with stored data; nothing was changed.',
  IDEMPOTENCY_KEY_REUSED: 'The idempotency key was already used by a publishing call with other content; nothing was written.',
  DEADLINE_EXCEEDED: 'The time the caller (the gateway) allowed ran out before the write could be committed; it was rolled back and nothing was written.',
  UNAUTHENTICATED: 'The request needs credentials (a token or an API key), or the ones sent are not valid.',
  FORBIDDEN: 'The caller is known but its role or area does not allow this.',
  UNKNOWN_CRITERIA_SET: 'No criteria set with that id (and version) is loaded.',
  YEAR_OUT_OF_RANGE: 'The year is outside the years the criteria set applies to.',
  TOO_MANY_ROWS: 'A publishing call carries more rows than the configured maximum.',
  NO_ROWS: 'A publishing call carries no rows.',
  INVALID_CATEGORY_CHANGE: 'The category change is not acceptable.',
  CRITERIA_SET_INVALID: 'A criteria-set document failed validation.',
  CRITERIA_SET_VERSION_EXISTS: 'That id and version is already loaded with other content.',
  SUBGRAPH_UNAVAILABLE: 'A department service could not answer in time; its part of the response is missing (null).',
  NO_CRITERIA_SET_FOR_YEAR: 'No criteria set is assigned to the year (at the moment asked about), or its version was not loaded then.',
  WHAT_IF_INVALID: 'A supposed value of a what-if names an unknown indicator or has invalid inputs.',
  QUERY_TOO_COMPLEX: 'The operation is deeper, wider or costlier than the configured limits (extensions name the limit, the maximum and the actual value).',
  ILLEGAL_TRANSITION: 'The recognition step is not possible from the cycle\'s current state (extensions list the allowed steps).',
  CYCLE_DETAILS_INVALID: 'A recognition step\'s details are missing or invalid (extensions list every problem with its field).',
  RECOGNITION_REFUSED: 'Recognition needs a COMPLETE and eligible assessment; extensions list the reasons.',
  ASSESSMENT_UNAVAILABLE: 'The assessment a recognition step needs could not be obtained from the graph.',
  INVALID_TARGET: 'A target is not acceptable (field and reason in extensions).',
  REWARD_RECORD_INVALID: 'A reward decision or proposal is not acceptable: a field is missing or invalid, or the commune\'s run of recognised years does not reach the rule (field, reason and streak in extensions).',
  REPORT_TEXT_INVALID: 'The officer\'s sections of a report are not acceptable (extensions list every problem with its field).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the configured maximum.',
  STAGED_PUBLICATION_CLOSED: 'The staged publication is no longer open (committed or discarded).',
  GRAPH_UNAVAILABLE: 'A service could not obtain what it needed from the graph (another department\'s figures or approval).',
  ILLEGAL_APPROVAL_STEP: 'The approval step is not possible from the current state of the values (extensions list the allowed steps).',
  APPROVAL_STALE: 'The values changed since they were submitted; submit them again before approving.',
  UNITS_FILE_INVALID: 'A reorganisation file (npm run units:apply) has problems or contradicts the stored units; each is named by file, line and field, and nothing was stored.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; the request id finds it in the logs.',
  PROCEDURE_STEP_MISSING: 'A recognition step comes before a step its period requires (dossier check, appraisal, council, posting); extensions list the missing steps.',
  DECISION_REASON_REQUIRED: 'A decision that differs from the hub\'s computation is recorded only with the officer\'s reason (field reason).',
  CRITERIA_SET_PROVISIONAL: 'Blocking decisions on disagreement cannot be chosen for a criteria set whose recognition thresholds are provisional (extensions list them).',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Builds a coded error. `field` names the argument or input field at fault, when there is one. */
export function hubError(
  code: ErrorCode,
  message: string,
  details: { field?: string } & Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** An argument that is not acceptable, naming the field and the reason. */
export function badInput(field: string, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return hubError('BAD_USER_INPUT', message, { field, ...details });
}

/**
 * An optional ISO 8601 date or date-time argument; null when absent.
 * @throws BAD_USER_INPUT naming the field when it is not one.
 */
export function parseIsoDateArgument(value: string | null | undefined, field: string): Date | null {
  if (value === null || value === undefined) return null;
  const date = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(date.getTime())) {
    throw badInput(field, `${field} "${value}" is not an ISO 8601 date or date-time`);
  }
  return date;
}

/** A thing that does not exist (for a mutation target; queries answer `null`). */
export function notFound(what: string, key: string): GraphQLError {
  return hubError('NOT_FOUND', `${what} ${key} does not exist`, { what, key });
}

/** PostgreSQL SQLSTATE for a unique violation. */
const UNIQUE_VIOLATION = '23505';
const SERIALIZATION_FAILURE = '40001';
const DEADLOCK = '40P01';

/** The SQLSTATE of a database error (TypeORM wraps the driver's), if it is one. */
export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown; driverError?: { code?: unknown } } | null)?.driverError?.code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Translates a database error at the boundary: collisions become `CONFLICT` (SQL text never
 * reaches a client); anything else is re-thrown to be masked as INTERNAL_SERVER_ERROR.
 */
export function translateDatabaseError(error: unknown): never {
  const code = sqlStateOf(error);
  if (code === UNIQUE_VIOLATION || code === SERIALIZATION_FAILURE || code === DEADLOCK) {
    throw hubError('CONFLICT', 'another write changed the same data at the same time; nothing was changed, try again');
  }
  throw error;
}
