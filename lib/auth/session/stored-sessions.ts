import 'server-only';
import { createHash } from 'node:crypto';
import type { Env } from '../config';
import { getStore } from '../store';
import type { Session } from './schema';

/**
 * Server-side sessions (SESSION_STORAGE=server): the sealed session is kept in the shared store
 * (still sealed with SESSION_SECRET: a dump of Redis holds no usable token), and the cookie
 * carries only `srv.<session id>`, about 30 bytes. Keys are a hash of the id, so the store's key
 * space names no live cookie either.
 */
const HANDLE_PREFIX = 'srv.';

export function isHandle(value: string): boolean {
  return value.startsWith(HANDLE_PREFIX);
}

export function handleFor(sessionId: string): string {
  return `${HANDLE_PREFIX}${sessionId}`;
}

export function sessionIdOf(handle: string): string {
  return handle.slice(HANDLE_PREFIX.length);
}

const hash = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('base64url');

function key(sessionId: string): string {
  return `session:${hash(sessionId)}`;
}

/** The app session begun in a provider session, so a back-channel logout naming its sid can delete it. */
function bySid(issuer: string, sid: string): string {
  return `session-sid:${hash(issuer, sid)}`;
}

/** Throws StoreUnavailableError when the store cannot take it (the caller keeps the session in the cookie then). */
export async function storeSession(env: Env, session: Pick<Session, 'id' | 'issuer' | 'sid'>, sealed: string, ttlSeconds: number): Promise<void> {
  await getStore(env).set(key(session.id), sealed, ttlSeconds * 1000);
  if (session.sid) await getStore(env).set(bySid(session.issuer, session.sid), session.id, ttlSeconds * 1000);
}

/** Back-Channel Logout by sid: the data of the app session begun in that provider session goes too. */
export async function forgetSessionOfSid(env: Env, issuer: string, sid: string): Promise<void> {
  const sessionId = await getStore(env).get(bySid(issuer, sid));
  if (sessionId) await forgetSession(env, sessionId);
}

/** The sealed session, or undefined when the store has none (ended, expired, never there). */
export async function loadSession(env: Env, sessionId: string): Promise<string | undefined> {
  return getStore(env).get(key(sessionId));
}

/** Sign-out: the session's data goes at once (the revocation list refuses its handle anyway). */
export async function forgetSession(env: Env, sessionId: string): Promise<void> {
  await getStore(env).set(key(sessionId), '', 1);
}
