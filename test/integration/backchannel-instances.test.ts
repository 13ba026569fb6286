import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../dev/local-provider/server';
import { startApp, type App } from '../kit/app-server';
import { get, post } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { startRedis, type RedisServer } from '../kit/redis';
import { signIn } from '../kit/sign-in';

/**
 * Back-channel logout reaches one instance (the one the load balancer picked); with a shared
 * Redis, every instance must see the session as ended.
 */
const redis: RedisServer | undefined = await startRedis();
let idp: DevIdp;
let instances: App[] = [];

beforeAll(async () => {
  if (!redis) return;
  const [portA, portB] = [await freePort(), await freePort()];
  const appUrl = `http://localhost:${portA}`;
  idp = await startIdp(appUrl);
  const issuer = idp.realms[0]!.settings.issuer;
  instances = await Promise.all([portA, portB].map((port) => startApp({ port, appUrl, issuer, env: { REDIS_URL: redis.url } })));
});

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await idp?.close();
  await redis?.stop();
});

describe.skipIf(!redis)('back-channel logout across two instances sharing Redis', () => {
  it('a logout token received by one instance signs the person out on the other', async () => {
    const [a, b] = instances as [App, App];
    const jar = await signIn(a.url, 'alice');
    const cookie = jar.header(a.url);
    const status = async (instance: App) => (await get(`${instance.url}/auth/session`, { cookie, follow: true })).status;
    expect([await status(a), await status(b)]).toEqual([200, 200]);

    // An administrator ends alice's sessions at the provider, which posts a logout token to
    // the app's registered back-channel URL: instance A.
    const ended = await post(`${idp.realms[0]!.settings.issuer.replace(/\/realms\/demo$/, '')}/__dev/logout?username=alice`, { follow: true });
    expect(ended.json()).toEqual({ ended: 1 });
    expect(idp.stats.demo.backchannel).toEqual({ delivered: 1, failed: 0 });

    expect(await status(b)).toBe(401);
    expect(await status(a)).toBe(401);
  });
});
