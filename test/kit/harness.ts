import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { sealData, unsealData } from 'iron-session';
import { DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import { startDevIdp, type DevIdp, type DevIdpOptions } from '../../dev/local-provider/server';
import { readSettings } from '../../dev/local-provider/settings';
import { SESSION_COOKIE, cookieOptions, readChunks, writeChunks } from '../../lib/auth/session/cookies';
import { pack, unpack } from '../../lib/auth/session/packing';
import { parseSession, type Session } from '../../lib/auth/session/schema';
import { freePort, waitFor } from './ports';

export const SESSION_SECRET = 'integration-secret-with-at-least-32-characters';

/** The local provider, in this process, so tests read its counters directly. */
export async function startIdp(appUrl: string, settings: Record<string, string> = {}, options: DevIdpOptions = {}): Promise<DevIdp> {
  const port = await freePort();
  return startDevIdp(readSettings({ DEV_IDP_PORT: String(port), APP_URL: appUrl, ...settings }), options);
}

export interface App {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The production server as it ships: the standalone server.js that `npm run build` leaves (the
 * Docker image runs the same file; `next start` warns that it does not support standalone
 * output). Several may share one public APP_URL, as instances behind a load balancer do; each is
 * reached at its own port.
 */
export async function startApp(options: { port: number; appUrl: string; issuer: string; env?: Record<string, string>; /** Collects the server's stdout lines (audit log). */ output?: string[] }): Promise<App> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(options.port),
    APP_URL: options.appUrl,
    SESSION_SECRET,
    KEYCLOAK_ISSUER: options.issuer,
    KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID,
    KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET,
    // One instance on its own keeps sign-outs in memory; several share a Redis (REDIS_URL).
    STORE: options.env?.REDIS_URL ? undefined : 'memory',
    // server.js listens on HOSTNAME, else on every interface: tests stay on loopback, and a
    // HOSTNAME inherited from the shell (containers set one) must not decide.
    HOSTNAME: '127.0.0.1',
    ...options.env,
  };
  const server = standaloneServer(env.BENCHMARK_BUILD === '1' ? '.next-bench' : '.next');
  const child = spawn(process.execPath, [server], {
    env: Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)) as NodeJS.ProcessEnv,
    stdio: ['ignore', options.output ? 'pipe' : 'ignore', 'inherit'],
  });
  if (options.output && child.stdout) {
    let partial = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      options.output?.push(...lines);
    });
  }
  const url = `http://localhost:${options.port}`;
  await waitFor(`${server} on ${url}`, async () => {
    if (child.exitCode !== null) throw new Error(`${server} on ${url} exited with ${child.exitCode} (run npm run build first)`);
    return (await fetch(`${url}/auth/session`)).status === 401;
  }, 30_000);
  return {
    url,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * `<distDir>/standalone/server.js`, once `npm run build` has copied the static assets beside it
 * (deploy/copy-assets.ts); `next build` alone leaves pages without their scripts. The bench
 * builds into .next-bench (next.config.ts).
 */
export function standaloneServer(distDir: string): string {
  if (!existsSync(`${distDir}/standalone/${distDir}/static`)) throw new Error(`No complete standalone build in ${distDir}/standalone: run npm run build first.`);
  return `${distDir}/standalone/server.js`;
}

/** A minimal cookie jar: name → value per host, honouring deletions. Enough for these flows. */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, string>>();

  store(url: string, response: Response): void {
    const host = new URL(url).host;
    const jar = this.byHost.get(host) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    this.byHost.set(host, jar);
  }

  header(url: string): string {
    return [...(this.byHost.get(new URL(url).host) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.byHost.get(new URL(url).host)?.get(name);
  }
}

/** Follows redirects by hand so every hop's cookies land in the jar; at most 20 hops. */
export async function browse(jar: CookieJar, url: string, init: RequestInit = {}): Promise<{ url: string; response: Response }> {
  let current = url;
  let request: RequestInit = init;
  for (let hop = 0; hop < 20; hop++) {
    const response = await fetch(current, { ...request, redirect: 'manual', headers: { ...(request.headers as Record<string, string>), cookie: jar.header(current) } });
    jar.store(current, response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url: current, response };
    current = new URL(location, current).href;
    request = {};
  }
  throw new Error(`too many redirects from ${url}`);
}

/** Signs in through the app and the local provider as a browser would; returns the jar. */
export async function signIn(appUrl: string, username: string, returnTo = '/dashboard'): Promise<CookieJar> {
  const jar = new CookieJar();
  const login = await browse(jar, `${appUrl}/auth/login/keycloak?returnTo=${encodeURIComponent(returnTo)}`);
  const action = new URL(login.url).pathname.replace(/\/?$/, '/login');
  if (!/\/interaction\/[\w-]+\/login$/.test(action)) throw new Error(`expected the provider's login page, got ${login.url}`);
  const done = await browse(jar, new URL(action, login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: username }).toString(),
  });
  if (new URL(done.url).pathname !== returnTo || done.response.status !== 200) throw new Error(`sign-in ended at ${done.url} (${done.response.status})`);
  return jar;
}

