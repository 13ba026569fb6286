import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../dev/local-provider/server';
import { startApp, type App } from '../kit/app-server';
import { get, post } from '../kit/http';
import { refreshCount, startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { startRedis } from '../kit/redis';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { expiredSessionCookie } from '../kit/sealed-cookies';
import { signIn } from '../kit/sign-in';

/**
 * Redis down: every store call is bounded (250 ms), and the app fails closed without signing
 * anyone out: 503 "temporarily unavailable", cookies kept, nobody let in whose session may have
 * been ended; when Redis returns, everything works again by itself.
 */
// This suite kills its Redis (SIGKILL, as a crash would) and restarts it on the same port: empty,
// or with server-side sessions with its data (test/kit/redis.ts), as that mode asks of its store.
const redis = await startRedis();
let idp: DevIdp;
let app: App;
let publicUrl: string;

beforeAll(async () => {
  if (!redis) return;
  const port = await freePort();
  publicUrl = `http://localhost:${port}`;
  idp = await startIdp(publicUrl);
  app = await startApp({ port, appUrl: publicUrl, issuer: idp.realms[0]!.settings.issuer, env: { REDIS_URL: redis.url } });
});

afterAll(async () => {
  await app?.stop();
  await redis?.stop();
  await idp?.close();
});

const timed = (path: string, cookie: string) => get(`${app.url}${path}`, { cookie });

describe.skipIf(!redis)('Redis down and back', () => {
  it('answers 503 store_unavailable within a second, keeps the cookies, and recovers when Redis returns', async () => {
    const jar = await signIn(publicUrl, 'alice');
    const cookie = jar.header(publicUrl);
    expect((await timed('/auth/session', cookie)).status).toBe(200);

    await redis!.kill();
    const session = await timed('/auth/session', cookie);
    expect(session.status).toBe(503);
    expect(JSON.parse(session.body)).toEqual({ user: null, error: 'store_unavailable' });
    expect(session.ms).toBeLessThan(1000);
    expect(session.setCookie).toEqual([]);
    // A protected page: through the safety net to a 503 page, never to sign-in, cookies kept.
    const page = await timed('/dashboard', cookie);
    expect(page.status).toBe(307);
    expect(page.location).toMatch(/^\/auth\/refresh\?returnTo=%2Fdashboard$/);
    const safetyNet = await timed(page.location ?? '', cookie);
    expect(safetyNet.status).toBe(503);
    expect(safetyNet.body).toContain('data-code="store_unavailable"');
    expect(safetyNet.setCookie).toEqual([]);
    expect(page.ms + safetyNet.ms).toBeLessThan(2000);
    // The BFF refuses before attaching any token.
    const api = await get(`${app.url}/api/me`, { cookie, headers: SAME_ORIGIN_FETCH, follow: true });
    expect(api.status).toBe(503);
    expect(api.json()).toEqual({ error: 'store_unavailable' });

    await redis!.restart();
    await expect.poll(async () => (await timed('/auth/session', cookie)).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect((await timed('/dashboard', cookie)).status).toBe(200);
  });

  it('an expired token while Redis is down: no refresh without the lock, 503, and the next request after recovery refreshes once', async () => {
    const jar = await signIn(publicUrl, 'bob');
    const cookie = await expiredSessionCookie(jar, publicUrl);
    const before = refreshCount(idp);
    await redis!.kill();
    const down = await timed('/auth/session', cookie);
    expect(down.status).toBe(503);
    expect(refreshCount(idp)).toBe(before);
    await redis!.restart();
    // The outage was found before any refresh began (the revocation check), so nothing waits out a retry delay.
    await expect.poll(async () => (await timed('/auth/session', cookie)).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect(refreshCount(idp)).toBe(before + 1);
  });

  it('a sign-out while Redis is down still signs out, and the copy of the cookie is refused once Redis is back', async () => {
    const copy = (await signIn(publicUrl, 'alice')).header(publicUrl);
    await redis!.kill();
    const logout = await post(`${app.url}/auth/logout`, { cookie: copy, headers: { 'sec-fetch-site': 'same-origin' } });
    expect(logout.status).toBe(303);
    expect(logout.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
    await redis!.restart();
    // Redis came back without the sign-out (empty; with server-side sessions, still holding the
    // session): the instance still knows, and writes what it could not write before.
    await expect.poll(async () => (await timed('/auth/session', copy)).status, { timeout: 10_000, interval: 250 }).toBe(401);
  });
});
