import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { SignJWT, calculateJwkThumbprint, decodeJwt, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import { DEV_CLIENT_ID, DEV_FAPI_CLIENT_ID } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { nowSeconds } from '../../lib/auth/clock';
import { startApp, type App } from '../kit/app-server';
import { CookieJar, get, post } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { expiredSessionCookie, readSessionCookie } from '../kit/sealed-cookies';
import { HANDLE_COOKIE_BYTES } from '../kit/session-storage';
import { LOCAL_PROVIDER_LOGIN, loginFormAction } from '../kit/sign-in';
import { SERVER_SESSIONS } from '../kit/variables';

/**
 * The high-security profile against the local provider's FAPI-shaped client (PAR required,
 * private_key_jwt from the app's JWKS URL, DPoP-bound tokens with server nonces, PS256 ID
 * tokens), and the sample API checking DPoP proofs.
 */
const jwk = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) => key.export({ format: 'jwk' });
// Newest first: an ES256 key signs, an older RSA key is still published (a rotation in progress).
const newest = jwk(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
const older = jwk(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey);
const CLIENT_SIGNING_KEYS = JSON.stringify({ keys: [newest, older] });

let idp: DevIdp;
let api: DemoApi;
let app: App;
let appUrl: string;

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  const issuer = idp.realms[0]!.settings.issuer;
  api = await startDemoApi({ port: 0, issuer, requireDPoPNonce: true });
  // The generic preset as the FAPI-shaped client (as in the e2e suite); the Keycloak preset stays demo-app.
  app = await startApp({ port, appUrl, issuer, env: { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: DEV_FAPI_CLIENT_ID, OIDC_PROFILE: 'high-security', CLIENT_SIGNING_KEYS, DEMO_API_URL: api.url } });
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
  await idp?.close();
});

const stats = () => idp.stats.demo;

/** Signs in through the app, the provider's login form and back, as a browser would. */
async function signIn(username = 'alice'): Promise<{ jar: CookieJar; authorizationUrl: URL; ms: number }> {
  const jar = new CookieJar();
  const started = performance.now();
  const login = await get(`${app.url}/auth/login/oidc?returnTo=/dashboard`, { jar });
  const authorizationUrl = new URL(login.location ?? '');
  const page = await get(authorizationUrl.href, { jar, follow: true });
  const done = await post(loginFormAction(page), { jar, form: LOCAL_PROVIDER_LOGIN.fields(username), follow: true });
  expect(new URL(done.url).pathname).toBe('/dashboard');
  expect(done.status).toBe(200);
  return { jar, authorizationUrl, ms: performance.now() - started };
}

