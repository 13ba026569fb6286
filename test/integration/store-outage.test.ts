import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../dev/local-provider/server';
import { freePort, waitFor } from '../kit/ports';
import { startRedis } from '../kit/redis';
import { expiredSessionCookie, refreshCount, signIn, startApp, startIdp, type App } from '../kit/harness';

/**
 * Redis down: every store call is bounded (250 ms), and the app fails closed without signing
 * anyone out: 503 "temporarily unavailable", cookies kept, nobody let in whose session may have
 * been ended; when Redis returns, everything works again by itself.
 */
const available = await startRedis();
let redisPort: number;
let redis: ChildProcess | undefined;
let idp: DevIdp;
let app: App;
let publicUrl: string;

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** A redis-server on the port the app was given, started empty. */
async function startRedisOn(port: number): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await waitFor(`redis-server on ${port}`, () => ping(port), 10_000);
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

beforeAll(async () => {
  if (!available) return;
  // startRedis() proved redis-server exists (or failed loudly in CI); this suite kills and restarts its own.
  await available.stop();
  redisPort = await freePort();
  await startRedisOn(redisPort);
  const port = await freePort();
  publicUrl = `http://localhost:${port}`;
  idp = await startIdp(publicUrl);
  app = await startApp({ port, appUrl: publicUrl, issuer: idp.realms[0]!.settings.issuer, env: { REDIS_URL: `redis://127.0.0.1:${redisPort}` } });
});

afterAll(async () => {
  await app?.stop();
  await stopRedis();
  await idp?.close();
});

async function timed(path: string, cookie: string): Promise<{ status: number; ms: number; body: string; setCookie: string[]; location: string | null }> {
  const started = Date.now();
  const response = await fetch(`${app.url}${path}`, { headers: { cookie }, redirect: 'manual' });
  const body = await response.text();
  return { status: response.status, ms: Date.now() - started, body, setCookie: response.headers.getSetCookie(), location: response.headers.get('location') };
}

describe.skipIf(!available)('Redis down and back', () => {
  it('answers 503 store_unavailable within a second, keeps the cookies, and recovers when Redis returns', async () => {
    const jar = await signIn(publicUrl, 'alice');
    const cookie = jar.header(publicUrl);
    expect((await timed('/auth/session', cookie)).status).toBe(200);

    await stopRedis();
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
    const api = await fetch(`${app.url}/api/me`, { headers: { cookie, 'x-csrf': '1', 'sec-fetch-site': 'same-origin' } });
    expect(api.status).toBe(503);
    expect(await api.json()).toEqual({ error: 'store_unavailable' });

    await startRedisOn(redisPort);
    await expect.poll(async () => (await timed('/auth/session', cookie)).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect((await timed('/dashboard', cookie)).status).toBe(200);
  });

  it('an expired token while Redis is down: no refresh without the lock, 503, and the next request after recovery refreshes once', async () => {
    const jar = await signIn(publicUrl, 'bob');
    const cookie = await expiredSessionCookie(jar, publicUrl);
    const before = refreshCount(idp);
    await stopRedis();
    const down = await timed('/auth/session', cookie);
    expect(down.status).toBe(503);
    expect(refreshCount(idp)).toBe(before);
    await startRedisOn(redisPort);
    // The outage was found before any refresh began (the revocation check), so nothing waits out a retry delay.
    await expect.poll(async () => (await timed('/auth/session', cookie)).status, { timeout: 10_000, interval: 250 }).toBe(200);
    expect(refreshCount(idp)).toBe(before + 1);
  });

  it('a sign-out while Redis is down still signs out, and the copy of the cookie is refused once Redis is back', async () => {
    const copy = (await signIn(publicUrl, 'alice')).header(publicUrl);
    await stopRedis();
    const logout = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers: { cookie: copy, 'sec-fetch-site': 'same-origin' }, redirect: 'manual' });
    expect(logout.status).toBe(303);
    expect(logout.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
    await startRedisOn(redisPort);
    // Redis came back empty: the instance still knows, and writes what it could not write before.
    await expect.poll(async () => (await timed('/auth/session', copy)).status, { timeout: 10_000, interval: 250 }).toBe(401);
  });
});
