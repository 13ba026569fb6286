import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import type { DevIdp } from '../../dev/local-provider/server';
import { startApp, type App } from '../kit/app-server';
import { get, post } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { startRedis, type RedisServer } from '../kit/redis';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { signIn } from '../kit/sign-in';

/**
 * OWASP Session Management: invalidate on logout. The session lives in a sealed cookie, so a
 * copy taken before sign-out (a stolen cookie, a synced browser profile) must stop working the
 * moment the person signs out, on every instance, and must never again carry their token to an API.
 */
const redis: RedisServer | undefined = await startRedis();
let idp: DevIdp;
let api: DemoApi;
let single: App;
let pair: App[] = [];

beforeAll(async () => {
  const [port, portA, portB] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  const issuer = idp.realms[0]!.settings.issuer;
  api = await startDemoApi({ port: 0, issuer });
  [single, ...pair] = (await Promise.all([
    startApp({ port, appUrl, issuer, env: { DEMO_API_URL: api.url } }),
    ...(redis ? [portA, portB].map((instance) => startApp({ port: instance, appUrl, issuer, env: { REDIS_URL: redis!.url, DEMO_API_URL: api.url } })) : []),
  ])) as [App, ...App[]];
});

afterAll(async () => {
  await Promise.all([single, ...pair].map((app) => app?.stop()));
  await api?.close();
  await redis?.stop();
  await idp?.close();
});

async function statusOf(url: string, cookie: string, headers: Record<string, string> = {}): Promise<{ status: number; location: string | null }> {
  const { status, location } = await get(url, { cookie, headers });
  return { status, location };
}

/** Everything the copied cookie can reach: the session JSON, a protected page, an API call. */
async function reach(base: string, cookie: string) {
  return {
    session: (await statusOf(`${base}/auth/session`, cookie)).status,
    dashboard: await statusOf(`${base}/dashboard`, cookie),
    api: (await statusOf(`${base}/api/me`, cookie, SAME_ORIGIN_FETCH)).status,
  };
}

async function signOut(base: string, cookie: string): Promise<void> {
  const response = await post(`${base}/auth/logout`, { cookie, headers: { 'sec-fetch-site': 'same-origin' } });
  expect(response.status).toBe(303);
}

function expectSignedOut(reached: Awaited<ReturnType<typeof reach>>) {
  expect(reached.session).toBe(401);
  // A protected page sends the person to sign in again.
  expect(reached.dashboard.status).toBe(307);
  expect(reached.dashboard.location).toMatch(/\/auth\/login\/keycloak\?returnTo=%2Fdashboard$/);
  // The BFF refuses before any token is attached: the API never sees the person's token again.
  expect(reached.api).toBe(401);
}

describe('a copy of the session cookie after sign-out', () => {
  it('works before sign-out, and gets 401 / the sign-in redirect after it (in-memory store)', async () => {
    const jar = await signIn(single.url, 'alice');
    const copy = jar.header(single.url);
    const before = await reach(single.url, copy);
    expect(before).toEqual({ session: 200, dashboard: { status: 200, location: null }, api: 200 });
    const apiCallsBefore = api.stats.requests['/api/me'] ?? 0;
    await signOut(single.url, copy);
    expectSignedOut(await reach(single.url, copy));
    expect(api.stats.requests['/api/me'] ?? 0).toBe(apiCallsBefore);
  });

  it('signing in again afterwards starts a session the earlier sign-out does not touch', async () => {
    const first = await signIn(single.url, 'bob');
    await signOut(single.url, first.header(single.url));
    const second = await signIn(single.url, 'bob');
    expect((await reach(single.url, second.header(single.url))).session).toBe(200);
  });

  it.skipIf(!redis)('signed out on one instance: the copy is refused on the other (shared Redis)', async () => {
    const [a, b] = pair as [App, App];
    // Signed in through the public URL (every instance opens the same cookie).
    const copy = (await signIn(single.url, 'alice')).header(single.url);
    expect((await reach(b.url, copy)).session).toBe(200);
    await signOut(a.url, copy);
    expectSignedOut(await reach(b.url, copy));
    expectSignedOut(await reach(a.url, copy));
  });
});
