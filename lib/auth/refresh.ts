import 'server-only';
import { createHash } from 'node:crypto';
import type { Env } from '../env';
import { classifyError, refreshGrant } from './oidc';
import { findProvider } from './providers';
import type { Session } from './session';
import { refreshedSession } from './tokens';

export type RefreshOutcome =
  | { kind: 'refreshed'; session: Session }
  /** The grant is gone (invalid_grant, a changed subject, an unknown provider): sign out. */
  | { kind: 'ended'; reason: string }
  /** Network, timeout or 5xx: keep the session while its access token lasts, retry later. */
  | { kind: 'unavailable' };

/**
 * Rotating refresh tokens may be used once: a second use revokes the whole grant (RFC 9700
 * 4.14.2). So within this process, concurrent refreshes of one session share one request, and
 * requests that still carry the old cookie get the outcome for a short grace window. Keys are a
 * hash of the refresh token, never the token. A shared store for many instances slots in here.
 */
const GRACE_SECONDS = 30;
const inFlight = new Map<string, Promise<RefreshOutcome>>();
const recent = new Map<string, { outcome: RefreshOutcome; until: number }>();

export function refreshKey(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('base64url');
}

export async function refreshSession(session: Session, env: Env, now: number): Promise<RefreshOutcome> {
  const refreshToken = session.tokens.refreshToken;
  if (!refreshToken) return { kind: 'ended', reason: 'no refresh token' };
  const key = refreshKey(refreshToken);
  const cached = recent.get(key);
  if (cached && cached.until > now) return cached.outcome;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = performRefresh(session, refreshToken, env, now).then((outcome) => {
      if (outcome.kind !== 'unavailable') {
        for (const [oldKey, entry] of recent) if (entry.until <= now) recent.delete(oldKey);
        recent.set(key, { outcome, until: now + GRACE_SECONDS });
      }
      return outcome;
    });
    inFlight.set(key, pending);
    void pending.finally(() => inFlight.delete(key));
  }
  return pending;
}

async function performRefresh(session: Session, refreshToken: string, env: Env, now: number): Promise<RefreshOutcome> {
  const provider = findProvider(env, session.provider);
  if (!provider) return { kind: 'ended', reason: `provider ${session.provider} is no longer configured` };
  try {
    const tokens = await refreshGrant(provider, env, refreshToken);
    // OIDC Core 12.2: a refreshed ID token must name the same subject.
    if (tokens.idTokenClaims && tokens.idTokenClaims.sub !== session.user.sub) return { kind: 'ended', reason: 'refreshed ID token has another subject' };
    return { kind: 'refreshed', session: refreshedSession(session, provider, tokens, env, now) };
  } catch (error) {
    const classified = classifyError(error);
    console.warn(`[auth] refresh failed for provider ${provider.id}: ${classified.oauthError ?? classified.code}`);
    return classified.transient ? { kind: 'unavailable' } : { kind: 'ended', reason: classified.oauthError ?? classified.code };
  }
}
