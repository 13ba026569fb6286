import 'server-only';
import type { Env } from '../config';
import { processSingleton } from '../process-singleton';
import { RedisStore } from './redis-store';
import { MemoryStore, type Store } from './store';

export { MemoryStore, StoreUnavailableError, isStoreUnavailable, type Store } from './store';

/** The process's store: Redis when REDIS_URL is set, else memory (one instance only). */
export function getStore(env: Pick<Env, 'REDIS_URL' | 'STORE_TIMEOUT_MS'>): Store {
  return processSingleton('store', () => (env.REDIS_URL ? new RedisStore(env.REDIS_URL, 'bff:', env.STORE_TIMEOUT_MS) : new MemoryStore()));
}
