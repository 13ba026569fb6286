import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_API_CLIENT_ID, DEV_API_CLIENT_SECRET, DEV_GOOGLE_CLIENT_ID, DEV_GOOGLE_CLIENT_SECRET } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import { startApp, type App } from '../kit/app-server';
import { get, post, type CookieJar } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { readSessionCookie } from '../kit/sealed-cookies';
import { signIn } from '../kit/sign-in';

/**
 * RFC 7662 in the sample resource server: the Google-shaped issuer hands out opaque access
 * tokens, which the API cannot read; it asks the issuer (as its own client), keeps the answer a
 * short while, and answers as RFC 6750 says.
 */
let idp: DevIdp;
let app: App;
let appUrl: string;
let googleIssuer: string;
const apis: DemoApi[] = [];

async function api(cacheSeconds: number) {
  const started = await startDemoApi({ port: 0, issuer: idp.realms[0]!.settings.issuer, introspection: { issuer: googleIssuer, clientId: DEV_API_CLIENT_ID, clientSecret: DEV_API_CLIENT_SECRET, cacheSeconds } });
  apis.push(started);
  return started;
}

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  googleIssuer = idp.realms[1]!.settings.issuer;
  app = await startApp({ port, appUrl, issuer: idp.realms[0]!.settings.issuer, env: { GOOGLE_ISSUER: googleIssuer, GOOGLE_CLIENT_ID: DEV_GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET: DEV_GOOGLE_CLIENT_SECRET } });
});

afterAll(async () => {
  await Promise.all(apis.map((started) => started.close()));
  await app?.stop();
  await idp?.close();
});

/** Signs in with the Google-shaped provider and returns the session's (opaque) access token. */
async function googleAccessToken(): Promise<{ jar: CookieJar; token: string }> {
  const jar = await signIn(appUrl, 'alice', { provider: 'google' });
  const token = (await readSessionCookie(jar, appUrl)).tokens.accessToken;
  expect(token.split('.')).toHaveLength(1); // opaque: nothing the API could verify by itself
  return { jar, token };
}

const profile = async (target: DemoApi, token: string) => {
  const response = await get(`${target.url}/api/profile`, { headers: { authorization: `Bearer ${token}` }, follow: true });
  return { status: response.status, body: response.json<Record<string, unknown>>(), challenge: response.headers.get('www-authenticate') ?? '' };
};

describe('introspection of opaque access tokens (RFC 7662)', () => {
  it('an active token is accepted, and the answer is kept: two calls, one introspection', async () => {
    const target = await api(30);
    const { token } = await googleAccessToken();
    expect(await profile(target, token)).toMatchObject({ status: 200, body: { subject: expect.any(String), introspected: true } });
    expect((await profile(target, token)).status).toBe(200);
    expect(target.introspections()).toBe(1);
  });

  it('an unknown or revoked token: 401 invalid_token, with the RFC 6750 challenge', async () => {
    const target = await api(30);
    expect(await profile(target, 'not-a-token-the-issuer-knows')).toMatchObject({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    const { jar, token } = await googleAccessToken();
    // Sign-out revokes the grant at the issuer (RFC 7009): its access token is no longer active.
    const logout = await post(`${app.url}/auth/logout`, { cookie: jar.header(appUrl), headers: { 'sec-fetch-site': 'same-origin' } });
    expect(logout.status).toBe(303);
    expect((await profile(target, token)).status).toBe(401);
  });

  it('keeps an answer no longer than its cache allows: a revocation is seen once the entry is gone', async () => {
    const target = await api(1);
    const { jar, token } = await googleAccessToken();
    expect((await profile(target, token)).status).toBe(200);
    await post(`${app.url}/auth/logout`, { cookie: jar.header(appUrl), headers: { 'sec-fetch-site': 'same-origin' } });
    await expect.poll(async () => (await profile(target, token)).status, { timeout: 5000, interval: 250 }).toBe(401);
  });
});
