import 'server-only';
import type { Env } from '../env';
import { RedisStore } from './redis-store';
import { MemoryStore, type Store } from './store';

let store: Store | undefined;

/** The process's store: Redis when REDIS_URL is set, else memory (one instance only). */
export function getStore(env: Env): Store {
  store ??= env.REDIS_URL ? new RedisStore(env.REDIS_URL) : new MemoryStore();
  return store;
}
