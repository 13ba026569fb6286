import { afterAll, describe, expect, it } from 'vitest';
import { startRedis } from '../testing/redis';
import { RedisStore } from './redis-store';
import { MemoryStore, type Store } from './store';

const redis = await startRedis();
const redisStore = redis ? new RedisStore(redis.url, `test:${Date.now()}:`) : undefined;
afterAll(async () => {
  await redisStore?.close();
  await redis?.stop();
});

function contract(name: string, make: () => Store, options: { skip?: boolean } = {}) {
  describe.skipIf(options.skip)(`${name} store`, () => {
    it('admits one lock holder at a time, and only the holder releases it', async () => {
      const store = make();
      const key = `lock-${Math.random()}`;
      const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.setIfAbsent(key, `owner-${index}`, 5000)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const holder = `owner-${results.indexOf(true)}`;
      await store.deleteIfEquals(key, 'someone-else');
      expect(await store.get(key)).toBe(holder);
      await store.deleteIfEquals(key, holder);
      expect(await store.get(key)).toBeUndefined();
      expect(await store.setIfAbsent(key, 'next', 5000)).toBe(true);
    });

    it('forgets values after their time to live', async () => {
      const store = make();
      await store.set('short', 'v', 50);
      expect(await store.get('short')).toBe('v');
      await expect.poll(() => store.get('short'), { timeout: 2000, interval: 25 }).toBeUndefined();
    });
  });
}

contract('memory', () => new MemoryStore());
contract('redis', () => redisStore as Store, { skip: !redisStore });

describe('memory store clock', () => {
  it('expires entries by the injected clock', async () => {
    let now = 1000;
    const store = new MemoryStore(() => now);
    await store.set('k', 'v', 100);
    now = 1099;
    expect(await store.get('k')).toBe('v');
    now = 1100;
    expect(await store.get('k')).toBeUndefined();
  });
});
