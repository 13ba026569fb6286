import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../dev/local-provider/server';
import { startApp, type App } from '../kit/app-server';
import { CookieJar, get, post } from '../kit/http';
import { startIdp } from '../kit/local-provider';
import { freePort } from '../kit/ports';
import { expiredSessionCookie } from '../kit/sealed-cookies';
import { LOCAL_PROVIDER_LOGIN, loginFormAction, signIn } from '../kit/sign-in';
import { waitFor } from '../kit/wait';
import { startCollector, type Collector } from '../kit/otel-collector';

/**
 * The team's extension points: sign-in and sign-out hooks (app/auth-hooks.ts), the audit log
 * (one JSON line per event, never a token) and OpenTelemetry spans around provider calls.
 */
let idp: DevIdp;
let app: App;
let appUrl: string;
let collector: Collector;
const output: string[] = [];

beforeAll(async () => {
  collector = await startCollector();
  const port = await freePort();
  appUrl = `http://localhost:${port}`;
  idp = await startIdp(appUrl);
  app = await startApp({
    port,
    appUrl,
    issuer: idp.realms[0]!.settings.issuer,
    output,
    env: { DISABLED_ACCOUNTS: 'bob@example.com', ...collector.env },
  });
});

afterAll(async () => {
  await app?.stop();
  await idp?.close();
  await collector?.close();
});

const auditEvents = () =>
  output
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { component?: string; event?: string; [key: string]: unknown })
    .filter((entry) => entry.component === 'auth');

describe('sign-in and sign-out hooks', () => {
  it('onSignIn refuses a disabled account: its own copy on a 403 page, no session', async () => {
    const jar = new CookieJar();
    const login = await get(`${app.url}/auth/login/keycloak?returnTo=/dashboard`, { jar, follow: true });
    const done = await post(loginFormAction(login), { jar, form: LOCAL_PROVIDER_LOGIN.fields('bob'), follow: true });
    expect(done.url).toBe(`${app.url}/auth/error?code=sign_in_refused&reason=account_disabled`);
    expect(done.status).toBe(403);
    expect(done.body).toContain('This account is switched off');
    expect((await get(`${app.url}/auth/session`, { cookie: jar.header(appUrl), follow: true })).status).toBe(401);
  });

  it('onSignOut runs on sign-out', async () => {
    const jar = await signIn(appUrl, 'alice');
    await post(`${app.url}/auth/logout`, { cookie: jar.header(appUrl), headers: { 'sec-fetch-site': 'same-origin' } });
    await waitFor('the onSignOut line', async () => output.some((line) => line.includes('[app] Alice Example signed out of Keycloak')), 5000);
  });
});

describe('the audit log', () => {
  it('one JSON line per event (sign-in, refusal, refresh, sign-out, back-channel logout), and no token anywhere in the output', async () => {
    const jar = await signIn(appUrl, 'alice');
    const issued = Object.values(idp.stats.demo.lastIssued);
    expect((await get(`${app.url}/auth/session`, { cookie: await expiredSessionCookie(jar, appUrl), follow: true })).status).toBe(200);
    issued.push(...Object.values(idp.stats.demo.lastIssued));
    await post(`${app.url}/auth/logout`, { cookie: jar.header(appUrl), headers: { 'sec-fetch-site': 'same-origin' } });
    const other = await signIn(appUrl, 'alice');
    issued.push(...Object.values(idp.stats.demo.lastIssued));
    expect((await post(`${idp.realms[0]!.settings.issuer.replace(/\/realms\/demo$/, '')}/__dev/logout?username=alice`, { follow: true })).status).toBe(200);
    expect((await get(`${app.url}/auth/session`, { cookie: other.header(appUrl), follow: true })).status).toBe(401);
    await waitFor('every audit line', async () => ['sign_in', 'sign_in_refused', 'refresh', 'sign_out', 'backchannel_logout'].every((event) => auditEvents().some((entry) => entry.event === event)), 5000);
    const signInLine = auditEvents().find((entry) => entry.event === 'sign_in');
    expect(signInLine).toMatchObject({ level: 'info', provider: 'keycloak', sub: expect.any(String), time: expect.any(String) });
    const everything = output.join('\n');
    for (const token of issued) if (token) expect(everything).not.toContain(token);
    expect(everything).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/);
  });
});

describe('OpenTelemetry', () => {
  it('exports a span for each provider call when OTEL_EXPORTER_OTLP_ENDPOINT is set, with no token in it', async () => {
    await signIn(appUrl, 'alice');
    const issued = Object.values(idp.stats.demo.lastIssued);
    await waitFor('the token request span', async () => collector.exported.some((body) => body.includes('oidc.token.authorization_code')), 10_000);
    const all = Buffer.concat(collector.exported).toString('utf8');
    expect(all).toContain('oidc.discovery');
    expect(all).toContain('"oidc.provider"');
    for (const token of issued) if (token) expect(all).not.toContain(token);
  });
});
