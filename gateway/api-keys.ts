/**
 * API keys of department systems: `cfc_<id>_<secret>`. The gateway stores the id and a SHA-256
 * of the secret; the key itself is shown once, when it is made. Revoked keys stop working at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { withActor, type Actor } from '../shared/audit/actor';
import { hashApiKeySecret, identityFromClaims, IdentityError, type Identity, type Role } from '../shared/identity';

const KEY = /^cfc_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** What a new key may do. */
export interface ApiKeySpec {
  label: string;
  role: Exclude<Role, 'PUBLIC'>;
  department?: string | null;
  district?: string | null;
  commune?: string | null;
}

interface ApiKeyRow {
  id: string;
  secretHash: string;
  label: string;
  role: string;
  department: string | null;
  district: string | null;
  commune: string | null;
  revokedAt: Date | null;
}

/** Keys stored in the gateway's schema. */
export class ApiKeyStore {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes a key. Returns its id and the full key (shown once; only its hash is kept).
   * @throws IdentityError when the role and its scope do not fit together.
   */
  async create(spec: ApiKeySpec, actor: Actor): Promise<{ id: string; key: string }> {
    const id = randomBytes(6).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    // Checks the role's scope exactly as a request would.
    const identity = identityFromClaims(
      {
        sub: `apikey:${id}`,
        name: spec.label,
        role: spec.role,
        department: spec.department,
        district: spec.district,
        commune: spec.commune,
      },
      'api-key',
    );
    // Approving is a person's act, answerable by name: approvers sign in with tokens, never keys.
    if (identity.role === 'DEPARTMENT_APPROVER')
      throw new IdentityError(
        'a department approver is a person: use a token (npm run token -- --role DEPARTMENT_APPROVER …), not an API key',
      );
    await withActor(this.dataSource, actor, (m) =>
      m.query(
        `INSERT INTO gateway.api_key (id, secret_hash, label, role, department, district, commune, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          id,
          hashApiKeySecret(secret),
          spec.label,
          identity.role,
          identity.department,
          identity.district,
          identity.commune,
          actor.name,
        ],
      ),
    );
    return { id, key: `cfc_${id}_${secret}` };
  }

  /** Revokes a key. Returns false when there is no such active key. */
  async revoke(id: string, actor: Actor): Promise<boolean> {
    // For an UPDATE the driver answers [rows, affected count].
    const [, affected]: [unknown[], number] = await withActor(this.dataSource, actor, (m) =>
      m.query(
        `UPDATE gateway.api_key SET revoked_at = clock_timestamp(), revoked_by = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
        [id, actor.name],
      ),
    );
    return affected === 1;
  }

  /** Every key, without secrets. */
  async list(): Promise<
    {
      id: string;
      label: string;
      role: string;
      department: string | null;
      district: string | null;
      commune: string | null;
      createdAt: Date;
      revokedAt: Date | null;
    }[]
  > {
    return this.dataSource.query(
      `SELECT id, label, role, department, district, commune, created_at AS "createdAt", revoked_at AS "revokedAt" FROM gateway.api_key ORDER BY created_at`,
    );
  }

  /**
   * The identity of a presented key.
   * @throws IdentityError for a malformed, unknown, wrong or revoked key (one message for all but
   * malformed, so a caller learns nothing about which keys exist).
   */
  async authenticate(presented: string): Promise<Identity> {
    const match = KEY.exec(presented.trim());
    if (!match) throw new IdentityError('the API key is malformed');
    const [, id = '', secret = ''] = match;
    const [row]: ApiKeyRow[] = await this.dataSource.query(
      `SELECT id, secret_hash AS "secretHash", label, role, department, district, commune, revoked_at AS "revokedAt" FROM gateway.api_key WHERE id = $1`,
      [id],
    );
    const expected = Buffer.from(row?.secretHash ?? '0'.repeat(64), 'hex');
    const actual = Buffer.from(hashApiKeySecret(secret), 'hex');
    if (!row || !timingSafeEqual(expected, actual) || row.revokedAt !== null)
      throw new IdentityError('the API key is not valid or has been revoked');
    return identityFromClaims(
      {
        sub: `apikey:${row.id}`,
        name: row.label,
        role: row.role,
        department: row.department,
        district: row.district,
        commune: row.commune,
      },
      'api-key',
    );
  }
}
