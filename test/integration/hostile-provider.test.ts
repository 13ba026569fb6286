import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../lib/auth/clock';
import { AUTH_ERROR_STATUS, type AuthErrorCode } from '../../lib/auth/errors';
import { MAX_RETURN_TO_LENGTH } from '../../lib/auth/http/return-to';
import { AUTH_COOKIE_BUDGET, SESSION_COOKIE, seal, sessionCookieWrites } from '../../lib/auth/session';
import { pack } from '../../lib/auth/session/packing';
import { MAX_PENDING_TRANSACTIONS } from '../../lib/auth/session/transaction';
import { startApp, type App } from '../kit/app-server';
import { HostileOp, type Hooks } from '../kit/hostile-op';
import { CookieJar, get, post, request, type Answer, type RequestOptions } from '../kit/http';
import { OPEN_REDIRECT_PAYLOADS } from '../kit/open-redirect-payloads';
import { freePort } from '../kit/ports';
import { appEnv, expiredSessionCookie, readSessionCookie, readTransactionCookie, sessionCookie } from '../kit/sealed-cookies';
import { requestCookies } from '../kit/request-cookies';
import { ANOTHER_SESSION_SECRET } from '../kit/variables';

/**
 * The app against a provider that lies. Every case drives the real routes of the production
 * build over HTTP and asserts: no session, no 5xx, and a clean error with a fixed code.
 */
let op: HostileOp;
let app: App;
let minimal: { op: HostileOp; app: App };
let mixUp: { op: HostileOp; app: App };
let trusting: { op: HostileOp; app: App };
let pinned: { op: HostileOp; app: App };
let unreachable: App;
let closedPort: number;

async function pair(path: string, hooks: Hooks = {}, env: Record<string, string> = {}): Promise<{ op: HostileOp; app: App }> {
  const [opPort, appPort] = [await freePort(), await freePort()];
  const provider = new HostileOp(`http://127.0.0.1:${opPort}${path}`);
  provider.hooks = hooks;
  await provider.start(opPort);
  const instance = await startApp({
    port: appPort,
    appUrl: `http://localhost:${appPort}`,
    issuer: provider.issuer,
    env: { KEYCLOAK_CLIENT_ID: provider.clientId, KEYCLOAK_CLIENT_SECRET: provider.clientSecret, PROVIDER_TIMEOUT: '2', ...env },
  });
  return { op: provider, app: instance };
}

beforeAll(async () => {
  closedPort = await freePort();
  const [main, bare, mixed, down, trusts, pin] = await Promise.all([
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
    // An app configured to trust one more audience beside its own client id.
    pair('/trusting', {}, { KEYCLOAK_TRUSTED_AUDIENCES: 'other-service' }),
    // An app that pins PS256 ID tokens; the provider signs RS256 with the same key.
    pair('/pinned', {}, { KEYCLOAK_ID_TOKEN_ALG: 'PS256' }),
  ]);
  ({ op, app } = main);
  minimal = bare;
  mixUp = mixed;
  unreachable = down;
  trusting = trusts;
  pinned = pin;
});

afterAll(async () => {
  await Promise.all([app, minimal?.app, mixUp?.app, unreachable, trusting?.app, pinned?.app].map((instance) => instance?.stop()));
  await Promise.all([op, minimal?.op, mixUp?.op, trusting?.op, pinned?.op].map((provider) => provider?.stop()));
});

beforeEach(() => op.reset());

/** One hop as a browser with `jar` makes it: its cookies sent, the answer's stored, no redirect followed. */
function send(jar: CookieJar, url: string, options: RequestOptions = {}): Promise<Answer> {
  return request(url, { ...options, jar });
}

/** Start a login, let the provider answer, and return the callback URL it sends the browser to. */
async function authorize(target: App, jar: CookieJar, query = ''): Promise<{ callbackUrl: string; state: string }> {
  const login = await send(jar, `${target.url}/auth/login/keycloak?returnTo=/dashboard${query}`);
  expect(login.status).toBe(303);
  const callbackUrl = (await get(login.location ?? '')).location ?? '';
  return { callbackUrl, state: new URL(login.location ?? '').searchParams.get('state') ?? '' };
}

