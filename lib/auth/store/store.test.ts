import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/kit/wait';
import { startRedis } from '../../../test/kit/redis';
import { RedisStore } from './redis-store';
import { MemoryStore, StoreUnavailableError, isStoreUnavailable, type Store } from './store';

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

describe.skipIf(!redis)('redis store outage', () => {
  it('fails every call within its bound while Redis is gone (no 5 s offline queue), and recovers by itself', async () => {
    const outage = await startRedis();
    if (!outage) return;
    const port = Number(new URL(outage.url).port);
    const store = new RedisStore(outage.url, 'outage:', 250);
    try {
      await store.set('k', 'v', 60_000);
      expect(await store.getMany(['k', 'missing'])).toEqual(['v', undefined]);
      await outage.stop();
      for (const call of [() => store.get('k'), () => store.getMany(['k']), () => store.set('k', 'w', 1000), () => store.setIfAbsent('lock', 'me', 1000), () => store.deleteIfEquals('lock', 'me')]) {
        const started = Date.now();
        const error = await call().then(() => undefined, (reason: unknown) => reason);
        expect(error).toBeInstanceOf(StoreUnavailableError);
        expect(isStoreUnavailable(error)).toBe(true);
        expect(Date.now() - started).toBeLessThan(400);
      }
      const back = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      try {
        await waitFor('the store to answer again', async () => (await store.get('k').then(() => true, () => false)), 10_000);
        await store.set('k', 'again', 60_000);
        expect(await store.get('k')).toBe('again');
      } finally {
        back.kill('SIGTERM');
      }
    } finally {
      await store.close();
    }
  });
});