describe('PAR (RFC 9126)', () => {
  it('the browser URL carries only client_id and a request_uri, a new one per sign-in', async () => {
    const before = stats().pushedRequests;
    const first = await signIn();
    const second = await signIn('bob');
    for (const { authorizationUrl } of [first, second]) expect([...authorizationUrl.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
    expect(first.authorizationUrl.searchParams.get('request_uri')).not.toBe(second.authorizationUrl.searchParams.get('request_uri'));
    expect(stats().pushedRequests - before).toBe(2);
  });
});

describe('private_key_jwt (RFC 7523)', () => {
  it('publishes every key, newest first, without private parts, cacheable', async () => {
    const response = await get(`${app.url}/auth/jwks`, { follow: true });
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { keys } = response.json<{ keys: JWK[] }>();
    expect(keys.map((key) => [key.kty, key.alg])).toEqual([['EC', 'ES256'], ['RSA', 'PS256']]);
    expect(keys.every((key) => !('d' in key) && key.use === 'sig' && typeof key.kid === 'string')).toBe(true);
  });

  it('authenticates every token request with an assertion signed by the newest key', async () => {
    const before = stats().clientAuthentications.length;
    const { jar } = await signIn();
    const cookie = await expiredSessionCookie(jar, appUrl);
    expect((await get(`${app.url}/auth/session`, { cookie, follow: true })).status).toBe(200);
    const used = stats().clientAuthentications.slice(before);
    expect(used.length).toBeGreaterThanOrEqual(2); // the code, then the refresh
    const { keys } = (await get(`${app.url}/auth/jwks`, { follow: true })).json<{ keys: JWK[] }>();
    expect(used.every((entry) => entry.method === 'private_key_jwt' && entry.kid === keys[0]?.kid)).toBe(true);
  });
});

describe('DPoP (RFC 9449)', () => {
  it('binds the session\'s tokens to a key kept only in the sealed session, after one nonce retry', async () => {
    const challengesBefore = stats().dpopNonceChallenges;
    const { jar } = await signIn();
    const session = await readSessionCookie(jar, appUrl);
    expect(session.tokens.type).toBe('DPoP');
    expect(session.dpop).toMatchObject({ kty: 'EC', crv: 'P-256' });
    const claims = decodeJwt(session.tokens.accessToken as string) as { cnf?: { jkt?: string } };
    expect(claims.cnf?.jkt).toBe(await calculateJwkThumbprint(session.dpop as JWK));
    // The provider asked for its nonce once; the app answered with one retry.
    expect(stats().dpopNonceChallenges - challengesBefore).toBe(1);
    // PS256 ID token, as the profile pins.
    expect(decodeProtectedHeader(session.tokens.idToken as string).alg).toBe('PS256');
    // Nothing of the key reaches the browser: the cookie is sealed, and no page shows it.
    expect(jar.header(appUrl)).not.toContain(String(session.dpop?.d));
  });

  it('calls the API with a proof: 200 through the BFF, after one retry for the API\'s nonce', async () => {
    const { jar } = await signIn();
    const before = api.stats.requests['/api/me'] ?? 0;
    const response = await get(`${app.url}/api/me`, { cookie: jar.header(appUrl), headers: SAME_ORIGIN_FETCH, follow: true });
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ service: 'demo-api', username: 'alice' });
    expect((api.stats.requests['/api/me'] ?? 0) - before).toBe(2);
  });

  // The service token (client credentials) comes from the API table's provider, the Keycloak
  // preset here (demo-app); the real Keycloak suite runs it as the high-security client.
  it('exchanges the session\'s token with a proof: a client whose tokens must be DPoP-bound needs one on every grant', async () => {
    const { jar } = await signIn();
    const exchanges = () => stats().grants['urn:ietf:params:oauth:grant-type:token-exchange'] ?? 0;
    const before = exchanges();
    const response = await get(`${app.url}/api/invoices`, { cookie: jar.header(appUrl), headers: SAME_ORIGIN_FETCH });
    // The provider refuses the exchange without a proof; the API refuses a bound token without one.
    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ service: 'billing' });
    expect(exchanges() - before).toBe(1);
  });

  it('refreshes with a proof: the new tokens are bound to the same key', async () => {
    const { jar } = await signIn();
    const before = await readSessionCookie(jar, appUrl);
    const response = await get(`${app.url}/auth/session`, { cookie: await expiredSessionCookie(jar, appUrl), follow: true });
    expect(response.status).toBe(200);
    const renewed = new CookieJar();
    renewed.store(appUrl, response.setCookie);
    const after = await readSessionCookie(renewed, appUrl);
    expect(after.tokens.accessToken).not.toBe(before.tokens.accessToken);
    expect(after.tokens.type).toBe('DPoP');
    expect((decodeJwt(after.tokens.accessToken as string) as { cnf?: { jkt?: string } }).cnf?.jkt).toBe(await calculateJwkThumbprint(before.dpop as JWK));
  });

  describe('a stolen access token, and forged or replayed proofs, are refused by the API', () => {
    let token: string;
    let key: JWK;
    const url = () => `${api.url}/api/me`;
    const proof = async (overrides: { htm?: string; htu?: string; ath?: string; iat?: number; nonce?: string } = {}) =>
      new SignJWT({ jti: randomUUID(), htm: overrides.htm ?? 'GET', htu: overrides.htu ?? url(), iat: overrides.iat ?? nowSeconds(), ath: overrides.ath ?? createHash('sha256').update(token).digest('base64url'), ...(overrides.nonce && { nonce: overrides.nonce }) })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: key.kty, crv: key.crv, x: key.x, y: key.y } })
        .sign(await importJWK(key, 'ES256'));
    const call = async (authorization: string, dpop?: string) => {
      const response = await get(url(), { headers: { authorization, ...(dpop && { dpop }) }, follow: true });
      return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '', nonce: response.headers.get('dpop-nonce') ?? '' };
    };

    beforeAll(async () => {
      const { jar } = await signIn();
      const session = await readSessionCookie(jar, appUrl);
      token = session.tokens.accessToken as string;
      key = session.dpop as JWK;
    });

    it('the token alone, as a Bearer token or under DPoP without a proof', async () => {
      expect(await call(`Bearer ${token}`)).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
      expect(await call(`DPoP ${token}`)).toMatchObject({ status: 401, challenge: expect.stringMatching(/^DPoP .*error="invalid_dpop_proof"/) });
    });

    it('a proof from another key, for another URL or method, for another token, or too old', async () => {
      const { nonce } = await call(`DPoP ${token}`, await proof());
      const other = (await import('node:crypto')).generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
      const stranger = await new SignJWT({ jti: randomUUID(), htm: 'GET', htu: url(), iat: nowSeconds(), ath: createHash('sha256').update(token).digest('base64url'), nonce })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x: other.x, y: other.y } })
        .sign(await importJWK(other as JWK, 'ES256'));
      expect((await call(`DPoP ${token}`, stranger)).challenge).toContain('not bound to the key');
      expect((await call(`DPoP ${token}`, await proof({ htu: `${api.url}/api/reports`, nonce }))).challenge).toContain('another URL');
      expect((await call(`DPoP ${token}`, await proof({ htm: 'POST', nonce }))).challenge).toContain('another method');
      expect((await call(`DPoP ${token}`, await proof({ ath: 'x'.repeat(43), nonce }))).challenge).toContain('another access token');
      expect((await call(`DPoP ${token}`, await proof({ iat: nowSeconds() - 600, nonce }))).challenge).toContain('too old');
    });

    it('a proof used twice: the first call answers, the replay is refused', async () => {
      const { nonce } = await call(`DPoP ${token}`, await proof());
      const once = await proof({ nonce });
      expect((await call(`DPoP ${token}`, once)).status).toBe(200);
      expect((await call(`DPoP ${token}`, once)).challenge).toContain('used before');
    });
  });
});

