import { unsealData } from 'iron-session';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPEN_REDIRECT_PAYLOADS } from '../../lib/testing/open-redirect-payloads';
import { freePort } from '../../lib/testing/ports';
import { CookieJar, SESSION_SECRET, startApp, type App } from './harness';
import { HostileOp, type Hooks } from './hostile-op';

/**
 * The app against a provider that lies. Every case drives the real routes of the production
 * build over HTTP and asserts: no session, no 5xx, and a clean error with a fixed code.
 */
let op: HostileOp;
let app: App;
let minimal: { op: HostileOp; app: App };
let mixUp: { op: HostileOp; app: App };
let unreachable: App;
let closedPort: number;

async function pair(path: string, hooks: Hooks = {}): Promise<{ op: HostileOp; app: App }> {
  const [opPort, appPort] = [await freePort(), await freePort()];
  const provider = new HostileOp(`http://127.0.0.1:${opPort}${path}`);
  provider.hooks = hooks;
  await provider.start(opPort);
  const instance = await startApp({
    port: appPort,
    appUrl: `http://localhost:${appPort}`,
    issuer: provider.issuer,
    env: { KEYCLOAK_CLIENT_ID: provider.clientId, KEYCLOAK_CLIENT_SECRET: provider.clientSecret, PROVIDER_TIMEOUT: '2' },
  });
  return { op: provider, app: instance };
}

beforeAll(async () => {
  closedPort = await freePort();
  const [main, bare, mixed, down] = await Promise.all([
    pair('/hostile'),
    // Metadata that advertises neither PKCE nor RFC 9207 iss: the app must still send S256.
    pair('/minimal', {
      discovery: ({ code_challenge_methods_supported: _pkce, authorization_response_iss_parameter_supported: _iss, ...rest }) => rest,
      authorizationResponse: (params) => (params.delete('iss'), params),
    }),
    // A discovery document that names another issuer (a mix-up attempt).
    pair('/mixup', { discovery: (metadata) => ({ ...metadata, issuer: 'https://accounts.example.com' }) }),
    (async () => {
      const port = await freePort();
      const credentials = new HostileOp('http://unused');
      return startApp({
        port,
        appUrl: `http://localhost:${port}`,
        issuer: `http://127.0.0.1:${closedPort}/down`,
        env: { PROVIDER_TIMEOUT: '2', KEYCLOAK_CLIENT_ID: credentials.clientId, KEYCLOAK_CLIENT_SECRET: credentials.clientSecret },
      });
    })(),
  ]);
  ({ op, app } = main);
  minimal = bare;
  mixUp = mixed;
  unreachable = down;
});

afterAll(async () => {
  await Promise.all([app, minimal?.app, mixUp?.app, unreachable].map((instance) => instance?.stop()));
  await Promise.all([op, minimal?.op, mixUp?.op].map((provider) => provider?.stop()));
});

beforeEach(() => op.reset());

interface Hop {
  status: number;
  location: string | null;
  setCookie: string[];
  body: string;
}

async function send(jar: CookieJar, url: string, init: RequestInit = {}): Promise<Hop> {
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) } });
  jar.store(url, response);
  return { status: response.status, location: response.headers.get('location'), setCookie: response.headers.getSetCookie(), body: await response.text() };
}

/** Start a login, let the provider answer, and return the callback URL it sends the browser to. */
async function authorize(target: App, jar: CookieJar): Promise<{ callbackUrl: string; state: string }> {
  const login = await send(jar, `${target.url}/auth/login/keycloak?returnTo=/dashboard`);
  expect(login.status).toBe(303);
  const authorization = await fetch(login.location ?? '', { redirect: 'manual' });
  const callbackUrl = authorization.headers.get('location') ?? '';
  return { callbackUrl, state: new URL(login.location ?? '').searchParams.get('state') ?? '' };
}

async function signInAttempt(target = app, jar = new CookieJar()) {
  const { callbackUrl, state } = await authorize(target, jar);
  const callback = await send(jar, callbackUrl);
  return { jar, callback, callbackUrl, state };
}

