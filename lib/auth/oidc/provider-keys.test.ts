import { createServer, type Server } from 'node:http';
import { SignJWT, compactVerify, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetProviderKeys, verifyWithProviderKeys } from './provider-keys';

/**
 * A loopback JWKS endpoint that can go down and rotate keys; the clock is moved with fake Date
 * (timers stay real, so HTTP works).
 */
let server: Server;
let jwksUri: string;
let up = true;
let published: JWK[] = [];
let fetches = 0;
const keys: Record<string, CryptoKey> = {};

beforeAll(async () => {
  for (const kid of ['k1', 'k2', 'forged']) {
    const pair = await generateKeyPair('RS256');
    keys[kid] = pair.privateKey;
    if (kid !== 'forged') published.push({ ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' });
  }
  server = createServer((_req, res) => {
    fetches += 1;
    if (!up) return res.writeHead(503).end('down');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: published }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  jwksUri = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/jwks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const allKeys = published;
beforeEach(() => {
  up = true;
  published = allKeys.filter((key) => key.kid === 'k1');
  fetches = 0;
  forgetProviderKeys();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

const sign = (kid: string) => new SignJWT({ sub: 'x' }).setProtectedHeader({ alg: 'RS256', kid }).sign(keys[kid]!);
const verify = async (kid: string) => verifyWithProviderKeys(jwksUri, 2000, async (getKey) => compactVerify(await sign(kid), getKey, { algorithms: ['RS256'] }));
const minutes = (count: number) => vi.setSystemTime(Date.now() + count * 60_000);

describe('provider signing keys', () => {
  it('fetches once, and verifies with the keys it holds', async () => {
    expect((await verify('k1')).status).toBe('verified');
    expect((await verify('k1')).status).toBe('verified');
    expect(fetches).toBe(1);
  });

  it('serves keys older than five minutes while the JWKS is down (stale while revalidate)', async () => {
    expect((await verify('k1')).status).toBe('verified');
    up = false;
    minutes(30);
    expect((await verify('k1')).status).toBe('verified');
    await vi.waitFor(() => expect(fetches).toBe(2)); // the background refetch was tried
  });

  it('has nothing to verify with when the JWKS was never reachable: keys_unavailable, not invalid', async () => {
    up = false;
    expect((await verify('k1')).status).toBe('keys_unavailable');
  });

  it('a new kid after a key rotation: refetched once and verified', async () => {
    expect((await verify('k1')).status).toBe('verified');
    published = allKeys;
    minutes(1);
    expect((await verify('k2')).status).toBe('verified');
    expect(fetches).toBe(2);
  });

  it('an unknown kid with the JWKS down cannot be told from a new key: keys_unavailable', async () => {
    expect((await verify('k1')).status).toBe('verified');
    up = false;
    minutes(1);
    expect((await verify('k2')).status).toBe('keys_unavailable');
  });

  it('a forged kid is refused, and cannot make us refetch more than once per cooldown', async () => {
    expect((await verify('k1')).status).toBe('verified');
    minutes(1);
    expect((await verify('forged')).status).toBe('invalid');
    for (let attempt = 0; attempt < 5; attempt++) expect((await verify('forged')).status).toBe('invalid');
    expect(fetches).toBe(2);
  });
});
