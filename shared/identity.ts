/**
 * Who is acting. People present signed tokens (JWT), department systems present API keys; both
 * are checked at the gateway, which forwards the identity to the subgraphs as a short-lived token
 * signed with a secret only the hub's services share. A subgraph trusts nothing else.
 */
import { assertNever } from './assert-never';
import { createHash, randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { isDepartmentCode, type DepartmentCode } from './departments';

/** The roles of the hub (README: "Who may do what"). */
export const ROLES = [
  'PROVINCE_ADMIN',
  'DEPARTMENT_PUBLISHER',
  'DEPARTMENT_APPROVER',
  'PROVINCE_OFFICER',
  'DISTRICT_OFFICER',
  'COMMUNE_OFFICER',
  'PUBLIC',
] as const;
export type Role = (typeof ROLES)[number];

/** An authenticated (or anonymous) caller. */
export interface Identity {
  /** Stable id: the token's `sub`, `apikey:<id>` for a key, `anonymous` for the public. */
  subject: string;
  /** A display name, recorded with every write. */
  name: string;
  role: Role;
  /** The one department of a DEPARTMENT_PUBLISHER or DEPARTMENT_APPROVER; LDTBXH for a PROVINCE_ADMIN; else null. */
  department: DepartmentCode | null;
  /** The one province (2-digit code) of a PROVINCE_OFFICER; else null. */
  province: string | null;
  /** The one district (3-digit code) of a DISTRICT_OFFICER; else null. */
  district: string | null;
  /** The one commune (5-digit code) of a COMMUNE_OFFICER; else null. */
  commune: string | null;
  via: 'token' | 'api-key' | 'anonymous';
}

/** The caller who presented no credentials. */
export const ANONYMOUS: Identity = {
  subject: 'anonymous',
  name: 'anonymous',
  role: 'PUBLIC',
  department: null,
  province: null,
  district: null,
  commune: null,
  via: 'anonymous',
};

/** Thrown when claims or credentials are not acceptable; `reason` is safe to show. */
export class IdentityError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'IdentityError';
  }
}

/** The scope fields a claim set must carry for its role. @throws IdentityError */
export function identityFromClaims(claims: Record<string, unknown>, via: Identity['via']): Identity {
  const role = claims.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role))
    throw new IdentityError(`role ${String(role)} is not one of ${ROLES.join(', ')}`);
  const subject = typeof claims.sub === 'string' && claims.sub.trim() !== '' ? claims.sub.trim() : null;
  if (!subject) throw new IdentityError('the credential names no subject (sub)');
  const name =
    typeof claims.name === 'string' && claims.name.trim() !== '' ? claims.name.normalize('NFC').trim() : subject;
  const str = (key: string) => (typeof claims[key] === 'string' && claims[key] !== '' ? (claims[key] as string) : null);
  const department = str('department');
  const province = str('province');
  const district = str('district');
  const commune = str('commune');
  if (department !== null && !isDepartmentCode(department))
    throw new IdentityError(`department ${department} is not a department code`);
  const identity: Identity = {
    subject,
    name,
    role: role as Role,
    department: department as DepartmentCode | null,
    province,
    district,
    commune,
    via,
  };
  switch (identity.role) {
    case 'PROVINCE_ADMIN':
      if (identity.department !== null && identity.department !== 'LDTBXH')
        throw new IdentityError('a province administrator belongs to LDTBXH');
      return { ...identity, department: 'LDTBXH', province: null, district: null, commune: null };
    case 'DEPARTMENT_PUBLISHER':
      if (!identity.department) throw new IdentityError('a department publisher needs its department');
      return { ...identity, province: null, district: null, commune: null };
    case 'PROVINCE_OFFICER':
      if (!identity.province || !/^\d{2}$/.test(identity.province))
        throw new IdentityError('a province officer needs its 2-digit province code');
      return { ...identity, department: null, district: null, commune: null };
    case 'DEPARTMENT_APPROVER':
      if (!identity.department) throw new IdentityError('a department approver needs its department');
      return { ...identity, province: null, district: null, commune: null };
    case 'DISTRICT_OFFICER':
      if (!identity.district || !/^\d{3}$/.test(identity.district))
        throw new IdentityError('a district officer needs its 3-digit district code');
      return { ...identity, department: null, province: null, commune: null };
    case 'COMMUNE_OFFICER':
      if (!identity.commune || !/^\d{5}$/.test(identity.commune))
        throw new IdentityError('a commune officer needs its 5-digit commune code');
      return { ...identity, department: null, province: null, district: null };
    case 'PUBLIC':
      return { ...identity, department: null, province: null, district: null, commune: null };
    default:
      return assertNever(identity.role, 'role');
  }
}

function claimsOf(identity: Identity): Record<string, unknown> {
  return {
    role: identity.role,
    name: identity.name,
    department: identity.department,
    province: identity.province,
    district: identity.district,
    commune: identity.commune,
    via: identity.via,
  };
}

