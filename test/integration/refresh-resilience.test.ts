import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../kit/ports';
import { startRedis, type RestartableRedis } from '../kit/redis';
import { CookieJar, browse, expiredSessionCookie, readSessionCookie, startApp, type App } from '../kit/harness';
import { HostileOp } from '../kit/hostile-op';

/**
 * What the fault soak (npm run soak) found, one focused case each, against a provider that
 * rotates refresh tokens strictly (a rotated token presented again is counted and revokes the
 * grant): once the token endpoint has answered 200, the new tokens are never thrown away.
 */
const redis: RestartableRedis | undefined = await startRedis();
let op: HostileOp;
let appUrl: string;
let appEnv: Record<string, string>;
let first: App;
const started: App[] = [];

/** Another instance behind the same public APP_URL (the first one answers at APP_URL itself). */
async function instance(port?: number): Promise<App> {
  const app = await startApp({ port: port ?? (await freePort()), appUrl, issuer: op.issuer, env: appEnv });
  started.push(app);
  return app;
}

beforeAll(async () => {
  if (!redis) return;
  const opPort = await freePort();
  op = new HostileOp(`http://127.0.0.1:${opPort}/resilience`, { strictRotation: true, accessTokenLifetime: 60 });
  await op.start(opPort);
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  appEnv = { KEYCLOAK_CLIENT_ID: op.clientId, KEYCLOAK_CLIENT_SECRET: op.clientSecret, PROVIDER_TIMEOUT: '3', REDIS_URL: redis.url };
  first = await instance(port);
});

afterAll(async () => {
  await Promise.all(started.map((app) => app.stop()));
  await op?.stop();
  await redis?.stop();
});

beforeEach(() => op?.setFaults({}));

/** Signs in through `app` (the provider answers the authorization request at once). */
async function signIn(app: App): Promise<CookieJar> {
  const jar = new CookieJar();
  const { response } = await browse(jar, `${app.url}/auth/login/keycloak?returnTo=/dashboard`);
  expect(response.status).toBe(200);
  return jar;
}

async function session(app: App, cookie: string): Promise<{ status: number; setCookie: string[]; ms: number; body: string }> {
  const start = Date.now();
  const response = await fetch(`${app.url}/auth/session`, { headers: { cookie } });
  const body = await response.text();
  return { status: response.status, setCookie: response.headers.getSetCookie(), ms: Date.now() - start, body };
}

function cookieFrom(setCookie: string[]): string {
  return setCookie
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

describe.skipIf(!redis)('refresh through faults (strict rotation, two instances on Redis)', () => {
  it('JWKS unreachable, on an instance that never fetched the keys: the refreshed tokens are kept, no token reused', async () => {
    const cookie = await expiredSessionCookie(await signIn(first), first.url);
    const fresh = await instance();
    op.setFaults({ jwks: '503' });
    const refreshed = await session(fresh, cookie);
    expect(refreshed.status).toBe(200);
    expect(refreshed.setCookie.some((line) => /^app_session=[^;]+/.test(line))).toBe(true);
    // The new tokens work everywhere; the rotated refresh token is never presented again.
    for (const app of [fresh, first]) expect((await session(app, cookieFrom(refreshed.setCookie))).status).toBe(200);
    expect((await session(fresh, cookie)).status).toBe(200); // the old cookie, within the grace window
    expect(op.reuses).toBe(0);
  });

  it('discovery and JWKS down, on an instance holding both: refreshes as usual with the keys it holds', async () => {
    const cookie = await expiredSessionCookie(await signIn(first), first.url);
    op.setFaults({ discovery: '503', jwks: '503' });
    const refreshed = await session(first, cookie);
    expect(refreshed.status).toBe(200);
    expect(refreshed.setCookie.some((line) => /^app_session=[^;]+/.test(line))).toBe(true);
    expect(op.reuses).toBe(0);
  });

  it('Redis dies while the token endpoint is answering: the rotated tokens still reach the browser', async () => {
    const cookie = await expiredSessionCookie(await signIn(first), first.url);
    op.setFaults({ token: { slowMs: 1500 } });
    const pending = session(first, cookie);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the lock is taken, the provider is answering
    await redis!.kill();
    const refreshed = await pending;
    // The new tokens ride on the answer whatever it is: 200, or 503 store_unavailable when the
    // route's own session check comes after the store died (nobody let in unchecked).
    const next = cookieFrom(refreshed.setCookie);
    expect(next, `${refreshed.status} ${refreshed.body}`).toMatch(/^app_session=/);
    if (refreshed.status !== 200) expect({ status: refreshed.status, body: JSON.parse(refreshed.body) }).toEqual({ status: 503, body: { user: null, error: 'store_unavailable' } });
    await redis!.restart();
    op.setFaults({});
    await expect.poll(async () => (await session(first, next)).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect(op.reuses).toBe(0);
  });

  it('token lifetimes count from when the token response arrived, not from when the request began', async () => {
    const jar = await signIn(first);
    const cookie = await expiredSessionCookie(jar, first.url);
    op.setFaults({ token: { slowMs: 2500 } });
    const requestStarted = Math.floor(Date.now() / 1000);
    const refreshed = await session(first, cookie);
    expect(refreshed.status).toBe(200);
    const renewed = new CookieJar();
    renewed.store(first.url, new Response(null, { headers: refreshed.setCookie.map((line) => ['set-cookie', line] as [string, string]) }));
    const { tokens } = await readSessionCookie(renewed, first.url);
    // expires_in is 60 s; the answer came 2.5 s after the request began.
    expect(tokens.expiresAt).toBeGreaterThanOrEqual(requestStarted + 2 + 60);
  });
});
