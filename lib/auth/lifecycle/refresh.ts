import 'server-only';
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Env, findProvider } from '../config';
import { processSingleton } from '../process-singleton';
import { getStore, type Store } from '../store';
import { nowSeconds } from '../clock';
import { audit } from '../observe/audit';
import { classifyError, refreshGrant } from '../oidc';
import { seal, unseal, parseSession, type Session } from '../session';
import { refreshedSession } from './tokens';

export type RefreshOutcome =
  | { kind: 'refreshed'; session: Session }
  /** The grant is gone (invalid_grant, a changed subject, an unknown provider): sign out. */
  | { kind: 'ended'; reason: string }
  /** Network, timeout, 5xx (`provider`) or the shared store (`store`): keep the session while its access token lasts, retry later. */
  | { kind: 'unavailable'; cause: 'provider' | 'store' };

/**
 * Rotating refresh tokens may be used once: a second use revokes the whole grant (RFC 9700
 * 4.14.2), signing the person out everywhere. So a refresh token is redeemed exactly once:
 *
 * 1. within this process, concurrent requests of one session share one promise;
 * 2. across processes, a lock in the shared store (Redis when REDIS_URL is set) admits one owner,
 *    and the others wait for the outcome it publishes;
 * 3. the outcome stays in the store for a grace window, so requests that still carry the old
 *    cookie (sent before the browser received the new one) get the new tokens.
 *
 * Keys are a hash of the refresh token, never the token; the outcome is sealed with the session
 * secret before it leaves the process.
 */
export const GRACE_SECONDS = 30;
/** After a transient failure, this process waits this long before it asks the provider again. */
export const RETRY_AFTER_SECONDS = 10;
const POLL_MS = 50;

/**
 * The longest one refresh may take: discovery (when not yet held), the token request, and the
 * signing keys, each bounded by PROVIDER_TIMEOUT. The lock outlives it, so no other instance
 * starts a second redemption while the first may still be on its way.
 */
export function refreshLockMs(env: Env): number {
  return (3 * env.PROVIDER_TIMEOUT + 5) * 1000;
}

const providerDown = { kind: 'unavailable', cause: 'provider' } as const;
const storeDown = { kind: 'unavailable', cause: 'store' } as const;

// Shared by the proxy, route handlers and pages of this process (see process-singleton.ts).
const inFlight = processSingleton('refresh-in-flight', () => new Map<string, Promise<RefreshOutcome>>());
/**
 * Settled outcomes, kept in the process for a while: a transient failure for RETRY_AFTER_SECONDS
 * (the provider is not asked again by every request of the next few seconds), a new session or
 * an ended one for the grace window. The requests of a storm that arrive after the refresh has
 * settled then share its session object, and with it one seal (session/sealed.ts), instead of
 * each opening the published outcome and sealing it again (half a millisecond each, in a row).
 */
const settled = processSingleton('refresh-settled', () => new Map<string, { until: number; outcome: RefreshOutcome }>());

export function refreshKey(refreshToken: string): string {
  return createHash('sha256').update(refreshToken).digest('base64url');
}

export async function refreshSession(session: Session, env: Env, now: number): Promise<RefreshOutcome> {
  const refreshToken = session.tokens.refreshToken;
  if (!refreshToken) return { kind: 'ended', reason: 'no refresh token' };
  const key = refreshKey(refreshToken);
  // A transient failure is retried on a later request, not by the next step of this one (the
  // proxy and then a route handler) nor by every request arriving in the next few seconds.
  const recent = settled.get(key);
  if (recent && Date.now() < recent.until) return recent.outcome;
  let pending = inFlight.get(key);
  if (!pending) {
    pending = coordinate(session, refreshToken, key, env, now).then((outcome) => {
      const at = Date.now();
      for (const [oldKey, { until }] of settled) if (at >= until) settled.delete(oldKey);
      settled.set(key, { until: at + (outcome.kind === 'unavailable' ? RETRY_AFTER_SECONDS : GRACE_SECONDS) * 1000, outcome });
      return outcome;
    });
    inFlight.set(key, pending);
    void pending.finally(() => inFlight.delete(key));
  }
  return pending;
}

