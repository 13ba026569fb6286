import 'server-only';
import { jwtVerify, type JWTPayload } from 'jose';
import type { ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { providerKeys } from './configuration';
import { verifyWithProviderKeys } from './provider-keys';
import type { ProviderEnv } from './types';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Logout tokens are sent the moment a session ends: one older than this is stale or replayed. */
const MAX_TOKEN_AGE = 300;

/**
 * OpenID Connect Back-Channel Logout 1.0, section 2.6: validate the logout token like an ID
 * token (signature with the pinned algorithm, iss, aud, iat, exp), then the parts that make it a
 * logout token: the back-channel `events` member, a `jti`, no `nonce`, and a `sid` or `sub`.
 */
export async function validateLogoutToken(provider: ProviderConfig, config: ProviderEnv, token: string, now: number): Promise<JWTPayload & { iss: string; sid?: string; sub?: string }> {
  const { issuer, jwksUri } = await providerKeys(provider, config);
  const verdict = await verifyWithProviderKeys(jwksUri, config.PROVIDER_TIMEOUT * 1000, (keys) =>
    jwtVerify(token, keys, {
      issuer,
      audience: provider.clientId,
      // 2.6 step 3: alg is validated as for ID tokens, governed by id_token_signed_response_alg,
      // so the provider's pinned ID token algorithm (Keycloak signs logout tokens with it: PS256
      // for a high-security client, whose logout tokens an RS256 pin refused).
      algorithms: [provider.idTokenAlg],
      requiredClaims: ['iat', 'exp', 'jti', 'events'],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: 60,
      currentDate: new Date(now * 1000),
    }),
  );
  if (verdict.status === 'keys_unavailable') throw new AuthError('provider_unavailable', `the signing keys of ${provider.id} are unreachable`);
  if (verdict.status === 'invalid') throw new AuthError('invalid_response', verdict.reason);
  const { payload, protectedHeader } = verdict.result;
  // 2.4: typ is optional; when present it must not claim to be something else (an ID token).
  if (protectedHeader.typ !== undefined && !/^(logout\+jwt|jwt)$/i.test(protectedHeader.typ)) throw new AuthError('invalid_response', `typ ${protectedHeader.typ}`);
  const events = payload.events;
  if (!events || typeof events !== 'object' || Array.isArray(events) || typeof (events as Record<string, unknown>)[BACKCHANNEL_EVENT] !== 'object') {
    throw new AuthError('invalid_response', 'no back-channel logout event');
  }
  if (payload.nonce !== undefined) throw new AuthError('invalid_response', 'a logout token must not contain a nonce');
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  if (!sid && !sub) throw new AuthError('invalid_response', 'neither sid nor sub');
  return { ...payload, iss: issuer, sid, sub };
}
