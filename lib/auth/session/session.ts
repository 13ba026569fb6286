import 'server-only';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Env } from '../config/env';
import { processSingleton } from '../process-singleton';
import { AuthError } from '../errors';
import { isEnded } from '../lifecycle/revocation-list';
import { isStoreUnavailable } from '../store/store';
import { seal, unseal } from './seal';
import { FRESH_COOKIE, SESSION_COOKIE, chunkNames, cookieName, cookieOptions, deletion, readChunks, writeChunks, type CookieReader, type CookieWrite } from './cookies';

/** The sealed session. Unsealed data is untrusted until this schema says otherwise. */
const SessionSchema = z.object({
  v: z.literal(2),
  /** Random, 128 bits: what sign-out records, so a copy of this cookie dies with the session. */
  id: z.string().min(22),
  provider: z.string().min(1),
  /** The verified ID token's `iss`: provider-side logouts are matched by issuer. */
  issuer: z.string().min(1),
  user: z.object({
    sub: z.string().min(1),
    name: z.string().optional(),
    email: z.string().optional(),
    picture: z.string().optional(),
    roles: z.array(z.string()),
  }),
  tokens: z.object({
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1).optional(),
    idToken: z.string().min(1).optional(),
    /** Epoch seconds when the access token expires. */
    expiresAt: z.number().int(),
    /** Epoch seconds when a refresh becomes due: before expiresAt by the configured leeway. */
    refreshAt: z.number().int(),
  }),
  /** The provider's session id (OIDC Front/Back-Channel Logout `sid`). */
  sid: z.string().optional(),
  /**
   * Epoch seconds (with milliseconds): sign-in time, for the absolute lifetime, and to tell a
   * session begun right after a "sign out everywhere" from one it ended.
   */
  createdAt: z.number(),
  /** Epoch seconds: last time the session was re-sealed, for the idle timeout. */
  touchedAt: z.number().int(),
});

export type Session = z.infer<typeof SessionSchema>;

/** Untrusted data (an unsealed cookie, a value from the shared store) as a Session, or null. */
export function parseSession(data: unknown): Session | null {
  const parsed = SessionSchema.safeParse(data);
  return parsed.success ? parsed.data : null;
}

export function isSecure(env: Env): boolean {
  return env.APP_URL.startsWith('https://');
}

/** When the session ends: the earlier of the idle timeout and the absolute lifetime. */
export function sessionExpiresAt(session: Session, env: Env): number {
  return Math.floor(Math.min(session.touchedAt + env.SESSION_IDLE_TIMEOUT, session.createdAt + env.SESSION_ABSOLUTE_LIFETIME));
}

/**
 * How often an active session is re-sealed to push its idle deadline forward. Touching on every
 * request would cost an unseal and a seal each time; a tenth of the idle timeout keeps the
 * deadline accurate to within 10% while the proxy stays out of almost every request.
 */
export function touchInterval(env: Env): number {
  return Math.max(60, Math.floor(env.SESSION_IDLE_TIMEOUT / 10));
}

/** When the proxy must next look at this session: a refresh is due, or the idle deadline needs a push. */
export function nextCheckAt(session: Session, env: Env): number {
  return Math.min(session.tokens.refreshAt, session.touchedAt + touchInterval(env));
}

export async function sealSession(session: Session, env: Env, now: number): Promise<string> {
  // The seal outlives the cookie by a minute (iron's clock skew), so Max-Age decides first;
  // the schema's own timestamps are the safety net for clients that ignore Max-Age.
  return seal(session, env, sessionExpiresAt(session, env) - now + 60);
}

/**
 * Unsealing costs about a millisecond (iron derives its keys on every call), on every request of
 * every signed-in person. The same sealed value under the same secrets always opens to the same
 * session, so successful unseals are remembered, keyed by a hash of the secrets and the value
 * (never either in clear), in a bounded LRU. Lifetimes and the revocation list are still checked
 * on every read.
 */
const UNSEALED_CACHE_SIZE = 1000;
const unsealed = processSingleton('unsealed-sessions', () => new Map<string, Session>());

