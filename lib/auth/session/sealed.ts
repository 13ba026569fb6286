import 'server-only';
import { createHash } from 'node:crypto';
import type { Env } from '../config';
import { processSingleton } from '../process-singleton';
import { sessionExpiresAt } from './lifetimes';
import { parseSession, type Session } from './schema';
import { seal, unseal } from './seal';

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
