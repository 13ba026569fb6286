import { isStoreUnavailable, type Store } from './store/store';

/** What GET /health answers: nothing about any person, any provider or the configuration. */
export type Health = { status: 'ok' } | { status: 'degraded'; store: 'unavailable' };

/** Any key: a read is the cheapest call that proves the store answers. Nothing is ever stored under it. */
const PROBE_KEY = 'health-probe';

/**
 * The instance can serve signed-in people when its store answers: every session read checks the
 * revocation list there, so without it they get 503 store_unavailable. The probe is one store
 * call, bounded like every other (STORE_TIMEOUT_MS; a second until the first connection is up):
 * an unreachable Redis reads as degraded within that bound, never as a hung check. The provider
 * is not asked: it is reached lazily, and an outage there is answered per request. The memory
 * store always answers.
 */
export async function checkHealth(store: Pick<Store, 'get'>): Promise<Health> {
  try {
    await store.get(PROBE_KEY);
    return { status: 'ok' };
  } catch (error) {
    if (isStoreUnavailable(error)) return { status: 'degraded', store: 'unavailable' };
    throw error;
  }
}