function hiddenInputs(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([\w-]+)" value="([^"]*)"\/?>/g)) fields[match[1]!] = match[2]!;
  return fields;
}

/**
 * What a person does with `npm run device-login`'s link: open it, confirm the code (or deny),
 * and sign in at the provider. Posts each form the provider serves, as a browser would (the
 * first one submits itself with JavaScript). Returns the last page's status and text.
 */
export async function answerDeviceCode(verificationUriComplete: string, answer: { approveAs: string } | 'deny'): Promise<{ status: number; text: string }> {
  const jar = new CookieJar();
  const post = (url: string, fields: Record<string, string>) => browse(jar, url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  let page = await browse(jar, verificationUriComplete);
  for (let step = 0; step < 6; step++) {
    const text = await page.response.text();
    const path = new URL(page.url).pathname;
    if (/\/interaction\/[\w-]+$/.test(path) && answer !== 'deny') {
      page = await post(new URL(`${path}/login`, page.url).href, { username: answer.approveAs, password: answer.approveAs });
      continue;
    }
    const form = /<form[^>]*method="post"[^>]*action="([^"]+)"/.exec(text);
    if (!form?.[1] || page.response.status !== 200) return { status: page.response.status, text };
    if (answer === 'deny' && text.includes('op.deviceConfirmForm')) {
      const denied = await post(new URL(form[1], page.url).href, { ...hiddenInputs(text), abort: 'yes' });
      return { status: denied.response.status, text: await denied.response.text() };
    }
    page = await post(new URL(form[1], page.url).href, hiddenInputs(text));
  }
  throw new Error('the device verification did not finish in 6 steps');
}

/** The session in the jar's cookies, opened with the product's own unseal (and schema). */
export async function readSessionCookie(jar: CookieJar, appUrl: string): Promise<Session> {
  const sealed = readChunks({ get: (name) => (jar.get(appUrl, name) ? { value: jar.get(appUrl, name) as string } : undefined), getAll: () => [] }, SESSION_COOKIE);
  if (!sealed) throw new Error('no session cookie');
  const session = parseSession(unpack(await unsealData(sealed, { password: SESSION_SECRET })));
  if (!session) throw new Error('the session cookie does not open to a session');
  return session;
}

/**
 * The same session with its access token already expired, as a Cookie header without the
 * freshness marker: what a browser sends once the token's lifetime has passed. Re-sealing with
 * the test's own secret replaces waiting for the clock.
 */
export async function expiredSessionCookie(jar: CookieJar, appUrl: string): Promise<string> {
  const session = await readSessionCookie(jar, appUrl);
  const now = Math.floor(Date.now() / 1000);
  const expired = { ...session, tokens: { ...session.tokens, expiresAt: now - 1, refreshAt: now - 30 } };
  const sealed = await sealData(pack(expired), { password: SESSION_SECRET, ttl: 3600 });
  return (writeChunks(SESSION_COOKIE, sealed, [], cookieOptions(false, 3600)) ?? []).map((write) => `${write.name}=${write.value}`).join('; ');
}

export function refreshCount(idp: DevIdp): number {
  return idp.stats.demo.grants.refresh_token ?? 0;
}

/** The jar's session with `change` applied, resealed, as a Cookie header without the freshness marker. */
export async function sessionCookieWith(jar: CookieJar, appUrl: string, change: (session: Session) => Session): Promise<string> {
  const sealed = await sealData(pack(change(await readSessionCookie(jar, appUrl))), { password: SESSION_SECRET, ttl: 3600 });
  return (writeChunks(SESSION_COOKIE, sealed, [], cookieOptions(false, 3600)) ?? []).map((write) => `${write.name}=${write.value}`).join('; ');
}
