import 'server-only';
import { createLocalJWKSet, errors, type JSONWebKeySet } from 'jose';
import { z } from 'zod';
import { processSingleton } from '../process-singleton';
import { traced } from '../observe/trace';
import { limitedFetch } from './limited-fetch';

/**
 * A provider's signing keys (its jwks_uri), kept once per server process and shared by every
 * Next bundle, so a bundle that has only seen failed calls still has the keys another fetched.
 * Keys older than MAX_AGE are refetched in the background while the old ones keep serving
 * (stale-while-revalidate): a JWKS outage never makes keys we already hold unusable.
 */
const MAX_AGE_MS = 5 * 60_000;
/** A token naming an unknown `kid` refetches at most this often: a forged kid cannot hammer the provider. */
const UNKNOWN_KID_COOLDOWN_MS = 30_000;
/** After a failed fetch, the next attempt waits this long (requests meanwhile use what is held). */
const FAILURE_BACKOFF_MS = 5_000;

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(100) });

interface Held {
  jwks: JSONWebKeySet;
  fetchedAt: number;
}

interface KeyState {
  held?: Held;
  pending?: Promise<Held>;
  failedAt?: number;
}

const states = processSingleton('provider-keys', () => new Map<string, KeyState>());

async function fetchJwks(jwksUri: string, timeoutMs: number): Promise<Held> {
  const response = await limitedFetch(jwksUri, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  if (response.status !== 200) throw new Error(`jwks_uri answered ${response.status}`);
  const jwks = JwksSchema.parse(await response.json()) as JSONWebKeySet;
  return { jwks, fetchedAt: Date.now() };
}

/**
 * The keys to verify with now. `wantFresh` (an unknown kid) waits for a refetch when the held
 * keys are older than the cooldown; otherwise a due refetch runs in the background.
 */
async function keysFor(jwksUri: string, timeoutMs: number, wantFresh: boolean): Promise<Held | undefined> {
  let state = states.get(jwksUri);
  if (!state) states.set(jwksUri, (state = {}));
  const { held } = state;
  const age = held ? Date.now() - held.fetchedAt : Infinity;
  const due = age >= MAX_AGE_MS || (wantFresh && age >= UNKNOWN_KID_COOLDOWN_MS);
  const backingOff = state.failedAt !== undefined && Date.now() - state.failedAt < FAILURE_BACKOFF_MS;
  if (!due || (backingOff && held)) return held;
  const current = state;
  current.pending ??= traced('oidc.jwks', { 'oidc.jwks_uri': jwksUri }, () => fetchJwks(jwksUri, timeoutMs))
    .then(
      (fresh) => {
        current.held = fresh;
        current.failedAt = undefined;
        return fresh;
      },
      (error: unknown) => {
        current.failedAt = Date.now();
        console.warn(`[auth] fetching ${jwksUri} failed: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      },
    )
    .finally(() => (current.pending = undefined));
  if (held && !wantFresh) {
    current.pending.catch(() => undefined);
    return held;
  }
  return current.pending.catch(() => held);
}

type KeyGetter = ReturnType<typeof createLocalJWKSet>;

export type Verdict<T> =
  | { status: 'verified'; result: T }
  /** No usable keys right now (never fetched, or the token's kid is new and the JWKS is down). */
  | { status: 'keys_unavailable' }
  /** The keys are at hand and the signature (or what `verify` checks) fails with them. */
  | { status: 'invalid'; reason: string };

// jose's key set imports each JWK once; kept per bundle (a library object), keyed by the held keys.
const keySets = new WeakMap<Held, KeyGetter>();

function keySet(held: Held): KeyGetter {
  let keys = keySets.get(held);
  if (!keys) keySets.set(held, (keys = createLocalJWKSet(held.jwks)));
  return keys;
}

async function attempt<T>(held: Held, verify: (keys: KeyGetter) => Promise<T>): Promise<Verdict<T> | 'unknown_kid'> {
  try {
    return { status: 'verified', result: await verify(keySet(held)) };
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return 'unknown_kid';
    return { status: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Runs `verify` (jose's compactVerify or jwtVerify, with the algorithms pinned) against the
 * provider's keys. A kid we do not hold triggers one refetch (the provider may have rotated its
 * keys); if that refetch fails we cannot tell a new key from a forged one: keys_unavailable.
 */
export async function verifyWithProviderKeys<T>(jwksUri: string, timeoutMs: number, verify: (keys: KeyGetter) => Promise<T>): Promise<Verdict<T>> {
  const held = await keysFor(jwksUri, timeoutMs, false);
  if (!held) return { status: 'keys_unavailable' };
  const first = await attempt(held, verify);
  if (first !== 'unknown_kid') return first;
  const fresh = await keysFor(jwksUri, timeoutMs, true);
  // Within the cooldown the held keys count as fresh: the kid is simply not the provider's.
  const refetchFailed = fresh === held && Date.now() - held.fetchedAt >= UNKNOWN_KID_COOLDOWN_MS;
  if (!fresh || refetchFailed) return { status: 'keys_unavailable' };
  const second = await attempt(fresh, verify);
  return second === 'unknown_kid' ? { status: 'invalid', reason: 'no key of the provider matches the token' } : second;
}

/** Tests: forget every held key set. */
export function forgetProviderKeys(): void {
  states.clear();
}