/** A seal that is tampered with, expired, made with another secret or malformed reads as no session. */
export async function unsealSession(sealed: string, env: Env): Promise<Session | null> {
  const key = createHash('sha256').update(env.SESSION_SECRET.join('\n')).update('\0').update(sealed).digest('base64url');
  const cached = unsealed.get(key);
  if (cached) {
    unsealed.delete(key);
    unsealed.set(key, cached); // most recently used last
    return cached;
  }
  const session = parseSession(await unseal(sealed, env));
  if (session) {
    unsealed.set(key, Object.freeze(session));
    if (unsealed.size > UNSEALED_CACHE_SIZE) unsealed.delete(unsealed.keys().next().value as string);
  }
  return session;
}

export type SessionState =
  | { status: 'none' }
  /** Cookies are present but unusable (tampered, expired, idle): they should be cleared. */
  | { status: 'invalid' }
  /** The revocation list cannot be read now: neither let in nor signed out; keep the cookies. */
  | { status: 'unavailable' }
  | { status: 'active'; session: Session };

/** The session in these cookies, within its lifetimes, without asking whether it was ended. */
export async function readSealedSession(reader: CookieReader, env: Env, now: number): Promise<Exclude<SessionState, { status: 'unavailable' }>> {
  const base = cookieName(SESSION_COOKIE, isSecure(env));
  const sealed = readChunks(reader, base);
  if (!sealed) return chunkNames(reader, base).length ? { status: 'invalid' } : { status: 'none' };
  const session = await unsealSession(sealed, env);
  if (!session || now >= sessionExpiresAt(session, env)) return { status: 'invalid' };
  return { status: 'active', session };
}

/** The session in these cookies, if it is still valid and was not ended (signed out). */
export async function readSession(reader: CookieReader, env: Env, now: number): Promise<SessionState> {
  const state = await readSealedSession(reader, env, now);
  if (state.status !== 'active') return state;
  const { session } = state;
  // Ended by sign-out, back-channel logout or "sign out everywhere": read as signed out. When
  // the store cannot say, fail closed without signing anyone out.
  try {
    if (await isEnded(env, session)) return { status: 'invalid' };
  } catch (error) {
    if (isStoreUnavailable(error)) return { status: 'unavailable' };
    throw error;
  }
  return { status: 'active', session };
}

/** The cookies that store a session: its chunks (stale ones deleted) and the freshness marker. */
export async function sessionCookieWrites(session: Session, reader: CookieReader, env: Env, now: number): Promise<CookieWrite[]> {
  const secure = isSecure(env);
  const base = cookieName(SESSION_COOKIE, secure);
  const sealed = await sealSession(session, env, now);
  const writes = writeChunks(base, sealed, chunkNames(reader, base), cookieOptions(secure, sessionExpiresAt(session, env) - now));
  if (!writes) throw new AuthError('session_too_large', `sealed session is ${sealed.length} bytes, over the chunk limit`);
  writes.push(freshnessMarker(env, Math.min(nextCheckAt(session, env), sessionExpiresAt(session, env)) - now));
  return writes;
}

/** The marker that keeps proxy.ts away for `seconds`; zero or less deletes it. */
export function freshnessMarker(env: Env, seconds: number): CookieWrite {
  const name = cookieName(FRESH_COOKIE, isSecure(env));
  return seconds > 0 ? { name, value: '1', options: cookieOptions(isSecure(env), seconds) } : deletion(name, isSecure(env));
}

export function hasFreshnessMarker(reader: CookieReader, env: Env): boolean {
  return reader.get(cookieName(FRESH_COOKIE, isSecure(env))) !== undefined;
}

export function clearSessionWrites(reader: CookieReader, env: Env): CookieWrite[] {
  const secure = isSecure(env);
  const names = [...chunkNames(reader, cookieName(SESSION_COOKIE, secure)), cookieName(FRESH_COOKIE, secure)];
  return names.map((name) => deletion(name, secure));
}
