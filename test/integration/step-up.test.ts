import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import type { DevIdp } from '../../dev/local-provider/server';
import { nowSeconds } from '../../lib/auth/clock';
import { startApp, type App } from '../kit/app-server';
import { get, post, type CookieJar } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { SAME_ORIGIN_FETCH } from '../kit/same-origin';
import { sessionCookieWith } from '../kit/sealed-cookies';
import { LOCAL_PROVIDER_LOGIN, loginFormAction, signIn } from '../kit/sign-in';

/**
 * Step-up (OIDC Core 3.1.2.1 max_age, RFC 9470): an API that needs a recent sign-in says so,
 * the app turns its challenge into a sign-in link, the provider asks for the password again,
 * and the new session meets the requirement (the old one ends).
 */
const RECENT = 2;
let idp: DevIdp;
let api: DemoApi;
let app: App;
let appUrl: string;

beforeAll(async () => {
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  const issuer = idp.realms[0]!.settings.issuer;
  api = await startDemoApi({ port: 0, issuer, recentSignInSeconds: RECENT });
  app = await startApp({ port, appUrl, issuer, env: { DEMO_API_URL: api.url } });
});

afterAll(async () => {
  await app?.stop();
  await api?.close();
  await idp?.close();
});

async function transfers(jar: CookieJar): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await get(`${app.url}/api/transfers`, { cookie: jar.header(appUrl), headers: SAME_ORIGIN_FETCH, follow: true });
  return { status: response.status, body: response.json<Record<string, unknown>>() };
}

describe('step-up from an API challenge (RFC 9470)', () => {
  it('401 step_up_required with a sign-in link once the sign-in is too old; through it, 200 again', async () => {
    const jar = await signIn(appUrl, 'alice');
    expect((await transfers(jar)).status).toBe(200);
    // Wait for the condition (the sign-in getting older than the API allows), bounded.
    await expect.poll(async () => (await transfers(jar)).status, { timeout: (RECENT + 5) * 1000, interval: 250 }).toBe(401);
    const challenge = await transfers(jar);
    expect(challenge.body).toEqual({ error: 'step_up_required', signIn: `/auth/login/keycloak?max_age=${RECENT}` });
    const before = jar.header(appUrl);

    // The provider still has alice's session, but max_age makes it ask for the password again.
    const login = await get(`${app.url}${String(challenge.body.signIn)}&returnTo=%2Fdashboard`, { jar, follow: true });
    expect(new URL(login.url).pathname).toMatch(/\/interaction\/[\w-]+$/);
    const done = await post(loginFormAction(login), { jar, form: LOCAL_PROVIDER_LOGIN.fields('alice'), follow: true });
    expect(new URL(done.url).pathname).toBe('/dashboard');
    expect((await transfers(jar)).status).toBe(200);
    // The session the step-up replaced is over: a copy of its cookie no longer works.
    expect((await get(`${app.url}/auth/session`, { cookie: before, follow: true })).status).toBe(401);
  });

  it('a page that needs a recent sign-in (5 minutes) sends an older session through the provider with max_age', async () => {
    const jar = await signIn(appUrl, 'bob');
    const fresh = await get(`${app.url}/transfers`, { cookie: jar.header(appUrl) });
    expect(fresh.status).toBe(200);
    expect(fresh.body).toContain('data-testid="transfers"');
    // The same session, signed in ten minutes ago.
    const older = await sessionCookieWith(jar, appUrl, (session) => ({ ...session, authTime: nowSeconds() - 600 }));
    const stale = await get(`${app.url}/transfers`, { cookie: older });
    expect(stale.status).toBe(307);
    expect(stale.location).toBe('/auth/login/keycloak?returnTo=%2Ftransfers&max_age=300');
  });
});
