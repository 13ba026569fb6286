import { sessionRedisUrlOrThrow } from './redis';
import { SERVER_SESSIONS } from './variables';

/**
 * This run's session storage (TEST_SESSION_STORAGE, variables.ts) as an app's variables: none in
 * cookie mode (the product's default); in server mode SESSION_STORAGE=server on the test file's
 * Redis (redis.ts). startApp gives them to every app; the sealed-cookie helpers read and write
 * sessions with them. STORE is unset in server mode, as the kit's configuration says memory.
 */
export function sessionStorageVariables(): Record<string, string | undefined> {
  return SERVER_SESSIONS ? { SESSION_STORAGE: 'server', REDIS_URL: sessionRedisUrlOrThrow(), STORE: undefined } : {};
}

/**
 * How the Set-Cookie line of a written session begins: the seal itself (iron-session's `Fe26`
 * prefix) or, with server-side sessions, the handle `srv.<id>` that names it in the store.
 */
export const SESSION_SET_COOKIE: RegExp = SERVER_SESSIONS ? /^app_session=srv\.[\w-]+;/ : /^app_session=Fe26\./;

/** The most a server-side session's cookies take in a Cookie header (the handle, the freshness marker): they name it, nothing more. */
export const HANDLE_COOKIE_BYTES = 100;
