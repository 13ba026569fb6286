import 'server-only';
import type { Env } from '../config/env';
import { processSingleton } from '../process-singleton';
import { RedisStore } from './redis-store';
import { MemoryStore, type Store } from './store';

/** The process's store: Redis when REDIS_URL is set, else memory (one instance only). */
export function getStore(env: Env): Store {
  return processSingleton('store', () => (env.REDIS_URL ? new RedisStore(env.REDIS_URL, 'bff:', env.STORE_TIMEOUT_MS) : new MemoryStore()));
}
