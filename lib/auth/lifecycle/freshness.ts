import 'server-only';
import type { Env } from '../config';
import { clearSessionWrites, freshnessMarker, hasFreshnessMarker, nextCheckAt, sessionCookieWrites, type CookieReader, type CookieWrite, type Session } from '../session';
import { RETRY_AFTER_SECONDS, refreshSession } from './refresh';
import { readSession } from './request-session';

export interface Freshness {
  /** A session whose access token is valid now, or null (signed out, or not usable right now). */
  session: Session | null;
  /** Cookies to set on the response (and, in the proxy, on the request being rendered). */
  writes: CookieWrite[];
  /**
   * Signed in, but not usable now: the access token expired while the provider is unreachable,
   * or the store that says whether the session was ended cannot be read. Answer 503 and keep
   * the cookies: nobody is let in, nobody is signed out.
   */
  unavailable?: 'provider' | 'store';
}

/**
 * Makes the session in these cookies usable for this request: refreshes it when due, pushes
 * the idle deadline forward when due, ends it when the grant is gone. Shared by proxy.ts, the
 * /auth/refresh safety net and route handlers, so every entry point behaves the same.
 */
export async function ensureFreshSession(reader: CookieReader, env: Env, now: number): Promise<Freshness> {
  const state = await readSession(reader, env, now);
  if (state.status === 'none') return { session: null, writes: [] };
  if (state.status === 'invalid') return { session: null, writes: clearSessionWrites(reader, env) };
  if (state.status === 'unavailable') return { session: null, writes: [], unavailable: 'store' };
  const { session } = state;

  if (now < nextCheckAt(session, env)) {
    // Nothing due. If the marker went missing anyway, put it back so the proxy stays away.
    return { session, writes: hasFreshnessMarker(reader, env) ? [] : [freshnessMarker(env, nextCheckAt(session, env) - now)] };
  }

  if (now < session.tokens.refreshAt) {
    const touched = { ...session, touchedAt: now };
    return { session: touched, writes: await sessionCookieWrites(touched, reader, env, now) };
  }

  if (!session.tokens.refreshToken) {
    // Nothing to refresh with: the session lasts exactly as long as its access token.
    if (now >= session.tokens.expiresAt) return { session: null, writes: clearSessionWrites(reader, env) };
    return { session, writes: [freshnessMarker(env, session.tokens.expiresAt - now)] };
  }

  const outcome = await refreshSession(session, env, now);
  switch (outcome.kind) {
    case 'refreshed':
      return { session: outcome.session, writes: await sessionCookieWrites(outcome.session, reader, env, now) };
    case 'ended':
      return { session: null, writes: clearSessionWrites(reader, env) };
    case 'unavailable': {
      const remaining = session.tokens.expiresAt - now;
      if (remaining <= 0) return { session: null, writes: [], unavailable: outcome.cause };
      return { session, writes: [freshnessMarker(env, Math.min(RETRY_AFTER_SECONDS, remaining))] };
    }
  }
}