const key = (secret: string) => new TextEncoder().encode(secret);

/** Settings of people's tokens. */
export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  /** Seconds of clock difference tolerated on exp/nbf/iat. */
  clockSkewSeconds: number;
}

/** Mints a person's token (for local use: `npm run token`). */
export async function mintUserToken(
  identity: Omit<Identity, 'via'>,
  settings: TokenSettings,
  expiresIn: string,
): Promise<string> {
  return new SignJWT({ ...claimsOf({ ...identity, via: 'token' }), via: undefined })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.subject)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}

/**
 * Verifies a person's token: signature (HS256), issuer, audience, expiry with the allowed skew.
 * @throws IdentityError saying what is wrong (expired, wrong audience, bad signature…)
 */
export async function verifyUserToken(token: string, settings: TokenSettings): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: settings.clockSkewSeconds,
      requiredClaims: ['exp', 'sub'],
    });
    return identityFromClaims(payload as Record<string, unknown>, 'token');
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new IdentityError('the token has expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed)
      throw new IdentityError(`the token's ${error.claim} claim is not accepted`);
    throw new IdentityError('the token is not valid');
  }
}

const FORWARD_ISSUER = 'cfc-hub-gateway';

/**
 * How long a forwarded identity lives, in seconds: made for one fetch just before it is sent, it
 * only has to cross from one hub service to another; captured, it is soon worth nothing.
 */
export const FORWARDED_LIFETIME_S = 10;
/** Clock difference tolerated between hub services on a forwarded identity's times, in seconds. */
const FORWARDED_CLOCK_TOLERANCE_S = 2;

/**
 * What a forwarded identity is bound to: the one service that may accept it (`audience`: a
 * subgraph's name, or `gateway` when a service asks the graph on a caller's behalf) and the
 * request it was made for (`requestId`, sent beside it as `x-request-id`).
 */
export interface ForwardBinding {
  audience: string;
  requestId: string;
}

const audienceClaim = (audience: string) => `cfc-hub:${audience}`;

/**
 * A hub service's statement of who is acting, for the one service `binding.audience` and the one
 * request `binding.requestId` (header `x-hub-identity`), valid {@link FORWARDED_LIFETIME_S} seconds.
 */
export async function signForwardedIdentity(
  identity: Identity,
  secret: string,
  binding: ForwardBinding,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ ...claimsOf(identity), rid: binding.requestId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(identity.subject)
    .setIssuer(FORWARD_ISSUER)
    .setAudience(audienceClaim(binding.audience))
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + FORWARDED_LIFETIME_S)
    .sign(key(secret));
}

/**
 * Verifies a forwarded identity: the signature, that it was made for this service and this request,
 * and that it is within its life (which may not be longer than {@link FORWARDED_LIFETIME_S}).
 * @throws IdentityError saying which (another service, another request, expired, not valid)
 */
export async function verifyForwardedIdentity(
  token: string,
  secret: string,
  expected: ForwardBinding,
  now: Date = new Date(),
): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: FORWARD_ISSUER,
      audience: audienceClaim(expected.audience),
      clockTolerance: FORWARDED_CLOCK_TOLERANCE_S,
      maxTokenAge: FORWARDED_LIFETIME_S + FORWARDED_CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iat', 'jti', 'rid'],
      currentDate: now,
    });
    if (
      typeof payload.exp !== 'number' ||
      typeof payload.iat !== 'number' ||
      payload.exp - payload.iat > FORWARDED_LIFETIME_S
    ) {
      throw new IdentityError(`the forwarded identity claims a life longer than ${FORWARDED_LIFETIME_S} s`);
    }
    if (payload.rid !== expected.requestId)
      throw new IdentityError('the forwarded identity was made for another request (x-request-id)');
    const via = payload.via === 'api-key' || payload.via === 'anonymous' ? payload.via : 'token';
    return via === 'anonymous' ? ANONYMOUS : identityFromClaims(payload as Record<string, unknown>, via);
  } catch (error) {
    if (error instanceof IdentityError) throw error;
    if (error instanceof joseErrors.JWTExpired) throw new IdentityError('the forwarded identity has expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'aud')
      throw new IdentityError('the forwarded identity was made for another service');
    if (error instanceof joseErrors.JWTClaimValidationFailed && error.claim === 'iat')
      throw new IdentityError('the forwarded identity has expired');
    throw new IdentityError('the forwarded identity is not valid');
  }
}

/** The name recorded with a write: who, and through what. */
export function actorName(identity: Identity): string {
  return identity.via === 'api-key'
    ? `${identity.name} (${identity.subject})`
    : identity.name === identity.subject
      ? identity.subject
      : `${identity.name} (${identity.subject})`;
}

/** SHA-256 of an API key's secret part, hex. Keys are stored only as this hash. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