async function sessionStatus(target: App, jar: CookieJar): Promise<number> {
  return (await send(jar, `${target.url}/auth/session`)).status;
}

/** The common verdict: refused with `code`, no session, no 5xx, the transaction cookie gone. */
async function expectRefused(attempt: Awaited<ReturnType<typeof signInAttempt>>, code: string, target = app) {
  const { callback, jar, state } = attempt;
  expect(callback.status, callback.body.slice(0, 200)).toBe(code === 'provider_unavailable' ? 503 : 303);
  if (code !== 'provider_unavailable') expect(callback.location).toBe(`${target.url}/auth/error?code=${code}`);
  expect(callback.setCookie.some((line) => /^app_session=[^;]+/.test(line))).toBe(false);
  expect(await sessionStatus(target, jar)).toBe(401);
  if (state && new URL(attempt.callbackUrl).searchParams.get('state') === state) {
    expect(callback.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^app_txn\\.${state}=;.*Max-Age=0`, 'i'))]));
  }
  if (callback.location) {
    const page = await send(jar, callback.location);
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('hostile');
  }
}

const now = () => Math.floor(Date.now() / 1000);
const claims = (change: (claims: JWTPayload) => JWTPayload): Hooks => ({ idTokenClaims: change });

describe('controls', () => {
  it('a correct provider signs the person in, with PKCE S256 and state and nonce sent', async () => {
    const { callback, jar } = await signInAttempt();
    expect(callback.status).toBe(303);
    expect(callback.location).toBe(`${app.url}/dashboard`);
    expect(await sessionStatus(app, jar)).toBe(200);
    const request = op.authorizationRequests.at(-1)!;
    expect(request.get('code_challenge_method')).toBe('S256');
    expect(request.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(request.get('state')).toMatch(/^[\w-]{43}$/);
    expect(request.get('nonce')).toMatch(/^[\w-]{43}$/);
  });

  it('metadata without PKCE or iss support: the app still sends S256 (and accepts no iss)', async () => {
    const { callback, jar } = await signInAttempt(minimal.app);
    expect(callback.location).toBe(`${minimal.app.url}/dashboard`);
    expect(await sessionStatus(minimal.app, jar)).toBe(200);
    expect(minimal.op.authorizationRequests.at(-1)?.get('code_challenge_method')).toBe('S256');
  });
});

describe('authorization response', () => {
  const cases: [string, Hooks, string][] = [
    ['state missing', { authorizationResponse: (params) => (params.delete('state'), params) }, 'login_expired'],
    ['state altered', { authorizationResponse: (params) => (params.set('state', 'A'.repeat(43)), params) }, 'login_expired'],
    ['iss of another issuer (RFC 9207 mix-up)', { authorizationResponse: (params) => (params.set('iss', 'https://accounts.example.com'), params) }, 'invalid_response'],
    ['iss missing although advertised', { authorizationResponse: (params) => (params.delete('iss'), params) }, 'invalid_response'],
    ['error=access_denied with hostile text', { authorizationResponse: (params) => new URLSearchParams({ error: 'access_denied', error_description: '<script>alert("hostile")</script>', state: params.get('state') ?? '', iss: op.issuer }) }, 'access_denied'],
    ['error=server_error', { authorizationResponse: (params) => new URLSearchParams({ error: 'server_error', state: params.get('state') ?? '', iss: op.issuer }) }, 'provider_error'],
    ['no code', { authorizationResponse: (params) => (params.delete('code'), params) }, 'invalid_response'],
  ];
  it.each(cases)('%s → %s', async (_name, hooks, code) => {
    op.hooks = hooks;
    await expectRefused(await signInAttempt(), code);
  });
});

describe('ID token', () => {
  const cases: [string, Hooks][] = [
    ['bad signature', { idTokenSigning: 'bad-signature' }],
    ['alg none', { idTokenSigning: 'none' }],
    ['HS256 made with the client secret', { idTokenSigning: 'hs256-client-secret' }],
    ['unknown kid', { idTokenSigning: 'unknown-kid' }],
    ['another key under the known kid', { idTokenSigning: 'other-key-same-kid' }],
    ['wrong iss', claims((c) => ({ ...c, iss: 'https://accounts.example.com' }))],
    ['wrong aud', claims((c) => ({ ...c, aud: 'another-client' }))],
    ['several audiences without azp', claims((c) => ({ ...c, aud: [String(c.aud), 'another-client'] }))],
    ['several audiences, azp another client', claims((c) => ({ ...c, aud: [String(c.aud), 'another-client'], azp: 'another-client' }))],
    ['one audience, azp another client', claims((c) => ({ ...c, azp: 'another-client' }))],
    ['expired', claims((c) => ({ ...c, exp: now() - 120, iat: now() - 420 }))],
    ['issued an hour ago (iat too old)', claims((c) => ({ ...c, iat: now() - 3600 }))],
    ['issued in the future', claims((c) => ({ ...c, iat: now() + 3600, exp: now() + 7200 }))],
    ['no iat', claims(({ iat: _iat, ...c }) => c)],
    ['no sub', claims(({ sub: _sub, ...c }) => c)],
    ['no nonce', claims(({ nonce: _nonce, ...c }) => c)],
    ['nonce altered', claims((c) => ({ ...c, nonce: 'B'.repeat(43) }))],
  ];
  it.each(cases)('%s → invalid_response', async (_name, hooks) => {
    op.hooks = hooks;
    await expectRefused(await signInAttempt(), 'invalid_response');
  });
});

describe('token endpoint', () => {
  const html = { status: 200, contentType: 'text/html', body: '<html><body>hostile login page</body></html>' };
  const cases: [string, Hooks, string][] = [
    ['500 with a text body', { tokenResponse: () => ({ status: 500, contentType: 'text/plain', body: 'hostile' }) }, 'provider_unavailable'],
    ['500 with an OAuth error', { tokenResponse: () => ({ status: 500, contentType: 'application/json', body: '{"error":"server_error"}' }) }, 'provider_unavailable'],
    ['HTML instead of JSON', { tokenResponse: () => html }, 'invalid_response'],
    ['invalid_grant', { tokenResponse: () => ({ status: 400, contentType: 'application/json', body: '{"error":"invalid_grant","error_description":"<b>hostile</b>"}' }) }, 'provider_error'],
    ['no access token', { tokenResponse: ({ access_token: _token, ...body }) => body }, 'invalid_response'],
    ['no ID token', { tokenResponse: ({ id_token: _token, ...body }) => body }, 'invalid_response'],
    ['token_type other than Bearer', { tokenResponse: (body) => ({ ...body, token_type: 'mac' }) }, 'invalid_response'],
    ['a response of a megabyte', { tokenResponse: (body) => ({ ...body, padding: 'x'.repeat(1024 * 1024) }) }, 'invalid_response'],
  ];
  it.each(cases)('%s → %s', async (_name, hooks, code) => {
    op.hooks = hooks;
    await expectRefused(await signInAttempt(), code);
  });

  it('no answer at all: abandoned after PROVIDER_TIMEOUT (2 s) → provider_unavailable', async () => {
    op.hooks = { tokenResponse: () => 'hang' };
    const started = Date.now();
    const attempt = await signInAttempt();
    expect(Date.now() - started).toBeLessThan(8000);
    await expectRefused(attempt, 'provider_unavailable');
  });
});

describe('replays and injection', () => {
  it('the same callback URL twice: the second is refused (one-time transaction)', async () => {
    const first = await signInAttempt();
    expect(first.callback.location).toBe(`${app.url}/dashboard`);
    const again = await send(first.jar, first.callbackUrl);
    expect(again.status).toBe(303);
    expect(again.location).toBe(`${app.url}/auth/error?code=login_expired`);
    expect(again.setCookie.some((line) => /^app_session=[^;]+/.test(line))).toBe(false);
  });

  it('a callback URL replayed in another browser is refused', async () => {
    const { callbackUrl } = await authorize(app, new CookieJar());
    const other = new CookieJar();
    const replay = await send(other, callbackUrl);
    expect(replay.location).toBe(`${app.url}/auth/error?code=login_expired`);
    expect(await sessionStatus(app, other)).toBe(401);
  });

  it("login CSRF: an attacker's valid code and state, delivered to a victim's browser, is refused", async () => {
    const attacker = await authorize(app, new CookieJar());
    const victim = new CookieJar();
    await authorize(app, victim); // the victim may even have a sign-in of their own pending
    const delivered = await send(victim, attacker.callbackUrl);
    expect(delivered.location).toBe(`${app.url}/auth/error?code=login_expired`);
    expect(await sessionStatus(app, victim)).toBe(401);
  });

  it("code injection: an attacker's code with the victim's state fails PKCE at the provider", async () => {
    const attacker = await authorize(app, new CookieJar());
    const victim = new CookieJar();
    const own = await authorize(app, victim);
    const injected = new URL(own.callbackUrl);
    injected.searchParams.set('code', new URL(attacker.callbackUrl).searchParams.get('code') ?? '');
    const callback = await send(victim, injected.href);
    await expectRefused({ jar: victim, callback, callbackUrl: injected.href, state: own.state }, 'provider_error');
  });
});

describe('discovery', () => {
  it('a discovery document naming another issuer is refused before any redirect', async () => {
    const jar = new CookieJar();
    const login = await send(jar, `${mixUp.app.url}/auth/login/keycloak`);
    expect(login.status).toBe(303);
    expect(login.location).toBe(`${mixUp.app.url}/auth/error?code=invalid_response`);
    expect(mixUp.op.authorizationRequests).toHaveLength(0);
  });

  it('an unreachable provider: sign-in answers 503, public pages work', async () => {
    const jar = new CookieJar();
    const login = await send(jar, `${unreachable.url}/auth/login/keycloak`);
    expect(login.status).toBe(503);
    expect(login.body).toContain('Sign-in provider unavailable');
    const again = await send(jar, `${unreachable.url}/auth/login/keycloak`);
    expect(again.status).toBe(503); // backing off: answered without waiting on the provider
    expect((await send(jar, `${unreachable.url}/`)).status).toBe(200);
    expect(await sessionStatus(unreachable, jar)).toBe(401);
  });

  it('when the provider comes back, discovery is retried after the backoff and sign-in works', async () => {
    const revived = new HostileOp(`http://127.0.0.1:${closedPort}/down`);
    await revived.start(closedPort);
    try {
      // Backoff after two failures is 2 s; poll the real route until it redirects to the provider.
      await expect
        .poll(async () => (await send(new CookieJar(), `${unreachable.url}/auth/login/keycloak`)).status, { timeout: 10_000, interval: 250 })
        .toBe(303);
      const { callback, jar } = await signInAttempt(unreachable);
      expect(callback.location).toBe(`${unreachable.url}/dashboard`);
      expect(await sessionStatus(unreachable, jar)).toBe(200);
    } finally {
      await revived.stop();
    }
  });
});

