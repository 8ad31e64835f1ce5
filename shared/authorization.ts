/**
 * The rules of who may do what, enforced in the subgraphs on the identity the gateway forwards
 * (README: "Who may do what"). Each rule either returns or throws a coded error: UNAUTHENTICATED
 * for an anonymous caller attempting what needs credentials, FORBIDDEN for a caller whose role or
 * scope does not allow it.
 */
import type { Actor } from './audit/actor';
import { SENSITIVE_DEPARTMENTS, type Department, type DepartmentCode } from './departments';
import { hubError } from './errors';
import { actorName, type Identity } from './identity';

/** The audit actor of a request. */
export function actorFor(
  identity: Identity,
  requestId: string,
  caller: Pick<Actor, 'deadline' | 'abandoned'> = {},
): Actor {
  return { name: actorName(identity), role: identity.role, requestId, ...caller };
}

function refuse(identity: Identity, action: string, why: string): never {
  if (identity.role === 'PUBLIC') {
    throw hubError('UNAUTHENTICATED', `${action} needs credentials: sign in or use an API key`, { action });
  }
  throw hubError('FORBIDDEN', `${identity.role} may not ${action}: ${why}`, { action, role: identity.role });
}

/**
 * A department's indicator values are written by that department's publishers only; the province
 * administrator belongs to LĐTBXH and publishes LĐTBXH's values.
 */
export function authorizePublish(identity: Identity, department: Department): void {
  const action = `publish ${department.code} values`;
  if (identity.role === 'DEPARTMENT_PUBLISHER' && identity.department === department.code) return;
  if (identity.role === 'PROVINCE_ADMIN' && department.code === 'LDTBXH') return;
  refuse(
    identity,
    action,
    identity.role === 'DEPARTMENT_PUBLISHER'
      ? `it publishes for ${identity.department ?? '?'} only`
      : "only the department's publishers may",
  );
}

/**
 * A department's values of a district and year are approved (or returned) by that department's
 * approvers only (DEPARTMENT_APPROVER with its `department`); publishers submit them.
 */
export function authorizeApproval(identity: Identity, department: Department): void {
  if (identity.role === 'DEPARTMENT_APPROVER' && identity.department === department.code) return;
  refuse(
    identity,
    `approve ${department.code} values`,
    identity.role === 'DEPARTMENT_APPROVER'
      ? `it approves for ${identity.department ?? '?'} only`
      : "only the department's approvers may",
  );
}

/** Criteria sets, their assignment to years, commune categories and targets: the province administrator only. */
export function authorizeAdministration(identity: Identity, action: string): void {
  if (identity.role === 'PROVINCE_ADMIN') return;
  refuse(identity, action, 'only the province administrator may');
}

/** Reading an audit trail: the province administrator only. */
export function authorizeAudit(identity: Identity): void {
  authorizeAdministration(identity, 'read the audit trail');
}

/** Steps of the recognition procedure taken by the commune (its council and officers). */
export const COMMUNE_STEPS = ['REGISTER', 'SELF_ASSESS', 'SUBMIT', 'REQUEST_REAPPRAISAL'] as const;
/** The recognising level's steps (dossier check, appraisal, council, posting, comments, decisions, the re-appraisal's outcome): the district People's Committee before 1 July 2025, the province's after (configuration per period). */
export const DISTRICT_STEPS = [
  'ACCEPT_DOSSIER',
  'RETURN_DOSSIER',
  'APPRAISE',
  'COUNCIL_REVIEW',
  'POST',
  'RECORD_COMMENT',
  'RECOGNISE',
  'REFUSE',
  'REVOKE',
  'UPHOLD_REFUSAL',
] as const;

/** Where a decision on a commune-year is taken: the recognising level of its period (subgraphs/ldtbxh/procedure). */
export interface DecisionPlace {
  level: 'DISTRICT' | 'PROVINCE';
  /** First day of the procedure period, for the messages. */
  since: string;
  /** True when the district of the unit no longer exists (the two-tier map has none). */
  districtEnded: boolean;
  /** The provinces that hold the unit's territory now: its own while it exists, its successors'. */
  provincesNow: readonly string[];
}

/**
 * A step of a commune's recognition cycle: the commune's own officer registers, self-assesses and
 * submits; the decision (recognise, refuse, revoke) is taken at the level of the period: before
 * 1 July 2025 the district's officer (a province officer of the province that now holds the
 * territory may act where the district no longer exists); from then the province's officer, and
 * a district officer may not. The province administrator may take any step.
 */
