import 'server-only';
import { createHash } from 'node:crypto';
import type { Env } from '../config';
import { processSingleton } from '../process-singleton';
import { getStore } from '../store';
import type { Session } from '../session';

/**
 * Sessions live in sealed cookies, so ending one means remembering what was ended, with the time
 * it ended, and refusing every session it covers (OWASP Session Management: invalidate on
 * logout). A session is over when it began at or before a matching entry; signing in again
 * afterwards starts a fresh one. Provider-side entries are keyed by the issuer, not by the app's
 * name for the provider, so two entries pointing at one issuer end together.
 */
export type Ended =
  /** POST /auth/logout: this app session, so a copy of its cookie dies with it. */
  | { session: string }
  /** Back-Channel Logout naming a provider session (`sid`). */
  | { issuer: string; sid: string }
  /** "Sign out everywhere", or Back-Channel Logout naming only the person (`sub`). */
  | { issuer: string; sub: string }
  /**
   * Back-Channel Logout naming both: the sid ends its own sessions; sessions of that person
   * that carry no sid cannot be told apart, so they end too (OIDC Back-Channel Logout 1.0 2.4).
   */
  | { issuer: string; sub: string; withoutSid: true };

function key(ended: Ended): string {
  // Hashed: provider-chosen strings (sid, sub) never shape the store's key space.
  return `revoked:${createHash('sha256').update(JSON.stringify(ended)).digest('base64url')}`;
}

/** The entries that would end this session. */
function matchers(session: Session): Ended[] {
  const issuer = session.issuer;
  return [
    { session: session.id },
    { issuer, sub: session.user.sub },
    session.sid ? { issuer, sid: session.sid } : { issuer, sub: session.user.sub, withoutSid: true as const },
  ];
}

/**
 * Entries this process could not write while the store was down, so the sign-out still holds
 * here at once and reaches the store when it answers again. Bounded: oldest dropped first.
 */
const unwritten = processSingleton('revocations-unwritten', () => new Map<string, { at: number; until: number }>());
const MAX_UNWRITTEN = 10_000;

/** Records an ending for `ttlSeconds` (as long as any session it covers can live). */
export async function recordEnded(env: Env, ended: Ended, at: number, ttlSeconds: number): Promise<void> {
  const name = key(ended);
  try {
    await getStore(env).set(name, String(at), ttlSeconds * 1000);
  } catch (error) {
    unwritten.set(name, { at, until: Date.now() + ttlSeconds * 1000 });
    if (unwritten.size > MAX_UNWRITTEN) unwritten.delete(unwritten.keys().next().value as string);
    throw error;
  }
}

async function flushUnwritten(env: Env): Promise<void> {
  for (const [name, entry] of unwritten) {
    const ttlMs = entry.until - Date.now();
    if (ttlMs > 0) await getStore(env).set(name, String(entry.at), ttlMs);
    unwritten.delete(name);
  }
}

/** True when the session has been ended. Throws StoreUnavailableError when the store cannot tell. */
export async function isEnded(env: Env, session: Session): Promise<boolean> {
  const names = matchers(session).map(key);
  const local = names.map((name) => unwritten.get(name)?.at);
  if (local.some((time) => time !== undefined && session.createdAt <= time)) return true;
  if (unwritten.size > 0) await flushUnwritten(env);
  const times = await getStore(env).getMany(names);
  return times.some((time) => time !== undefined && session.createdAt <= Number(time));
}
