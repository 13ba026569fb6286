import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientCredentialsGrant, exchangeToken } from '../../lib/auth/oidc';
import { findProvider, type ProviderConfig } from '../../lib/auth/config/providers';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE, DEV_CLI_CLIENT_ID, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { TOKEN_EXCHANGE_GRANT } from '../../dev/local-provider/token-exchange';
import { startApp, type App } from '../kit/app-server';
import { answerDeviceCode } from '../kit/device-code';
import { testEnv } from '../kit/env';
import { get, post, type CookieJar } from '../kit/http';
import { refreshCount, startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { expiredSessionCookie } from '../kit/sealed-cookies';
import { signIn } from '../kit/sign-in';

/**
 * The BFF calling APIs, over HTTP against the production build, the local provider and the
 * sample resource server: which token goes where, and what the browser gets back.
 */
let idp: DevIdp;
let api: DemoApi;
let app: App;
let issuer: string;

beforeAll(async () => {
  const port = await freePort();
  const appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  issuer = idp.realms[0]!.settings.issuer;
  api = await startDemoApi({ port: 0, issuer });
  app = await startApp({ port, appUrl, issuer, env: { DEMO_API_URL: api.url } });
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
  await idp?.close();
});

/** What the dashboard's fetch sends: the cookie, the X-CSRF header, and Fetch Metadata. */
async function callBff(path: string, cookie: string, headers: Record<string, string> = SAME_ORIGIN_FETCH) {
  const response = await get(`${app.url}${path}`, { cookie, headers });
  return { status: response.status, type: response.headers.get('content-type'), cacheControl: response.headers.get('cache-control'), setCookie: response.setCookie, body: response.json<Record<string, unknown>>() };
}

const cookieOf = (jar: CookieJar) => jar.header(app.url);
const grants = (type: string) => idp.stats.demo.grants[type] ?? 0;
const downstreamCalls = () => Object.values(api.stats.requests).reduce((sum, count) => sum + count, 0);

describe('BFF API routes', () => {
  it("return the downstream API's data for the signed-in user, with no token in the answer", async () => {
    const jar = await signIn(app.url, 'alice');
    const result = await callBff('/api/me', cookieOf(jar));
    expect(result.status).toBe(200);
    expect(result.cacheControl).toBe('no-store');
    expect(result.body).toMatchObject({ service: 'demo-api', username: 'alice', roles: ['admin', 'user'], client: DEV_CLIENT_ID });
    expect(JSON.stringify(result.body)).not.toMatch(/eyJ/);
  });

  it('answer 401 JSON (not a redirect) when signed out, without calling the API', async () => {
    const before = downstreamCalls();
    for (const path of ['/api/me', '/api/invoices', '/api/service-status']) {
      const result = await callBff(path, '');
      expect(result).toMatchObject({ status: 401, body: { error: 'unauthorized' } });
      expect(result.type).toMatch(/application\/json/);
    }
    expect(downstreamCalls()).toBe(before);
  });

  it('pass the downstream status through: 403 from the resource server when the role is missing', async () => {
    const bob = await signIn(app.url, 'bob');
    expect(await callBff('/api/reports', cookieOf(bob))).toMatchObject({ status: 403, body: { error: 'insufficient_scope', error_description: 'requires the admin role' } });
    const alice = await signIn(app.url, 'alice');
    expect((await callBff('/api/reports', cookieOf(alice))).status).toBe(200);
  });

  it('refuse cross-site requests and requests without X-CSRF, before the API is called', async () => {
    const cookie = cookieOf(await signIn(app.url, 'alice'));
    const before = downstreamCalls();
    const refusals: [Record<string, string>, string][] = [
      [{ 'x-csrf': '1', 'sec-fetch-site': 'cross-site' }, 'cross_site_request'],
      [{ 'x-csrf': '1', origin: 'https://evil.example' }, 'cross_site_request'],
      [{ 'x-csrf': '1' }, 'cross_site_request'],
      [{ 'sec-fetch-site': 'same-origin' }, 'csrf_header_required'],
    ];
    for (const [headers, error] of refusals) expect(await callBff('/api/me', cookie, headers), JSON.stringify(headers)).toMatchObject({ status: 403, body: { error } });
    expect(downstreamCalls()).toBe(before);
  });

  it('refresh an expired access token before calling, and send the new session cookie back', async () => {
    const jar = await signIn(app.url, 'alice');
    const before = refreshCount(idp);
    const result = await callBff('/api/me', await expiredSessionCookie(jar, app.url));
    expect(result.status).toBe(200);
    expect(refreshCount(idp) - before).toBe(1);
    expect(result.setCookie.some((line) => line.startsWith('app_session='))).toBe(true);
  });

  it("exchange the user's token for the billing audience (RFC 8693), once per token", async () => {
    const cookie = cookieOf(await signIn(app.url, 'bob'));
    const before = grants(TOKEN_EXCHANGE_GRANT);
    const first = await callBff('/api/invoices', cookie);
    expect(first).toMatchObject({ status: 200, body: { service: 'billing', invoices: expect.any(Array) } });
    expect((await callBff('/api/invoices', cookie)).status).toBe(200);
    expect(grants(TOKEN_EXCHANGE_GRANT) - before).toBe(1);
  });

  it("call with the app's own service token (client credentials), fetched once for concurrent callers", async () => {
    const cookie = cookieOf(await signIn(app.url, 'bob'));
    const before = grants('client_credentials');
    const results = await Promise.all(Array.from({ length: 10 }, () => callBff('/api/service-status', cookie)));
    for (const result of results) expect(result).toMatchObject({ status: 200, body: { status: 'ok', caller: DEV_CLIENT_ID, user: null } });
    expect(grants('client_credentials') - before).toBe(1);
  });
});

describe('client credentials and token exchange tokens at the resource server', () => {
  // The app's own preset, configured as the app under test is.
  const env = () => testEnv({ KEYCLOAK_ISSUER: issuer, KEYCLOAK_CLIENT_ID: DEV_CLIENT_ID, KEYCLOAK_CLIENT_SECRET: DEV_CLIENT_SECRET });
  const provider = (): ProviderConfig => findProvider(env(), 'keycloak')!;
  const status = async (path: string, token: string) => (await get(`${api.url}${path}`, { headers: { authorization: `Bearer ${token}` }, follow: true })).status;

  it('a service token is accepted by the API it names and refused by another audience', async () => {
    const { accessToken } = await clientCredentialsGrant(provider(), env(), { resource: DEMO_API_AUDIENCE, scope: 'api:service' });
    expect(await status('/api/status', accessToken)).toBe(200);
    expect(await status('/billing/invoices', accessToken)).toBe(401);
    // No user behind it: user endpoints refuse it too.
    expect(await status('/api/me', accessToken)).toBe(403);
  });

  it('an exchanged token is accepted by the billing service and refused by the demo API', async () => {
    await signIn(app.url, 'alice');
    const userToken = idp.stats.demo.lastIssued.access_token!;
    const { accessToken } = await exchangeToken(provider(), env(), userToken, { audience: BILLING_API_AUDIENCE, scope: 'billing:read' });
    expect(await status('/billing/invoices', accessToken)).toBe(200);
    expect(await status('/api/me', accessToken)).toBe(401);
    // The user's own token never opens the billing service.
    expect(await status('/billing/invoices', userToken)).toBe(401);
  });

  /** A demo-API token of alice's issued to another client: the device-login CLI's. */
  async function cliToken(): Promise<string> {
    const call = async (path: string, form: Record<string, string>) => (await post(`${issuer}${path}`, { form, follow: true })).json<Record<string, string>>();
    const device = await call('/device/auth', { client_id: DEV_CLI_CLIENT_ID, scope: 'openid' });
    await answerDeviceCode(device.verification_uri_complete!, { approveAs: 'alice' });
    const tokens = await call('/token', { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', client_id: DEV_CLI_CLIENT_ID, device_code: device.device_code! });
    return tokens.access_token!;
  }

  it('the provider refuses to exchange a service token, a token of another client, or for an unknown audience', async () => {
    const foreign = await cliToken();
    expect(await status('/api/me', foreign)).toBe(200);
    await expect(exchangeToken(provider(), env(), foreign, { audience: BILLING_API_AUDIENCE, scope: 'billing:read' })).rejects.toMatchObject({ error: 'invalid_grant' });
    const { accessToken: serviceToken } = await clientCredentialsGrant(provider(), env(), { resource: DEMO_API_AUDIENCE, scope: 'api:service' });
    await expect(exchangeToken(provider(), env(), serviceToken, { audience: BILLING_API_AUDIENCE, scope: 'billing:read' })).rejects.toMatchObject({ error: 'invalid_grant' });
    await signIn(app.url, 'alice');
    const userToken = idp.stats.demo.lastIssued.access_token!;
    await expect(exchangeToken(provider(), env(), userToken, { audience: 'urn:demo:unknown', scope: 'billing:read' })).rejects.toMatchObject({ error: 'invalid_target' });
    await expect(exchangeToken(provider(), env(), userToken, { audience: BILLING_API_AUDIENCE, scope: 'api:service' })).rejects.toMatchObject({ error: 'invalid_scope' });
    await expect(exchangeToken(provider(), env(), `${userToken.slice(0, -4)}AAAA`, { audience: BILLING_API_AUDIENCE, scope: 'billing:read' })).rejects.toMatchObject({ error: 'invalid_grant' });
  });
});
