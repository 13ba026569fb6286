import { describe, expect, it } from 'vitest';
import { TokenCache } from './token-cache';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (seconds: number) => (now += seconds) };
}

describe('TokenCache', () => {
  it('sends one token request however many callers ask at once (single-flight)', async () => {
    const cache = new TokenCache({ maxEntries: 10 });
    let requests = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetchToken = async () => {
      requests += 1;
      await gate;
      return { value: `token-${requests}`, expiresIn: 300 };
    };
    const callers = Array.from({ length: 20 }, () => cache.get('k', fetchToken));
    release();
    expect(new Set(await Promise.all(callers))).toEqual(new Set(['token-1']));
    expect(requests).toBe(1);
  });

  it('keeps a token until shortly before it expires, then fetches a new one', async () => {
    const time = clock();
    const cache = new TokenCache({ maxEntries: 10, now: time.now });
    let requests = 0;
    const fetchToken = async () => ({ value: `token-${++requests}`, expiresIn: 300 });
    expect(await cache.get('k', fetchToken)).toBe('token-1');
    time.advance(269);
    expect(await cache.get('k', fetchToken)).toBe('token-1');
    time.advance(1); // 30 s before expiry
    expect(await cache.get('k', fetchToken)).toBe('token-2');
  });

  it('renews short-lived tokens a quarter of their lifetime early', () => {
    expect(TokenCache.renewAt(0, 300)).toBe(270);
    expect(TokenCache.renewAt(0, 10)).toBe(7.5);
  });

  it('does not cache failures or tokens of unknown lifetime', async () => {
    const cache = new TokenCache({ maxEntries: 10 });
    await expect(cache.get('k', () => Promise.reject(new Error('provider down')))).rejects.toThrow('provider down');
    expect(await cache.get('k', async () => ({ value: 'a' }))).toBe('a');
    expect(await cache.get('k', async () => ({ value: 'b', expiresIn: 60 }))).toBe('b');
    expect(await cache.get('k', async () => ({ value: 'c', expiresIn: 60 }))).toBe('b');
  });

  it('keeps separate tokens per key and forgets the oldest past maxEntries', async () => {
    const cache = new TokenCache({ maxEntries: 2 });
    let requests = 0;
    const fetchToken = (key: string) => async () => ({ value: `${key}-${++requests}`, expiresIn: 300 });
    for (const key of ['a', 'b', 'c']) await cache.get(key, fetchToken(key));
    expect(await cache.get('c', fetchToken('c'))).toBe('c-3');
    expect(await cache.get('a', fetchToken('a'))).toBe('a-4');
  });
});
