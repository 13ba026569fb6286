import 'server-only';
import type { Env } from '../config';
import { AuthError } from '../errors';
import { FRESH_COOKIE, SESSION_COOKIE, chunkNames, cookieName, cookieOptions, deletion, isSecureOrigin, readChunks, writeChunks, type CookieReader, type CookieWrite } from './cookies';
import { nextCheckAt, sessionExpiresAt } from './lifetimes';
import type { Session } from './schema';
import { sealSession, unsealSession } from './sealed';
import { handleFor, isHandle, loadSession, sessionIdOf, storeSession } from './stored-sessions';
import { isStoreUnavailable } from '../store';

/** The session in a request's cookies, as far as the cookies can tell (see lifecycle/ for the rest). */
export type SealedSessionState =
  | { status: 'none' }
  /** Cookies are present but unusable (tampered, expired, idle): they should be cleared. */
  | { status: 'invalid' }
  /** A server-side session, and the store cannot be read now: neither let in nor signed out. */
  | { status: 'unavailable' }
  | { status: 'active'; session: Session };

/** The session in these cookies, within its lifetimes. Whether it was ended is not a cookie's to say. */
export async function readSealedSession(reader: CookieReader, env: Env, now: number): Promise<SealedSessionState> {
  const base = cookieName(SESSION_COOKIE, isSecureOrigin(env.APP_URL));
  const value = readChunks(reader, base);
  if (!value) return chunkNames(reader, base).length ? { status: 'invalid' } : { status: 'none' };
  let sealed = value;
  if (isHandle(value)) {
    try {
      const stored = await loadSession(env, sessionIdOf(value));
      if (!stored) return { status: 'invalid' };
      sealed = stored;
    } catch (error) {
      if (isStoreUnavailable(error)) return { status: 'unavailable' };
      throw error;
    }
  }
  const session = await unsealSession(sealed, env);
  // A handle opens only the session it names: a store value moved under another key is refused.
  if (!session || (isHandle(value) && session.id !== sessionIdOf(value)) || now >= sessionExpiresAt(session, env)) return { status: 'invalid' };
  return { status: 'active', session };
}

/**
 * The id a server-side session's handle names, or undefined when the cookies hold no handle. For
 * sign-out while the store is down: the handle alone still says which session to end.
 */
export function handleSessionId(reader: CookieReader, env: Env): string | undefined {
  const value = readChunks(reader, cookieName(SESSION_COOKIE, isSecureOrigin(env.APP_URL)));
  return value && isHandle(value) ? sessionIdOf(value) : undefined;
}

/** The cookies that store a session: its chunks (stale ones deleted) and the freshness marker. */
export async function sessionCookieWrites(session: Session, reader: CookieReader, env: Env, now: number): Promise<CookieWrite[]> {
  const secure = isSecureOrigin(env.APP_URL);
  const base = cookieName(SESSION_COOKIE, secure);
  const sealed = await sealSession(session, env, now);
  const lifetime = sessionExpiresAt(session, env) - now;
  let value = sealed;
  if (env.SESSION_STORAGE === 'server') {
    try {
      await storeSession(env, session, sealed, lifetime + 60);
      value = handleFor(session.id);
    } catch (error) {
      if (!isStoreUnavailable(error)) throw error;
      // New tokens are never dropped: while the store is down the session rides in the cookie.
      console.warn(`[auth] session kept in its cookie, the store is unavailable: ${error.message}`);
    }
  }
  const writes = writeChunks(base, value, chunkNames(reader, base), cookieOptions(secure, lifetime));
  if (!writes) throw new AuthError('session_too_large', `sealed session is ${sealed.length} bytes, over the chunk limit`);
  writes.push(freshnessMarker(env, Math.min(nextCheckAt(session, env), sessionExpiresAt(session, env)) - now));
  return writes;
}

/** The marker that keeps proxy.ts away for `seconds`; zero or less deletes it. */
export function freshnessMarker(env: Env, seconds: number): CookieWrite {
  const secure = isSecureOrigin(env.APP_URL);
  const name = cookieName(FRESH_COOKIE, secure);
  return seconds > 0 ? { name, value: '1', options: cookieOptions(secure, seconds) } : deletion(name, secure);
}

export function hasFreshnessMarker(reader: CookieReader, env: Env): boolean {
  return reader.get(cookieName(FRESH_COOKIE, isSecureOrigin(env.APP_URL))) !== undefined;
}

export function clearSessionWrites(reader: CookieReader, env: Env): CookieWrite[] {
  const secure = isSecureOrigin(env.APP_URL);
  const names = [...chunkNames(reader, cookieName(SESSION_COOKIE, secure)), cookieName(FRESH_COOKIE, secure)];
  return names.map((name) => deletion(name, secure));
}