async function signInAttempt(target = app, jar = new CookieJar(), query = '') {
  const { callbackUrl, state } = await authorize(target, jar, query);
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
    expect(page.status).toBe(AUTH_ERROR_STATUS[code as AuthErrorCode]);
    expect(page.body).not.toContain('hostile');
  }
}

/**
 * POSTs a chunked body of up to `limit` bytes, as fast as the socket takes it. The answer is the
 * status, or 'reset' when the server closed the connection on the unread rest before its 413
 * could be read (TCP discards a response a reset overtakes): a refusal either way.
 */
function streamBody(url: string, headers: Record<string, string>, limit: number): Promise<number | 'reset'> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const request = httpRequest(url, { method: 'POST', headers: { ...headers, connection: 'close' } }, (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      request.destroy();
    });
    request.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve('reset') : reject(error)));
    const chunk = Buffer.alloc(16_384, 'x');
    const pump = () => {
      while (sent < limit && !request.destroyed) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once('drain', pump);
      }
      if (!request.destroyed) request.end();
    };
    pump();
  });
}

const now = nowSeconds;
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
    // OIDC Core 3.1.3.7 step 3: "or if it contains additional audiences not trusted by the Client".
    ['an extra audience the client does not trust, azp this client', claims((c) => ({ ...c, aud: [String(c.aud), 'other-service'], azp: String(c.aud) }))],
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

describe('step-up: the new ID token must show what was asked for (OIDC Core 3.1.2.1)', () => {
  it('asks the provider for max_age and acr_values', async () => {
    await signInAttempt(app, new CookieJar(), '&max_age=60&acr=urn%3Ademo%3Amfa');
    expect(Object.fromEntries(['max_age', 'acr_values'].map((name) => [name, op.authorizationRequests.at(-1)?.get(name)]))).toEqual({ max_age: '60', acr_values: 'urn:demo:mfa' });
  });

  it('an auth_time older than the max_age asked for is refused', async () => {
    op.hooks = claims((c) => ({ ...c, auth_time: now() - 3600 }));
    await expectRefused(await signInAttempt(app, new CookieJar(), '&max_age=60'), 'invalid_response');
  });

  it('no auth_time at all, when max_age was asked for, is refused', async () => {
    await expectRefused(await signInAttempt(app, new CookieJar(), '&max_age=60'), 'invalid_response');
  });

  it('an acr other than the ones asked for is refused with its own page (403)', async () => {
    op.hooks = claims((c) => ({ ...c, acr: 'urn:demo:password' }));
    await expectRefused(await signInAttempt(app, new CookieJar(), '&acr=urn%3Ademo%3Amfa'), 'step_up_failed');
  });

  it.each(['&max_age=-1', '&max_age=abc', '&acr=%3Cscript%3E', `&acr=${'a'.repeat(200)}`])('a malformed step-up (%s) is ignored: a plain sign-in', async (query) => {
    const { callback } = await signInAttempt(app, new CookieJar(), query);
    expect(callback.location).toBe(`${app.url}/dashboard`);
    expect(op.authorizationRequests.at(-1)?.has('max_age')).toBe(false);
    expect(op.authorizationRequests.at(-1)?.has('acr_values')).toBe(false);
  });
});

describe('a pinned ID token algorithm', () => {
  it('refuses an RS256 ID token when the app pins PS256 (no algorithm is taken from the provider)', async () => {
    await expectRefused(await signInAttempt(pinned.app), 'invalid_response', pinned.app);
  });
});

