/**
 * Tokens the hub's own commands mint for local use (`npm run token`, `criteria:load`, the demo):
 * signed with HUB_JWT_SECRET, or with the local secret `npm start` uses when none is configured.
 */
import { loadConfig } from '../../shared/config';
import { identityFromClaims, mintUserToken } from '../../shared/identity';
import { localSecrets } from './secrets';

/**
 * A person's token for the identity the claims describe, valid for `expiresIn` (e.g. "8h").
 * @throws IdentityError when the role and its scope do not fit together.
 */
export async function mintLocalToken(claims: Record<string, unknown>, expiresIn: string): Promise<string> {
  const config = loadConfig();
  const secret = config.auth.jwtSecret ?? localSecrets(config.database.localSecretsFile).HUB_JWT_SECRET;
  return mintUserToken(
    identityFromClaims(claims, 'token'),
    {
      secret,
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      clockSkewSeconds: config.auth.clockSkewSeconds,
    },
    expiresIn,
  );
}
