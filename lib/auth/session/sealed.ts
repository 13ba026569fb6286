import 'server-only';
import { createHash } from 'node:crypto';
import type { Env } from '../config';
import { processSingleton } from '../process-singleton';
import { sessionExpiresAt } from './lifetimes';
import { parseSession, type Session } from './schema';
import { pack, unpack } from './packing';
import { seal, unseal } from './seal';

/**
 * One seal per session object and second: the requests that share one refresh outcome (a storm
 * of tabs and prefetches, all waiting on the same refresh) share its seal too, instead of each
 * sealing the same session again (about a millisecond each, one after another on one core).
 */
const sealedBySession = new WeakMap<Session, { now: number; sealed: Promise<string> }>();

export function sealSession(session: Session, env: Env, now: number): Promise<string> {
  const memo = sealedBySession.get(session);
  if (memo?.now === now) return memo.sealed;
  // The seal outlives the cookie by a minute (iron's clock skew), so Max-Age decides first;
  // the schema's own timestamps are the safety net for clients that ignore Max-Age.
  const sealed = seal(pack(session), env, sessionExpiresAt(session, env) - now + 60).then((value) => {
    // The cookie this seal becomes will come back on the next requests: open already.
    remember(cacheKey(env, value), session);
    return value;
  });
  sealedBySession.set(session, { now, sealed });
  return sealed;
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

function cacheKey(env: Env, sealed: string): string {
  return createHash('sha256').update(env.SESSION_SECRET.join('\n')).update('\0').update(sealed).digest('base64url');
}

function remember(key: string, session: Session): void {
  unsealed.set(key, Object.isFrozen(session) ? session : Object.freeze({ ...session }));
  if (unsealed.size > UNSEALED_CACHE_SIZE) unsealed.delete(unsealed.keys().next().value as string);
}

/** A seal that is tampered with, expired, made with another secret or malformed reads as no session. */
export async function unsealSession(sealed: string, env: Env): Promise<Session | null> {
  const key = cacheKey(env, sealed);
  const cached = unsealed.get(key);
  if (cached) {
    unsealed.delete(key);
    unsealed.set(key, cached); // most recently used last
    return cached;
  }
  const session = parseSession(unpack(await unseal(sealed, env)));
  if (session) remember(key, session);
  return session;
}