async function coordinate(session: Session, refreshToken: string, key: string, env: Env, now: number): Promise<RefreshOutcome> {
  const store = getStore(env);
  const lock = `refresh:lock:${key}`;
  // Waiters give the owner as long as its lock may live, then stop and retry on a later request.
  const deadline = Date.now() + refreshLockMs(env);
  const owner = randomUUID();
  for (;;) {
    let acquired: boolean;
    try {
      const [published, failedRecently] = await readShared(store, key, env);
      if (published) return published;
      // Another instance just failed to reach the provider: the retry pause is shared, so
      // instances do not take turns at a provider that is down.
      if (failedRecently) return providerDown;
      acquired = await store.setIfAbsent(lock, owner, refreshLockMs(env));
    } catch (error) {
      // Without the lock another instance might redeem the same token: do not refresh now.
      console.warn(`[auth] refresh postponed, the store is unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return storeDown;
    }
    if (acquired) return refreshAsOwner(session, refreshToken, key, lock, owner, env, now);
    if (Date.now() >= deadline) return providerDown;
    await sleep(POLL_MS);
  }
}

/**
 * Holding the lock: redeem the token once and publish the outcome. Once the provider has
 * answered, its tokens are never dropped because of the store: publishing and releasing are
 * best effort (the lock expires by itself), and the outcome goes back to this request.
 */
async function refreshAsOwner(session: Session, refreshToken: string, key: string, lock: string, owner: string, env: Env, now: number): Promise<RefreshOutcome> {
  const store = getStore(env);
  try {
    // The previous owner may have published between our read and our lock.
    const [late] = await readShared(store, key, env).catch(() => [undefined]);
    if (late) return late;
    const outcome = await performRefresh(session, refreshToken, env, now);
    const shared = outcome.kind === 'unavailable' ? store.set(`refresh:failed:${key}`, '1', RETRY_AFTER_SECONDS * 1000) : publishOutcome(store, key, outcome, env);
    await shared.catch((error: unknown) => {
      console.warn(`[auth] refresh outcome not shared (the store is unavailable): ${error instanceof Error ? error.message : String(error)}`);
    });
    return outcome;
  } finally {
    await store.deleteIfEquals(lock, owner).catch(() => undefined);
  }
}

async function publishOutcome(store: Store, key: string, outcome: RefreshOutcome, env: Env): Promise<void> {
  await store.set(`refresh:outcome:${key}`, await seal(outcome, env, GRACE_SECONDS + 60), GRACE_SECONDS * 1000);
}

/** In one round trip: the outcome another instance published, and whether one failed just now. */
async function readShared(store: Store, key: string, env: Env): Promise<[RefreshOutcome | undefined, boolean]> {
  const [sealed, failed] = await store.getMany([`refresh:outcome:${key}`, `refresh:failed:${key}`]);
  return [await openOutcome(sealed, env), failed !== undefined];
}

async function openOutcome(sealed: string | undefined, env: Env): Promise<RefreshOutcome | undefined> {
  if (!sealed) return undefined;
  const data = (await unseal(sealed, env)) as { kind?: unknown; session?: unknown; reason?: unknown } | null;
  if (data?.kind === 'ended') return { kind: 'ended', reason: String(data.reason ?? 'ended') };
  const session = data?.kind === 'refreshed' ? parseSession(data.session) : null;
  return session ? { kind: 'refreshed', session } : undefined;
}

/** The one redemption of this refresh token, and its audit line. */
async function performRefresh(session: Session, refreshToken: string, env: Env, now: number): Promise<RefreshOutcome> {
  const outcome = await redeem(session, refreshToken, env, now);
  const who = { provider: session.provider, sub: session.user.sub };
  if (outcome.kind === 'refreshed') audit({ event: 'refresh', ...who });
  else audit({ event: 'refresh_failed', ...who, outcome: outcome.kind, reason: outcome.kind === 'ended' ? outcome.reason : outcome.cause });
  return outcome;
}

async function redeem(session: Session, refreshToken: string, env: Env, now: number): Promise<RefreshOutcome> {
  const provider = findProvider(env, session.provider);
  if (!provider) return { kind: 'ended', reason: `provider ${session.provider} is no longer configured` };
  try {
    const tokens = await refreshGrant(provider, env, refreshToken, session.dpop && { jwk: session.dpop });
    // OIDC Core 12.2: a refreshed ID token must name the same subject. openid-client has
    // already checked its signature, iss, aud, exp and iat against this provider and client.
    if (tokens.idTokenClaims && tokens.idTokenClaims.sub !== session.user.sub) return { kind: 'ended', reason: 'refreshed ID token has another subject' };
    return { kind: 'refreshed', session: refreshedSession(session, provider, tokens, env, Math.max(now, nowSeconds())) };
  } catch (error) {
    const classified = classifyError(error);
    console.warn(`[auth] refresh failed for provider ${provider.id}: ${classified.oauthError ?? classified.code}`);
    return classified.transient ? providerDown : { kind: 'ended', reason: classified.oauthError ?? classified.code };
  }
}
