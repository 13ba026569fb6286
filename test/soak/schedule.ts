import type { Faults } from '../kit/hostile-op';

/** Done to the system as a phase begins. */
export type Action = 'kill-instance-b' | 'restart-instance-b' | 'kill-redis' | 'restart-redis';

/** One stretch of the soak: how long, what is broken, and what it is meant to show. */
export interface Phase {
  name: string;
  seconds: number;
  /** The provider's faults for the whole phase; anything not named answers normally. */
  faults?: Partial<Faults>;
  /** The access-token lifetime the provider issues from the phase's start (it stays until changed). */
  accessTokenLifetime?: number;
  actions?: Action[];
  about: string;
}

/** Slow enough to matter against 20-second tokens, well under PROVIDER_TIMEOUT (config.ts). */
export const SLOW_TOKEN_MS = 2500;

/**
 * The faults of issue 13, in an order that makes each one observable:
 *
 * - the JWKS outage must meet an app that has to fetch the keys. openid-client caches a JWKS per
 *   configuration (per bundle and process) for five minutes, so it is preceded by the issue's own
 *   reproduction: instance B is killed and comes back during 10 s of token-endpoint 503s (it
 *   discovers the provider but never verifies an ID token), then 27 s of discovery and JWKS 503s
 *   while the token endpoint answers 200 and rotates, with 8-second access tokens;
 * - Redis comes back empty, so locks, grace outcomes and the revocation list are gone at once.
 */
export function schedule(mode: 'full' | 'ci'): Phase[] {
  // [full, ci] seconds: the CI run goes through every phase, shorter where the length adds nothing.
  const s = (full: number, ci: number) => (mode === 'full' ? full : ci);
  return [
    { name: 'baseline', seconds: s(20, 10), accessTokenLifetime: 20, about: 'no faults, 20-second access tokens' },
    { name: 'token 503', seconds: s(20, 10), faults: { token: '503' }, about: 'token endpoint answers 503 (HTML, as a load balancer does)' },
    { name: 'token hang', seconds: s(20, 10), faults: { token: 'hang' }, about: 'token endpoint never answers' },
    { name: 'token reset', seconds: s(15, 8), faults: { token: 'reset' }, about: 'token endpoint resets the connection' },
    { name: 'token slow', seconds: s(25, 15), faults: { token: { slowMs: SLOW_TOKEN_MS } }, about: `token endpoint answers after ${SLOW_TOKEN_MS} ms (rotated before the wait)` },
    { name: '8s tokens', seconds: s(20, 12), accessTokenLifetime: 8, about: 'no faults; sessions move to 8-second access tokens' },
    { name: 'B killed', seconds: s(15, 8), actions: ['kill-instance-b'], about: 'instance B SIGKILLed: the balancer answers 502 for its share' },
    { name: 'B back, token 503', seconds: 10, faults: { token: '503' }, actions: ['restart-instance-b'], about: 'B restarts on the same port while the token endpoint answers 503' },
    { name: 'JWKS down', seconds: 27, faults: { discovery: '503', jwks: '503' }, about: 'discovery and JWKS answer 503; the token endpoint answers 200 and rotates' },
    { name: 'recovered', seconds: s(15, 10), accessTokenLifetime: 20, about: 'no faults, 20-second access tokens again' },
    { name: 'Redis killed', seconds: s(25, 15), actions: ['kill-redis'], about: 'redis-server SIGKILLed' },
    { name: 'Redis back empty', seconds: s(20, 12), actions: ['restart-redis'], about: 'a fresh, empty redis-server on the same port' },
    { name: 'settle', seconds: s(8, 5), about: 'no faults' },
  ];
}
