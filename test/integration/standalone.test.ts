import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { standaloneServer } from '../kit/app-server';
import { get } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { startCollector, type Collector } from '../kit/otel-collector';
import { freePort } from '../kit/ports';
import { startRedis } from '../kit/redis';
import { expiredSessionCookie } from '../kit/sealed-cookies';
import { signIn } from '../kit/sign-in';
import { SERVER_SESSIONS, TEST_SESSION_SECRET } from '../kit/variables';
import { waitFor } from '../kit/wait';

/**
 * The deployable artifact, run the way the Docker image runs it: `.next/standalone` copied out
 * of the repository (so no file can quietly come from the repository's node_modules), owned by
 * root and read-only to the server, which runs as `nobody` when the suite runs as root (CI), with
 * a clean environment and HOSTNAME=127.0.0.1. A person signs in through it; GET /health answers
 * without the proxy, the provider or any personal data, and says degraded while Redis is down.
 */
const redis = await startRedis();
/** Everything the server printed; split into lines only when read, as chunks may end mid-line. */
let log = '';
const lines = () => log.split('\n');
let directory: string;
let server: ChildProcess;
let collector: Collector;
let idp: DevIdp;
let appUrl: string;
/** Set when the suite runs as root: the server then runs as this unprivileged user. */
let unprivileged: { uid: number; gid: number } | undefined;

function idOf(flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'next-standalone-'));
  standaloneServer('.next'); // throws unless npm run build left a complete one
  cpSync('.next/standalone', directory, { recursive: true, verbatimSymlinks: true });
  chmodSync(directory, 0o755); // mkdtemp makes it 0700: the unprivileged user must read it
  if (process.getuid?.() === 0) unprivileged = { uid: idOf('-u'), gid: idOf('-g') };

  // instrumentation.ts loads @vercel/otel only when an endpoint is set: only such a run proves
  // the copy holds what that import needs.
  collector = await startCollector();

  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  server = spawn(process.execPath, [join(directory, 'server.js')], {
    cwd: directory,
    ...unprivileged,
    // Only what a container would be given: nothing leaks in from the test runner.
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      APP_URL: appUrl,
      SESSION_SECRET: TEST_SESSION_SECRET,
      KEYCLOAK_ISSUER: idp.realms[0]!.settings.issuer,
      KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID,
      KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET,
      ...(redis ? { REDIS_URL: redis.url } : { STORE: 'memory' }),
      // This run's session storage; with server-side sessions `redis` is the file's, which holds them (test/kit/redis.ts).
      ...(SERVER_SESSIONS && { SESSION_STORAGE: 'server' }),
      ...collector.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [server.stdout, server.stderr]) stream?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
  await waitFor(`the standalone server on ${appUrl}`, async () => {
    if (server.exitCode !== null) throw new Error(`the standalone server exited with ${server.exitCode}:\n${log}`);
    return (await get(`${appUrl}/auth/session`)).status === 401;
  }, 30_000);
});

afterAll(async () => {
  if (server?.exitCode === null) {
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  }
  await idp?.close();
  await redis?.stop();
  await collector?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

describe('the standalone server, as the image runs it', () => {
  it('is everything the Dockerfile copies: each path exists after npm run build', () => {
    const sources = [...readFileSync('Dockerfile', 'utf8').matchAll(/^COPY --from=build \/app\/(\S+)/gm)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(existsSync(source), source).toBe(true);
  });

  it('starts from the copy, unprivileged, and runs its startup check (instrumentation.ts)', () => {
    expect(lines()).toContain(`[config] APP_URL ${appUrl}`);
    expect(lines().some((line) => line.startsWith(`[config] store: ${redis ? 'redis' : 'memory'}`))).toBe(true);
    if (unprivileged) expect(readFileSync(`/proc/${server.pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\t${unprivileged.uid}\\t`, 'm'));
  });

  it('signs a person in (login, the provider, callback, /dashboard with her name), and the page gets its scripts and styles', async () => {
    const jar = await signIn(appUrl, 'alice');
    const html = await (await fetch(`${appUrl}/dashboard`, { headers: { cookie: jar.header(appUrl) } })).text();
    expect(html).toContain('Alice Example');
    const assets = [...new Set([...html.matchAll(/(?:src|href)="(\/_next\/static\/[^"]+)"/g)].map((match) => match[1]!))];
    expect(assets.some((asset) => asset.endsWith('.js'))).toBe(true);
    expect(assets.some((asset) => asset.endsWith('.css'))).toBe(true);
    for (const asset of assets) expect((await fetch(`${appUrl}${asset}`)).status, asset).toBe(200);
    // The provider calls of the sign-in reached the collector as spans.
    await expect.poll(() => collector.exported.length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('runs proxy.ts: an HTML document gets its script nonce', async () => {
    const response = await fetch(`${appUrl}/`, { headers: { 'sec-fetch-dest': 'document' } });
    expect(response.headers.get('content-security-policy')).toContain("'nonce-");
  });

  it('GET /health: 200 {"status":"ok"}, uncached, with no cookie, no provider call and no proxy, whatever the request carries', async () => {
    // A session whose token is due for refresh, and a document request: were the proxy to run,
    // it would refresh at the provider, set cookies, and add a nonce policy.
    const cookie = await expiredSessionCookie(await signIn(appUrl, 'bob'), appUrl);
    const providerRequests = idp.stats.demo.requests;
    const response = await fetch(`${appUrl}/health`, { headers: { cookie, 'sec-fetch-dest': 'document' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"status":"ok"}');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(response.headers.get('content-security-policy')).not.toContain('nonce-');
    expect(idp.stats.demo.requests).toBe(providerRequests);
    // Exactly /health: any other path, even one that starts like it, still gets the proxy.
    const other = await fetch(`${appUrl}/healthz`, { headers: { 'sec-fetch-dest': 'document' } });
    expect(other.headers.get('content-security-policy')).toContain("'nonce-");
  });

  it.skipIf(!redis)('GET /health: 503 degraded within the store bound while Redis is down, ok again once it is back', async () => {
    await redis!.kill();
    const started = Date.now();
    const response = await fetch(`${appUrl}/health`);
    const elapsed = Date.now() - started;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: 'degraded', store: 'unavailable' });
    expect(elapsed).toBeLessThan(1000); // STORE_TIMEOUT_MS is 250
    await redis!.restart();
    await expect.poll(async () => (await fetch(`${appUrl}/health`)).status, { timeout: 10_000, interval: 200 }).toBe(200);
  });

  it('wrote nothing: no permission error in its output (the image gives it no writable directory)', () => {
    expect(lines().filter((line) => /EACCES|EROFS|EPERM/.test(line))).toEqual([]);
  });
});