describe('trusted audiences (OIDC Core 3.1.3.7 step 3)', () => {
  const extraAudience = claims((c) => ({ ...c, aud: [String(c.aud), 'other-service'], azp: String(c.aud) }));

  it('an app that trusts the extra audience (KEYCLOAK_TRUSTED_AUDIENCES) accepts it; one more is still refused', async () => {
    trusting.op.hooks = extraAudience;
    const accepted = await signInAttempt(trusting.app);
    expect(accepted.callback.location).toBe(`${trusting.app.url}/dashboard`);
    trusting.op.hooks = claims((c) => ({ ...c, aud: [String(c.aud), 'other-service', 'third-service'], azp: String(c.aud) }));
    await expectRefused(await signInAttempt(trusting.app), 'invalid_response', trusting.app);
    trusting.op.reset();
  });

  it('a refreshed ID token with an untrusted extra audience ends the session', async () => {
    const { jar, callback } = await signInAttempt();
    expect(callback.location).toBe(`${app.url}/dashboard`);
    const cookie = await expiredSessionCookie(jar, app.url);
    op.hooks = extraAudience;
    const response = await get(`${app.url}/auth/session`, { cookie });
    expect(response.status).toBe(401);
    expect(response.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
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
    const response = await get(`${app.url}/auth/session`, { cookie });
    expect(response.status).toBe(401);
    expect(response.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
  }

  it('garbage, a truncated seal, or a seal made with another secret: signed out, cookies cleared', async () => {
    const jar = await signedIn();
    // The cookie as the app wrote it (with server-side sessions, the handle): cut in half, it opens nothing.
    const sealed = jar.get(app.url, SESSION_COOKIE) ?? '';
    await expectSignedOutWith('app_session=garbage');
    await expectSignedOutWith(`app_session=${sealed.slice(0, sealed.length / 2)}`);
    const session = await readSessionCookie(jar, app.url);
    // The product's own seal, configured with a secret the app does not hold (with server-side
    // sessions, stored under the session's id, where the app finds it behind the handle).
    await expectSignedOutWith(await sessionCookie(session, appEnv(app.url, { SESSION_SECRET: ANOTHER_SESSION_SECRET })));
  });

  it('an expired seal, and chunks in the wrong order: signed out, cookies cleared', async () => {
    const jar = await signedIn();
    const session = await readSessionCookie(jar, app.url);
    const env = appEnv(app.url);
    // Packed and sealed as the product does, an hour past its TTL: the seal itself says it expired
    // (the same seal with a TTL ahead opens, so nothing else refuses it).
    expect((await get(`${app.url}/auth/session`, { cookie: `app_session=${await seal(pack(session), env, 3600)}` })).status).toBe(200);
    await expectSignedOutWith(`app_session=${await seal(pack(session), env, -3600)}`);
    // Random bytes do not compress: a session the product writes in three chunks. In its cookie,
    // as cookie mode writes it, and server mode too while the store cannot take a write: an app
    // with server-side sessions opens such cookies as well.
    const big = { ...session, tokens: { ...session.tokens, accessToken: randomBytes(5000).toString('base64url') } };
    const chunks = (await sessionCookieWrites(big, requestCookies(), { ...env, SESSION_STORAGE: 'cookie' }, nowSeconds())).filter((write) => /^app_session(\.\d+)?$/.test(write.name));
    if (chunks.length !== 3) throw new Error(`expected the session in 3 chunks, got ${chunks.length}`);
    const [first, second, third] = chunks.map((chunk) => chunk.value);
    const ok = await get(`${app.url}/auth/session`, { cookie: `app_session=${first}; app_session.1=${second}; app_session.2=${third}` });
    expect(ok.status).toBe(200);
    await expectSignedOutWith(`app_session=${second}; app_session.1=${first}; app_session.2=${third}`);
  });

  it('a huge Cookie header is refused without a 5xx', async () => {
    const response = await get(`${app.url}/dashboard`, { cookie: `app_session=${'x'.repeat(20_000)}` });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('refresh, revocation and outages', () => {
  async function signedInWithExpiredToken(): Promise<string> {
    const { jar, callback } = await signInAttempt();
    expect(callback.location).toBe(`${app.url}/dashboard`);
    return expiredSessionCookie(jar, app.url);
  }

  it.each<[string, Hooks]>([
    ['a refreshed ID token for another subject', { idTokenClaims: (c) => ({ ...c, sub: 'someone-else' }) }],
    ['a refreshed ID token with a bad signature', { idTokenSigning: 'bad-signature' }],
    ['a refresh answered with invalid_grant', { refreshResponse: () => ({ status: 400, contentType: 'application/json', body: '{"error":"invalid_grant"}' }) }],
  ])('%s ends the session: 401, cookies cleared', async (_name, hooks) => {
    const cookie = await signedInWithExpiredToken();
    op.hooks = hooks;
    const response = await get(`${app.url}/auth/session`, { cookie });
    expect(response.status).toBe(401);
    expect(response.setCookie).toEqual(expect.arrayContaining([expect.stringMatching(/^app_session=;.*Max-Age=0/i)]));
  });

  it('a refresh answered with 500 keeps the cookies and says the provider is unavailable (503)', async () => {
    const cookie = await signedInWithExpiredToken();
    op.hooks = { refreshResponse: () => ({ status: 500, contentType: 'text/plain', body: 'down' }) };
    const response = await get(`${app.url}/auth/session`, { cookie });
    expect(response.status).toBe(503);
    expect(response.setCookie.filter((line) => line.startsWith('app_session='))).toEqual([]);
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
      const transaction = await readTransactionCookie(jar, app.url, state);
      expect(transaction, payload).not.toBeNull();
      expect(transaction!.returnTo.startsWith('/') && !transaction!.returnTo.startsWith('//'), payload).toBe(true);
      expect(new URL(transaction!.returnTo, app.url).origin, payload).toBe(app.url);
    }
  });

  it('a cookie bomb through pending logins: twelve logins with the longest returnTo, then sign-in still works', async () => {
    const jar = new CookieJar();
    const longest = `/${'a'.repeat(MAX_RETURN_TO_LENGTH - 1)}`;
    for (let attempt = 0; attempt < 12; attempt++) {
      const login = await send(jar, `${app.url}/auth/login/keycloak?returnTo=${encodeURIComponent(longest)}`);
      expect(login.status).toBe(303);
    }
    const header = jar.header(app.url);
    const pending = header.split('; ').filter((pair) => pair.startsWith('app_txn.'));
    expect(pending).toHaveLength(MAX_PENDING_TRANSACTIONS);
    console.log(`[measure] after 12 hostile logins: ${pending.length} pending, Cookie header ${header.length} B`);
    expect(header.length).toBeLessThanOrEqual(AUTH_COOKIE_BUDGET);
    // And a 2,000-character returnTo (over the cap) falls back to "/" rather than grow the cookie.
    const overlong = await send(jar, `${app.url}/auth/login/keycloak?returnTo=${encodeURIComponent(`/${'b'.repeat(2000)}`)}`);
    const state = new URL(overlong.location ?? '').searchParams.get('state');
    expect((await readTransactionCookie(jar, app.url, state))?.returnTo).toBe('/');
    const { callback } = await signInAttempt(app, jar);
    expect(callback.location).toBe(`${app.url}/dashboard`);
    const page = await send(jar, `${app.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(jar.header(app.url).length).toBeLessThanOrEqual(AUTH_COOKIE_BUDGET);
  });

  it.each([
    ['sign-out', '/auth/logout'],
    ['back-channel logout', '/auth/backchannel-logout/keycloak'],
  ])('%s refuses a large body by Content-Length, and a streamed one past the cap, with 413', async (_name, path) => {
    const headers = { origin: app.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
    const declared = await post(`${app.url}${path}`, { headers, body: `logout_token=${'x'.repeat(200_000)}` });
    expect(declared.status).toBe(413);
    // No Content-Length: a chunked body that keeps coming is cut off at the cap.
    for (let attempt = 0; attempt < 3; attempt++) expect([413, 'reset']).toContain(await streamBody(`${app.url}${path}`, headers, 4 * 1024 * 1024));
    // And the server is none the worse for it.
    expect((await get(`${app.url}/`, { follow: true })).status).toBe(200);
  });

  it('state-changing routes refuse cross-site requests', async () => {
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, {}];
    for (const headers of attempts) {
      const response = await post(`${app.url}/auth/logout`, { headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
    }
  });
});

describe('response headers', () => {
  it('every response: nosniff, frame-ancestors none, referrer policy, permissions policy, HSTS', async () => {
    for (const path of ['/', '/auth/error?code=access_denied', '/auth/session']) {
      const { headers } = await get(`${app.url}${path}`, { follow: true });
      expect(headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(headers.get('referrer-policy'), path).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
      expect(headers.get('permissions-policy'), path).toContain('camera=()');
      expect(headers.get('strict-transport-security'), path).toMatch(/^max-age=\d+/);
    }
  });

  it('the callback sends no referrer; auth routes are no-store and vary by cookie; protected pages are no-store', async () => {
    const { jar, callbackUrl } = await signInAttempt();
    const callback = await get(callbackUrl);
    expect(callback.headers.get('referrer-policy')).toBe('no-referrer');
    expect(callback.headers.get('cache-control')).toBe('no-store');
    const session = await get(`${app.url}/auth/session`, { cookie: jar.header(app.url), follow: true });
    expect(session.headers.get('cache-control')).toBe('no-store');
    expect(session.headers.get('vary')).toMatch(/cookie/i);
    const page = await get(`${app.url}/dashboard`, { cookie: jar.header(app.url), follow: true });
    expect(page.headers.get('cache-control')).toContain('no-store');
    expect(page.headers.get('cache-control')).toContain('private');
  });

  it('pages that show the session are never stored by any cache, so Vary: Cookie is not needed (Next writes its own Vary)', async () => {
    const { jar } = await signInAttempt();
    for (const path of ['/', '/dashboard', '/auth/error?code=access_denied']) {
      const page = await get(`${app.url}${path}`, { cookie: jar.header(app.url), follow: true });
      expect(page.headers.get('cache-control'), path).toMatch(/private/);
      expect(page.headers.get('cache-control'), path).toMatch(/no-store/);
    }
  });
});

describe('script Content-Security-Policy with nonces', () => {
  const documentRequest = { 'sec-fetch-dest': 'document', accept: 'text/html' };
  const nonceOf = (policy: string | null) => /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy ?? '')?.[1];
  const scriptTags = (html: string) => [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0]);

  it('every script of every page carries the nonce of its own response, and the nonces differ', async () => {
    const { jar } = await signInAttempt();
    const nonces = new Set<string>();
    for (const [path, cookie] of [['/', ''], ['/dashboard', jar.header(app.url)], ['/admin', jar.header(app.url)], ['/auth/error?code=access_denied', ''], ['/no-such-page', '']] as const) {
      const response = await get(`${app.url}${path}`, { headers: documentRequest, cookie });
      const policy = response.headers.get('content-security-policy');
      const nonce = nonceOf(policy);
      expect(nonce, `${path}: ${policy}`).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(policy).not.toMatch(/script-src [^;]*'unsafe-(inline|eval)'/);
      expect(policy).toMatch(/object-src 'none'/);
      expect(policy).toMatch(/base-uri 'none'/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      expect(policy).toMatch(new RegExp(`form-action 'self' ${op.issuer.replace(/\/hostile$/, '')}(;|$)`));
      const scripts = scriptTags(response.body);
      expect(scripts.length, path).toBeGreaterThan(0);
      for (const script of scripts) expect(script, path).toContain(`nonce="${nonce}"`);
      nonces.add(nonce as string);
    }
    expect(nonces.size).toBe(5);
  });

  it('browsers without Fetch Metadata get the policy through Accept: text/html', async () => {
    const response = await get(`${app.url}/`, { headers: { accept: 'text/html,application/xhtml+xml' }, follow: true });
    expect(nonceOf(response.headers.get('content-security-policy'))).toBeDefined();
  });

  it('RSC and data requests do not run the proxy for a nonce', async () => {
    const rsc = await get(`${app.url}/`, { headers: { rsc: '1', 'sec-fetch-dest': 'empty', accept: '*/*' }, follow: true });
    expect(rsc.headers.get('content-security-policy')).toBe("frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
  });

  it('a reverse proxy that supplies the nonce (a Content-Security-Policy request header) is left to it', async () => {
    const response = await get(`${app.url}/`, { headers: { ...documentRequest, 'content-security-policy': "script-src 'nonce-UpstreamNonce0123456789==' 'strict-dynamic'" }, follow: true });
    for (const script of scriptTags(response.body)) expect(script).toContain('nonce="UpstreamNonce0123456789=="');
    // The app added no policy of its own: that header is the reverse proxy's to send.
    expect(nonceOf(response.headers.get('content-security-policy'))).toBeUndefined();
  });
});

describe('the error page', () => {
  it.each([
    ['access_denied', 403],
    ['login_expired', 400],
    ['unknown_provider', 404],
    ['invalid_response', 502],
    ['provider_unavailable', 503],
    ['no-such-code', 400],
  ])('answers ?code=%s with HTTP %i and its fixed copy', async (code, status) => {
    for (const headers of [{ 'sec-fetch-dest': 'document' }, {}] as Record<string, string>[]) {
      const response = await get(`${app.url}/auth/error?code=${code}`, { headers, follow: true });
      expect(response.status, JSON.stringify(headers)).toBe(status);
      expect(response.body).toContain('data-testid="auth-error"');
    }
  });
});
