import type { Env } from '../../lib/auth/config/env';
import { nowSeconds } from '../../lib/auth/clock';
import { FRESH_COOKIE, consumeTransaction, cookieName, isSecureOrigin, readSealedSession, sessionCookieWrites, type Session, type Transaction } from '../../lib/auth/session';
import { testEnv } from './env';
import type { CookieJar } from './http';
import { requestCookies } from './request-cookies';
import { sessionStorageVariables } from './session-storage';

/**
 * The product's sealed cookies, read and made with its own seal and cookie code under the kit's
 * configuration: the apps the kit starts run with that secret, so what they set opens here, and
 * what is sealed here opens there. Re-sealing replaces waiting for the clock.
 *
 * With server-side sessions (TEST_SESSION_STORAGE=server) the cookie is a handle and the sealed
 * session lives in the test file's Redis, which the apps share: reading opens it there, and
 * re-sealing writes it there, under the session's own id, so the app's session itself changes
 * (every cookie naming it sees the change, as after a refresh).
 */

/** The configuration of the kit's app servers at `appUrl` (this run's session storage included), with `overrides`. */
export function appEnv(appUrl: string, overrides: Record<string, string> = {}): Env {
  return testEnv({ ...sessionStorageVariables(), APP_URL: appUrl, ...overrides });
}

/** The session in the jar's cookies for `appUrl`, as the product reads it (schema and lifetimes checked). */
export async function readSessionCookie(jar: CookieJar, appUrl: string): Promise<Session> {
  const state = await readSealedSession(jar.reader(appUrl), appEnv(appUrl), nowSeconds());
  if (state.status !== 'active') throw new Error(`no session in the cookies for ${appUrl} (${state.status})`);
  return state.session;
}

/**
 * A Cookie header carrying `session` as the product writes it under `env`: sealed, in chunks, or
 * with server-side sessions the handle of the sealed session it stored. Without the freshness
 * marker: what a browser sends once the marker expired, so the proxy looks at the session.
 */
export async function sessionCookie(session: Session, env: Env, now = nowSeconds()): Promise<string> {
  const marker = cookieName(FRESH_COOKIE, isSecureOrigin(env.APP_URL));
  const writes = await sessionCookieWrites(session, requestCookies(), env, now);
  return writes
    .filter((write) => write.options.maxAge > 0 && write.name !== marker)
    .map((write) => `${write.name}=${write.value}`)
    .join('; ');
}

/** The jar's session with `change` applied, sealed again for `appUrl` (see sessionCookie). */
export async function sessionCookieWith(jar: CookieJar, appUrl: string, change: (session: Session, now: number) => Session): Promise<string> {
  const now = nowSeconds();
  return sessionCookie(change(await readSessionCookie(jar, appUrl), now), appEnv(appUrl), now);
}

/** The jar's session with its access token already expired: what a browser sends once the token's lifetime has passed. */
export function expiredSessionCookie(jar: CookieJar, appUrl: string): Promise<string> {
  return sessionCookieWith(jar, appUrl, (session, now) => ({ ...session, tokens: { ...session.tokens, expiresAt: now - 1, refreshAt: now - 30 } }));
}

/** The pending login for `state` in the jar, as the callback would open it (null when it would not). */
export async function readTransactionCookie(jar: CookieJar, appUrl: string, state: string | null): Promise<Transaction | null> {
  return (await consumeTransaction(jar.reader(appUrl), state, appEnv(appUrl), nowSeconds())).transaction;
}
