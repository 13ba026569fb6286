import 'server-only';
import { randomBytes } from 'node:crypto';
import type { Env, ProviderConfig } from '../config';
import { decodeJwtPayload, toSessionUser, type DPoPKey, type TokenResult } from '../oidc';
import type { Session } from '../session';

/** Used only when a provider states no lifetime at all: refreshing early is the safe mistake. */
const FALLBACK_LIFETIME = 300;

/**
 * When the access token expires and when to refresh it. The leeway never exceeds half the
 * lifetime, so short-lived tokens (10 s in tests) are not "due" the moment they arrive.
 */
export function tokenTimes(tokens: Pick<TokenResult, 'accessToken' | 'expiresIn' | 'receivedAt'>, env: Env): { expiresAt: number; refreshAt: number } {
  // From when the answer arrived (RFC 6749 5.1: expires_in counts from the response), not from
  // when the request began: a slow provider must not make a new token look older than it is.
  const arrived = tokens.receivedAt;
  const exp = decodeJwtPayload(tokens.accessToken).exp;
  const lifetime = Math.max(1, tokens.expiresIn ?? (typeof exp === 'number' ? exp - arrived : FALLBACK_LIFETIME));
  const expiresAt = arrived + lifetime;
  return { expiresAt, refreshAt: expiresAt - Math.min(env.TOKEN_REFRESH_LEEWAY, Math.floor(lifetime / 2)) };
}

/** 128 random bits: the id sign-out records (see revocation-list.ts). */
export function newSessionId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * A brand-new session for a completed sign-in: nothing of any earlier session carries over,
 * not even its id (no fixation). `signedInAt` is precise to the millisecond (see
 * revocation-list.ts); `now` is whole seconds.
 */
export function newSession(provider: ProviderConfig, tokens: TokenResult & { idTokenClaims: Record<string, unknown> }, env: Env, now: number, signedInAt = now, dpop?: DPoPKey): Session {
  const { user, sid } = toSessionUser(tokens.idTokenClaims, tokens.accessToken, provider);
  const { auth_time: authTime, acr } = tokens.idTokenClaims;
  return {
    v: 2,
    id: newSessionId(),
    provider: provider.id,
    issuer: String(tokens.idTokenClaims.iss),
    user,
    sid,
    tokens: {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      idToken: tokens.idToken,
      ...tokenTimes(tokens, env),
      type: tokens.tokenType,
    },
    ...(dpop && { dpop: dpop.jwk }),
    // Without auth_time the sign-in itself is the best estimate of the authentication.
    authTime: typeof authTime === 'number' ? Math.floor(authTime) : Math.floor(signedInAt),
    ...(typeof acr === 'string' && { acr }),
    createdAt: signedInAt,
    touchedAt: now,
  };
}

/**
 * The session after a refresh. Providers may omit a new refresh or ID token (RFC 6749 6,
 * OIDC Core 12.2): keep the old ones then. Roles always come from the newest tokens, so a role
 * removed at the provider is gone here at the next refresh.
 */
export function refreshedSession(session: Session, provider: ProviderConfig, tokens: TokenResult, env: Env, now: number): Session {
  const { user } = toSessionUser(tokens.idTokenClaims ?? { sub: session.user.sub }, tokens.accessToken, provider);
  return {
    ...session,
    user: {
      sub: session.user.sub,
      name: user.name ?? session.user.name,
      email: user.email ?? session.user.email,
      picture: user.picture ?? session.user.picture,
      roles: user.roles,
    },
    tokens: {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken ?? session.tokens.refreshToken,
      idToken: tokens.idToken ?? session.tokens.idToken,
      ...tokenTimes(tokens, env),
      type: tokens.tokenType,
    },
    touchedAt: now,
  };
}