export function authorizeCycleStep(
  identity: Identity,
  step: string,
  commune: { code: string; districtCode: string | null; provinceCode: string },
  place: DecisionPlace,
): void {
  const action = `${step} commune ${commune.code}`;
  if (identity.role === 'PROVINCE_ADMIN') return;
  if ((COMMUNE_STEPS as readonly string[]).includes(step)) {
    if (identity.role === 'COMMUNE_OFFICER' && identity.commune === commune.code) return;
    refuse(
      identity,
      action,
      identity.role === 'COMMUNE_OFFICER'
        ? `commune ${commune.code} is not its commune`
        : "only the commune's officers take this step",
    );
  }
  if ((DISTRICT_STEPS as readonly string[]).includes(step)) {
    if (place.level === 'PROVINCE') {
      if (identity.role === 'PROVINCE_OFFICER' && identity.province === commune.provinceCode) return;
      refuse(
        identity,
        action,
        identity.role === 'DISTRICT_OFFICER'
          ? `commune ${commune.code} is a unit of the two-tier map (procedure from ${place.since}): its province decides, not a district`
          : identity.role === 'PROVINCE_OFFICER'
            ? `commune ${commune.code} is in province ${commune.provinceCode}, not ${identity.province ?? '?'}`
            : "only the province's officers decide",
      );
    }
    if (
      identity.role === 'DISTRICT_OFFICER' &&
      commune.districtCode !== null &&
      identity.district === commune.districtCode
    )
      return;
    if (
      identity.role === 'PROVINCE_OFFICER' &&
      place.districtEnded &&
      identity.province !== null &&
      place.provincesNow.includes(identity.province)
    )
      return;
    refuse(
      identity,
      action,
      identity.role === 'DISTRICT_OFFICER'
        ? `commune ${commune.code} is outside its district`
        : identity.role === 'PROVINCE_OFFICER'
          ? place.districtEnded
            ? `commune ${commune.code}'s territory is not in province ${identity.province ?? '?'}`
            : `the district of commune ${commune.code} decides while it exists (procedure from ${place.since})`
          : "only the district's officers decide",
    );
  }
  refuse(identity, action, 'unknown step');
}

/** A district's report: its own officers, or the province administrator. */
export function authorizeDistrictReport(identity: Identity, districtCode: string): void {
  if (identity.role === 'PROVINCE_ADMIN') return;
  if (identity.role === 'DISTRICT_OFFICER' && identity.district === districtCode) return;
  refuse(
    identity,
    `submit the report of district ${districtCode}`,
    identity.role === 'DISTRICT_OFFICER' ? 'it is another district' : "only the district's officers",
  );
}

/** A province's report: the province administrator, or that province's officers. */
export function authorizeProvinceReport(identity: Identity, provinceCode: string): void {
  if (identity.role === 'PROVINCE_ADMIN') return;
  if (identity.role === 'PROVINCE_OFFICER' && identity.province === provinceCode) return;
  refuse(
    identity,
    `submit the report of province ${provinceCode}`,
    identity.role === 'PROVINCE_OFFICER'
      ? 'it is another province'
      : "only the province's officers or the province administrator",
  );
}

/**
 * The province's own work (following up the departments, their deadlines and reminders, the
 * province's targets): the province administrator, or that province's officers.
 */
export function authorizeProvinceWork(identity: Identity, provinceCode: string, action: string): void {
  if (identity.role === 'PROVINCE_ADMIN') return;
  if (identity.role === 'PROVINCE_OFFICER' && identity.province === provinceCode) return;
  refuse(
    identity,
    action,
    identity.role === 'PROVINCE_OFFICER'
      ? `it is an officer of province ${identity.province ?? '?'}, not ${provinceCode}`
      : "only the province's officers or the province administrator",
  );
}

/** A district's own work (its targets, its reward decisions): its officers, or the province administrator. */
export function authorizeDistrictWork(identity: Identity, districtCode: string, action: string): void {
  if (identity.role === 'PROVINCE_ADMIN') return;
  if (identity.role === 'DISTRICT_OFFICER' && identity.district === districtCode) return;
  refuse(
    identity,
    action,
    identity.role === 'DISTRICT_OFFICER'
      ? `it is an officer of district ${identity.district ?? '?'}, not ${districtCode}`
      : "only the district's officers or the province administrator",
  );
}

/** Departments whose raw values are sensitive: the rows of the departments table marked `sensitive`. */
export { SENSITIVE_DEPARTMENTS };

/**
 * Whether the caller may see the raw values of a sensitive department for a commune: the province
 * administrator, that department's publishers, and officers of the commune or its district. The
 * public sees scores and results, never these figures.
 */
export function maySeeSensitive(
  identity: Identity,
  department: DepartmentCode,
  commune: { code: string; districtCode: string | null; provinceCode: string } | null,
): boolean {
  if (!SENSITIVE_DEPARTMENTS.includes(department)) return true;
  if (identity.role === 'PROVINCE_ADMIN') return true;
  if (identity.role === 'DEPARTMENT_PUBLISHER' || identity.role === 'DEPARTMENT_APPROVER')
    return identity.department === department;
  if (!commune) return false;
  if (identity.role === 'DISTRICT_OFFICER')
    return commune.districtCode !== null && identity.district === commune.districtCode;
  if (identity.role === 'PROVINCE_OFFICER') return identity.province === commune.provinceCode;
  if (identity.role === 'COMMUNE_OFFICER') return identity.commune === commune.code;
  return false;
}
