import 'server-only';
import type { Env } from '../env';
import { decodeJwtPayload, toSessionUser } from './claims';
import type { TokenResult } from './oidc';
import type { ProviderConfig } from './providers';
import type { Session } from './session';

/** Used only when a provider states no lifetime at all: refreshing early is the safe mistake. */
const FALLBACK_LIFETIME = 300;

/**
 * When the access token expires and when to refresh it. The leeway never exceeds half the
 * lifetime, so short-lived tokens (10 s in tests) are not "due" the moment they arrive.
 */
export function tokenTimes(tokens: Pick<TokenResult, 'accessToken' | 'expiresIn'>, env: Env, now: number): { expiresAt: number; refreshAt: number } {
  const exp = decodeJwtPayload(tokens.accessToken).exp;
  const lifetime = Math.max(1, tokens.expiresIn ?? (typeof exp === 'number' ? exp - now : FALLBACK_LIFETIME));
  const expiresAt = now + lifetime;
  return { expiresAt, refreshAt: expiresAt - Math.min(env.TOKEN_REFRESH_LEEWAY, Math.floor(lifetime / 2)) };
}

/**
 * A brand-new session for a completed sign-in: nothing of any earlier session carries over.
 * `signedInAt` is precise to the millisecond (see revocation-list.ts); `now` is whole seconds.
 */
export function newSession(provider: ProviderConfig, tokens: TokenResult & { idTokenClaims: Record<string, unknown> }, env: Env, now: number, signedInAt = now): Session {
  const { user, sid } = toSessionUser(tokens.idTokenClaims, tokens.accessToken, provider);
  return {
    v: 1,
    provider: provider.id,
    user,
    sid,
    tokens: {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      idToken: tokens.idToken,
      ...tokenTimes(tokens, env, now),
    },
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
      ...tokenTimes(tokens, env, now),
    },
    touchedAt: now,
  };
}
