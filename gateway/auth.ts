/**
 * Authentication at the gateway: a person's token (`Authorization: Bearer <JWT>`) or a
 * department system's key (`X-Api-Key`), or nothing (the public). Bad credentials are refused with
 * 401, never quietly treated as anonymous.
 */
import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import {
  ANONYMOUS,
  IdentityError,
  verifyForwardedIdentity,
  verifyUserToken,
  type Identity,
  type TokenSettings,
} from '../shared/identity';
import type { ApiKeyStore } from './api-keys';

export interface AuthSettings {
  tokens: TokenSettings;
  apiKeys: ApiKeyStore;
  /**
   * Verifies an identity a hub service forwards when it asks the graph on a caller's behalf (the
   * LĐTBXH subgraph checking an assessment before a recognition): only hub services hold it.
   */
  internalSecret: string;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } },
  });
}

/**
 * The caller of a request.
 * @throws UNAUTHENTICATED (HTTP 401) for a malformed header, an invalid or expired token, or an
 * unknown or revoked key.
 */
export async function authenticate(req: IncomingMessage, settings: AuthSettings, requestId: string): Promise<Identity> {
  const authorization = req.headers.authorization;
  const apiKey = req.headers['x-api-key'];
  const forwarded = req.headers['x-hub-identity'];
  const presented = [authorization, apiKey, forwarded].filter((value) => value !== undefined).length;
  if (presented > 1)
    throw unauthenticated('send one credential: a token, an API key, or (hub services) a forwarded identity');
  try {
    if (forwarded !== undefined) {
      if (typeof forwarded !== 'string') throw new IdentityError('send one x-hub-identity header');
      return await verifyForwardedIdentity(forwarded, settings.internalSecret, { audience: 'gateway', requestId });
    }
    if (authorization !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization);
      if (!match?.[1]) throw new IdentityError('the Authorization header is not `Bearer <token>`');
      return await verifyUserToken(match[1], settings.tokens);
    }
    if (apiKey !== undefined) {
      if (typeof apiKey !== 'string') throw new IdentityError('send one X-Api-Key header');
      return await settings.apiKeys.authenticate(apiKey);
    }
  } catch (error) {
    if (error instanceof IdentityError) throw unauthenticated(error.reason);
    throw error;
  }
  return ANONYMOUS;
}