describe('hostile cookies', () => {
  async function signedIn(): Promise<CookieJar> {
    const { jar, callback } = await signInAttempt();
    expect(callback.location).toBe(`${app.url}/dashboard`);
    return jar;
  }

  async function expectSignedOutWith(cookie: string) {
    const response = await fetch(`${app.url}/auth/session`, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
  }

  it('garbage, a truncated seal, or a seal made with another secret: signed out, cookies cleared', async () => {
    const sealed = (await signedIn()).get(app.url, 'app_session') ?? '';
    await expectSignedOutWith('app_session=garbage');
    await expectSignedOutWith(`app_session=${sealed.slice(0, sealed.length / 2)}`);
    const { sealData } = await import('iron-session');
    const session = await unsealData(sealed, { password: SESSION_SECRET });
    await expectSignedOutWith(`app_session=${await sealData(session, { password: 'another-secret-that-is-long-enough-0000' })}`);
  });

  it('an expired seal, and chunks in the wrong order: signed out, cookies cleared', async () => {
    const { sealData } = await import('iron-session');
    const sealed = (await signedIn()).get(app.url, 'app_session') ?? '';
    const session = await unsealData<Record<string, unknown>>(sealed, { password: SESSION_SECRET });
    await expectSignedOutWith(`app_session=${await sealData(session, { password: SESSION_SECRET, ttl: -3600 })}`);
    const big = await sealData({ ...session, padding: 'x'.repeat(6000) }, { password: SESSION_SECRET });
    const [first, second] = [big.slice(0, 3800), big.slice(3800, 7600)];
    const ok = await fetch(`${app.url}/auth/session`, { headers: { cookie: `app_session=${first}; app_session.1=${second}; app_session.2=${big.slice(7600)}` } });
    expect(ok.status).toBe(200);
    await expectSignedOutWith(`app_session=${second}; app_session.1=${first}; app_session.2=${big.slice(7600)}`);
  });

  it('a huge Cookie header is refused without a 5xx', async () => {
    const response = await fetch(`${app.url}/dashboard`, { headers: { cookie: `app_session=${'x'.repeat(20_000)}` }, redirect: 'manual' });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('refresh, revocation and outages', () => {
  async function signedInWithExpiredToken(): Promise<string> {
    const { jar, callback } = await signInAttempt();
    expect(callback.location).toBe(`${app.url}/dashboard`);
    const { sealData } = await import('iron-session');
    const session = await unsealData<{ tokens: Record<string, unknown> }>(jar.get(app.url, 'app_session') ?? '', { password: SESSION_SECRET });
    const t = now();
    return `app_session=${await sealData({ ...session, tokens: { ...session.tokens, expiresAt: t - 1, refreshAt: t - 30 } }, { password: SESSION_SECRET })}`;
  }

  it.each<[string, Hooks]>([
    ['a refreshed ID token for another subject', { idTokenClaims: (c) => ({ ...c, sub: 'someone-else' }) }],
    ['a refreshed ID token with a bad signature', { idTokenSigning: 'bad-signature' }],
    ['a refresh answered with invalid_grant', { refreshResponse: () => ({ status: 400, contentType: 'application/json', body: '{"error":"invalid_grant"}' }) }],
  ])('%s ends the session: 401, cookies cleared', async (_name, hooks) => {
    const cookie = await signedInWithExpiredToken();
    op.hooks = hooks;
    const response = await fetch(`${app.url}/auth/session`, { headers: { cookie } });
    expect(response.status).toBe(401);
    expect(response.headers.getSetCookie()).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
  });

  it('a refresh answered with 500 keeps the cookies and says the provider is unavailable (503)', async () => {
    const cookie = await signedInWithExpiredToken();
    op.hooks = { refreshResponse: () => ({ status: 500, contentType: 'text/plain', body: 'down' }) };
    const response = await fetch(`${app.url}/auth/session`, { headers: { cookie } });
    expect(response.status).toBe(503);
    expect(response.headers.getSetCookie().filter((line) => line.startsWith('app_session='))).toEqual([]);
  });

  it('with the provider down, a signed-in person whose access token is valid is unaffected', async () => {
    const { jar } = await signInAttempt();
    op.hooks = { discovery: () => ({}), tokenResponse: () => ({ status: 503, contentType: 'text/plain', body: 'down' }), revocation: () => ({ status: 503, contentType: 'text/plain', body: 'down' }) };
    const requestsBefore = op.tokenRequests.length;
    expect((await send(jar, `${app.url}/dashboard`)).status).toBe(200);
    expect(await sessionStatus(app, jar)).toBe(200);
    expect(op.tokenRequests.length).toBe(requestsBefore);
  });

  it.each<[string, Hooks['revocation']]>([
    ['fails', () => ({ status: 500, contentType: 'text/plain', body: 'down' })],
    ['never answers', () => 'hang'],
  ])('sign-out completes when revocation %s', async (_name, revocation) => {
    const { jar } = await signInAttempt();
    op.hooks = { revocation };
    const before = op.revocations;
    const logout = await send(jar, `${app.url}/auth/logout`, { method: 'POST', headers: { origin: app.url } });
    expect(logout.status).toBe(303);
    expect(logout.location).toBe(`${app.url}/`);
    expect(op.revocations).toBe(before + 1);
    expect(await sessionStatus(app, jar)).toBe(401);
  });
});

describe('hostile input', () => {
  it(`returnTo: ${OPEN_REDIRECT_PAYLOADS.length} open-redirect payloads through the real login route all stay on the origin`, async () => {
    for (const payload of OPEN_REDIRECT_PAYLOADS) {
      const jar = new CookieJar();
      const login = await send(jar, `${app.url}/auth/login/keycloak?returnTo=${encodeURIComponent(payload)}`);
      expect(login.status, payload).toBe(303);
      const state = new URL(login.location ?? '').searchParams.get('state');
      const transaction = await unsealData<{ returnTo: string }>(jar.get(app.url, `app_txn.${state}`) ?? '', { password: SESSION_SECRET });
      expect(transaction.returnTo.startsWith('/') && !transaction.returnTo.startsWith('//'), payload).toBe(true);
      expect(new URL(transaction.returnTo, app.url).origin, payload).toBe(app.url);
    }
  });

  it('state-changing routes refuse cross-site requests', async () => {
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}];
    for (const headers of attempts) {
      const response = await fetch(`${app.url}/auth/logout`, { method: 'POST', headers, redirect: 'manual' });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
  });
});

describe('response headers', () => {
  it('every response: nosniff, frame-ancestors none, referrer policy, permissions policy, HSTS', async () => {
    for (const path of ['/', '/auth/error?code=access_denied', '/auth/session']) {
      const { headers } = await fetch(`${app.url}${path}`);
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(headers.get('referrer-policy'), path).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
      expect(headers.get('permissions-policy'), path).toContain('camera=()');
      expect(headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
    }
  });

  it('the callback sends no referrer; auth routes are no-store and vary by cookie; protected pages are no-store', async () => {
    const { jar, callbackUrl } = await signInAttempt();
    const callback = await fetch(callbackUrl, { redirect: 'manual' });
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    const session = await fetch(`${app.url}/auth/session`, { headers: { cookie: jar.header(app.url) } });
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(session.headers.get('vary')).toMatch(/cookie/i);
    const page = await fetch(`${app.url}/dashboard`, { headers: { cookie: jar.header(app.url) } });
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.headers.get('cache-control')).toContain('private');
  });

  // Expected to fail, kept on purpose: Next 16 writes its own Vary (rsc, next-router-state-tree,
  // ...) on App Router pages after next.config's headers, so "Vary: Cookie" never arrives. The
  // pages are "private, no-store" (asserted above), so no shared cache keeps them regardless.
  it.fails('protected pages also send Vary: Cookie', async () => {
    const { jar } = await signInAttempt();
    const page = await fetch(`${app.url}/dashboard`, { headers: { cookie: jar.header(app.url) } });
    expect(page.headers.get('vary')).toMatch(/cookie/i);
  });

  // Expected to fail, kept in the suite on purpose: Next's inline scripts need a per-request
  // nonce, which only proxy.ts can set, and running the proxy on every page costs about a third
  // of the throughput that the refresh-ahead design (and the benchmark issue's target) protects.
  it.fails("a Content-Security-Policy without 'unsafe-inline' scripts, with nonces for Next's scripts", async () => {
    const response = await fetch(`${app.url}/`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src [^;]*'nonce-/);
    expect(csp).not.toMatch(/script-src [^;]*'unsafe-inline'/);
  });
});