describe('measured', () => {
  let standard: App;
  beforeAll(async () => {
    // The standard profile beside it: same provider, same realm, the plain confidential client.
    standard = await startApp({ port: await freePort(), appUrl, issuer: idp.realms[0]!.settings.issuer, env: { DEMO_API_URL: api.url } });
  });
  afterAll(async () => standard?.stop());

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

  /** The callback (code exchange, with PAR, the assertion and the DPoP nonce retry) and a refresh, timed on the app. */
  async function timings(target: App, providerId: string, clientId: string): Promise<{ start: number; callback: number; refresh: number; bytes: number }> {
    const starts: number[] = [];
    const callbacks: number[] = [];
    const refreshes: number[] = [];
    let bytes = 0;
    const isCallback = (url: string) => url.includes('/auth/callback/');
    for (let round = 0; round < 5; round++) {
      const jar = new CookieJar();
      const first = await get(`${target.url}/auth/login/${providerId}?returnTo=/dashboard`, { jar });
      starts.push(first.ms);
      const login = await get(first.location ?? '', { jar, follow: true });
      // Up to the redirect to the app's callback (the realm names appUrl): that one is timed below, at `target`.
      const form = await post(loginFormAction(login), { jar, form: LOCAL_PROVIDER_LOGIN.fields('alice'), follow: 5, stopBefore: isCallback });
      const next = new URL(form.location ?? '', form.url).href;
      if (!isCallback(next)) throw new Error(`the provider sent ${next}, not the app's callback`);
      const callback = await get(next.replace(appUrl, target.url), { cookie: jar.header(target.url) });
      callbacks.push(callback.ms);
      jar.store(appUrl, callback.setCookie);
      expect(callback.status, clientId).toBe(303);
      bytes = jar.header(appUrl).split('; ').filter((pair) => pair.startsWith('app_session')).join('; ').length;
      const refresh = await get(`${target.url}/auth/session`, { cookie: await expiredSessionCookie(jar, appUrl), follow: true });
      expect(refresh.status).toBe(200);
      refreshes.push(refresh.ms);
    }
    return { start: median(starts), callback: median(callbacks), refresh: median(refreshes), bytes };
  }

  it('reports the session cookies with the profile on, and the added time of a sign-in and a refresh', async () => {
    const plain = await timings(standard, 'keycloak', DEV_CLIENT_ID);
    const secured = await timings(app, 'oidc', DEV_FAPI_CLIENT_ID);
    console.log(
      `[measure] session cookies: standard ${plain.bytes} B, high-security ${secured.bytes} B; medians of 5 on loopback: login start (PAR) ${plain.start.toFixed(1)} → ${secured.start.toFixed(1)} ms, callback ${plain.callback.toFixed(1)} → ${secured.callback.toFixed(1)} ms, refresh ${plain.refresh.toFixed(1)} → ${secured.refresh.toFixed(1)} ms`,
    );
    expect(secured.bytes).toBeLessThan(8000);
    // With server-side sessions the cookies name the session and carry nothing of it, however large.
    if (SERVER_SESSIONS) expect(Math.max(plain.bytes, secured.bytes)).toBeLessThanOrEqual(HANDLE_COOKIE_BYTES);
  });
});

describe('back-channel logout (OIDC Back-Channel Logout 1.0)', () => {
  it('takes the provider\'s PS256 logout token: alg is pinned as for ID tokens (2.6 step 3)', async () => {
    const { jar } = await signIn('dave');
    expect((await get(`${app.url}/auth/session`, { cookie: jar.header(appUrl) })).status).toBe(200);
    const delivered = stats().backchannel.delivered;
    const idpOrigin = idp.realms[0]!.settings.issuer.replace(/\/realms\/demo$/, '');
    expect((await post(`${idpOrigin}/__dev/logout?username=dave`)).status).toBe(200);
    expect(stats().backchannel.delivered - delivered).toBe(1);
    expect((await get(`${app.url}/auth/session`, { cookie: jar.header(appUrl) })).status).toBe(401);
  });
});
