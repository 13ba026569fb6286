import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../dev/local-provider/server';
import { nowSeconds } from '../../lib/auth/clock';
import { startApp, type App } from '../kit/app-server';
import { CookieJar, get, post } from '../kit/http';
import { refreshCount, startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { startRedis, type RedisServer } from '../kit/redis';
import { expiredSessionCookie, readSessionCookie } from '../kit/sealed-cookies';
import { SESSION_SET_COOKIE } from '../kit/session-storage';
import { signIn } from '../kit/sign-in';
import { SERVER_SESSIONS } from '../kit/variables';

/**
 * Refresh under concurrency, against the local provider's strict rotation: a rotated refresh
 * token used twice revokes the whole grant, so any double refresh would sign the person out.
 */
const CONCURRENCY = 50;

// Started at import, so the Redis suite below knows whether it can run (or, in CI, fails here).
const redis: RedisServer | undefined = await startRedis();
let idp: DevIdp;
let single: App;
let pair: App[] = [];

beforeAll(async () => {
  const [port, portA, portB] = [await freePort(), await freePort(), await freePort()];
  const appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  const issuer = idp.realms[0]!.settings.issuer;
  [single, ...pair] = await Promise.all([
    startApp({ port, appUrl, issuer }),
    // Two instances behind one public URL, sharing one Redis.
    ...(redis ? [portA, portB].map((instancePort) => startApp({ port: instancePort, appUrl, issuer, env: { REDIS_URL: redis!.url } })) : []),
  ]) as [App, ...App[]];
});

afterAll(async () => {
  await Promise.all([single, ...pair].map((app) => app?.stop()));
  await redis?.stop();
  await idp?.close();
});

/** The access-token expiry the dashboard rendered (data-epoch), to prove it used refreshed tokens. */
function renderedExpiry(html: string): number {
  return Number(/data-testid="access-token-expires" data-epoch="(\d+)"/.exec(html)?.[1] ?? /data-epoch="(\d+)"[^>]*data-testid="access-token-expires"/.exec(html)?.[1]);
}

// With server-side sessions the single instance keeps its store in the file's Redis, with the pair
// (test/kit/redis.ts): the pair's sessions are made there, at the public URL.
describe(`refresh under concurrency (one instance, ${SERVER_SESSIONS ? 'sessions in Redis' : 'in-memory store'})`, () => {
  it(`${CONCURRENCY} concurrent requests with the same expired-token cookie: all succeed, one refresh`, async () => {
    const jar = await signIn(single.url, 'alice');
    const cookie = await expiredSessionCookie(jar, single.url);
    const before = refreshCount(idp);
    const now = nowSeconds();
    // Pages (through proxy.ts) and a route handler (/auth/session) alike.
    const responses = await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => get(`${single.url}${index % 2 ? '/auth/session' : '/dashboard'}`, { cookie })));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: CONCURRENCY }, () => 200));
    expect(refreshCount(idp) - before).toBe(1);
    for (const [index, response] of responses.entries()) {
      if (index % 2) expect(JSON.parse(response.body)).toMatchObject({ user: { name: 'Alice Example' } });
      else expect(renderedExpiry(response.body)).toBeGreaterThan(now);
      // The browser leaves with the refreshed session. In its cookie: every answer sets it. With
      // server-side sessions, behind the handle it holds, which a refresh keeps: an answer either
      // sets that same handle or, having read the session after the refresh, sets none.
      const written = response.setCookie.filter((line) => line.startsWith('app_session='));
      if (SERVER_SESSIONS) expect(written.every((line) => line.startsWith(`${cookie};`))).toBe(true);
      else expect(written).not.toEqual([]);
    }
    if (SERVER_SESSIONS) {
      const held = new CookieJar();
      held.store(single.url, [cookie]);
      expect((await readSessionCookie(held, single.url)).tokens.expiresAt).toBeGreaterThan(now);
    }
    console.log(`[measure] ${CONCURRENCY} concurrent expired-token requests, one instance: ${refreshCount(idp) - before} refresh`);

    // A straggler that still carries the old cookie, after the refresh: new tokens, no second refresh.
    const late = await get(`${single.url}/dashboard`, { cookie });
    expect(late.status).toBe(200);
    expect(renderedExpiry(late.body)).toBeGreaterThan(now);
    expect(refreshCount(idp) - before).toBe(1);
  });

  it('a server-action request is refreshed by proxy.ts before Next dispatches the action', async () => {
    // Server actions are POSTs to the page's route with a Next-Action header: the proxy's matcher
    // covers them, so the action reads refreshed cookies exactly as the page render does. (The
    // app has no server action yet, so the ID here is unknown and Next answers 400 after that.)
    const jar = await signIn(single.url, 'alice');
    const cookie = await expiredSessionCookie(jar, single.url);
    const before = refreshCount(idp);
    const response = await post(`${single.url}/dashboard`, {
      cookie,
      headers: { origin: single.url, 'next-action': 'f'.repeat(42), 'content-type': 'text/plain;charset=UTF-8' },
      body: '[]',
    });
    expect(refreshCount(idp) - before).toBe(1);
    expect(response.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(SESSION_SET_COOKIE), expect.stringMatching(/^app_session_fresh=1;/)]));
    expect(response.status).toBeLessThan(500);
  });

  it('invalid_grant signs out cleanly: cookies cleared, one redirect to sign in, no loop', async () => {
    const jar = await signIn(single.url, 'bob');
    const { tokens } = await readSessionCookie(jar, single.url);
    // Revoke the grant at the provider (RFC 7009), as an administrator or another app could.
    const { issuer, clientId, clientSecret } = idp.realms[0]!.settings;
    const revoked = await post(`${issuer}/token/revocation`, {
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      form: { token: tokens.refreshToken ?? '', token_type_hint: 'refresh_token' },
      follow: true,
    });
    expect(revoked.status).toBe(200);
    const cookie = await expiredSessionCookie(jar, single.url);

    const session = await get(`${single.url}/auth/session`, { cookie });
    expect(session.status).toBe(401);
    expect(session.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));

    // A protected page sends the signed-out person to sign in, and sign-in goes to the provider:
    // no hop leads back into the app, so there is no loop.
    const page = await get(`${single.url}/dashboard`, { cookie });
    expect([303, 307]).toContain(page.status);
    expect(page.location).toMatch(/\/auth\/login\/keycloak\?returnTo=%2Fdashboard$/);
    const login = await get(new URL(page.location ?? '', single.url).href);
    expect(login.status).toBe(303);
    expect(login.location).toMatch(new RegExp(`^${issuer}/auth\\?`));
  });
});

describe.skipIf(!redis)('refresh across two instances sharing Redis', () => {
  it(`${CONCURRENCY} concurrent requests split over both instances: all succeed, one refresh`, async () => {
    const [a, b] = pair as [App, App];
    const jar = await signIn(single.url, 'alice');
    const cookie = await expiredSessionCookie(jar, single.url);
    const before = refreshCount(idp);
    const responses = await Promise.all(Array.from({ length: CONCURRENCY }, (_, index) => get(`${(index % 2 ? a : b).url}/auth/session`, { cookie })));
    expect(responses.map((response) => response.status)).toEqual(Array.from({ length: CONCURRENCY }, () => 200));
    expect(refreshCount(idp) - before).toBe(1);
    console.log(`[measure] ${CONCURRENCY} concurrent expired-token requests over two instances + Redis: ${refreshCount(idp) - before} refresh`);

    // The old cookie at the other instance, after the refresh: served from the shared grace outcome.
    const late = await get(`${a.url}/auth/session`, { cookie });
    expect(late.status).toBe(200);
    expect(refreshCount(idp) - before).toBe(1);
  });
});
