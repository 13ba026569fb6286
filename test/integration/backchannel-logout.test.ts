import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowSeconds } from '../../lib/auth/clock';
import { startApp, type App } from '../kit/app-server';
import { HostileOp, type Signing } from '../kit/hostile-op';
import { get, post as send, type Answer, type CookieJar } from '../kit/http';
import { freePort } from '../kit/ports';
import { signInAtOnce } from '../kit/sign-in';

/**
 * OIDC Back-Channel Logout 1.0 against a provider whose keys the test holds: a valid logout
 * token ends the session; every invalid one is answered 400 and ends nothing.
 */
let op: HostileOp;
let app: App;

beforeAll(async () => {
  const [opPort, appPort] = [await freePort(), await freePort()];
  op = new HostileOp(`http://127.0.0.1:${opPort}/bcl`);
  await op.start(opPort);
  // Two provider entries of the app on one issuer: a logout there must end the sessions of both.
  app = await startApp({
    port: appPort,
    appUrl: `http://localhost:${appPort}`,
    issuer: op.issuer,
    env: { KEYCLOAK_CLIENT_ID: op.clientId, KEYCLOAK_CLIENT_SECRET: op.clientSecret, OIDC_ISSUER: op.issuer, OIDC_CLIENT_ID: op.clientId, OIDC_CLIENT_SECRET: op.clientSecret },
  });
});

afterAll(async () => {
  await app?.stop();
  await op?.stop();
});

async function signIn(provider = 'keycloak'): Promise<{ jar: CookieJar; sid: string }> {
  const jar = await signInAtOnce(app.url, { provider });
  expect(await status(jar)).toBe(200);
  return { jar, sid: op.lastSid };
}

async function status(jar: CookieJar): Promise<number> {
  return (await get(`${app.url}/auth/session`, { cookie: jar.header(app.url) })).status;
}

function post(form: Record<string, string>, provider = 'keycloak'): Promise<Answer> {
  return send(`${app.url}/auth/backchannel-logout/${provider}`, { form });
}

const now = nowSeconds;
const EVENT = 'http://schemas.openid.net/event/backchannel-logout';

describe('a valid logout token', () => {
  it('is keyed by the issuer: delivered for one provider entry, it ends the session of another entry on the same issuer', async () => {
    const { jar, sid } = await signIn('oidc');
    const response = await post({ logout_token: await op.logoutToken(sid) });
    expect(response.status).toBe(200);
    expect(await status(jar)).toBe(401);
  });

  it('with sid: 200, no-store, and that session is signed out (another one of the person is not)', async () => {
    const { jar, sid } = await signIn();
    const other = await signIn();
    const response = await post({ logout_token: await op.logoutToken(sid) });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await status(jar)).toBe(401);
    expect(await status(other.jar)).toBe(200);
  });

  it('with sub only: every session of the person ends; signing in afterwards works', async () => {
    const [first, second] = [await signIn(), await signIn()];
    const response = await post({ logout_token: await op.logoutToken('', ({ sid: _sid, ...claims }) => claims) });
    expect(response.status).toBe(200);
    expect(await status(first.jar)).toBe(401);
    expect(await status(second.jar)).toBe(401);
    await signIn();
  });

  it('replayed (same jti): 400 the second time', async () => {
    const { sid } = await signIn();
    const token = await op.logoutToken(sid);
    expect((await post({ logout_token: token })).status).toBe(200);
    expect((await post({ logout_token: token })).status).toBe(400);
  });
});

describe('an invalid logout token is refused with 400 and ends nothing', () => {
  const cases: [string, (claims: JWTPayload) => JWTPayload, Signing?, string?][] = [
    ['bad signature', (c) => c, 'bad-signature'],
    ['alg none', (c) => c, 'none'],
    ['HS256 made with the client secret', (c) => c, 'hs256-client-secret'],
    ['unknown kid', (c) => c, 'unknown-kid'],
    ['wrong iss', (c) => ({ ...c, iss: 'https://accounts.example.com' })],
    ['wrong aud', (c) => ({ ...c, aud: 'another-client' })],
    ['no events', ({ events: _events, ...c }) => c],
    ['another event', (c) => ({ ...c, events: { 'http://schemas.openid.net/event/other': {} } })],
    ['events not an object member', (c) => ({ ...c, events: { [EVENT]: 'yes' } })],
    ['a nonce', (c) => ({ ...c, nonce: 'n'.repeat(43) })],
    ['neither sid nor sub', ({ sid: _sid, sub: _sub, ...c }) => c],
    ['expired', (c) => ({ ...c, iat: now() - 600, exp: now() - 300 })],
    ['issued long ago', (c) => ({ ...c, iat: now() - 3600, exp: now() + 60 })],
    ['no jti', ({ jti: _jti, ...c }) => c],
    ['no iat', ({ iat: _iat, ...c }) => c],
    ['an ID token posted as a logout token', ({ events: _events, jti: _jti, ...c }) => ({ ...c, nonce: 'n'.repeat(43), name: 'Hostile Test User' }), 'rs256', 'JWT'],
    ['typ of another kind of token', (c) => c, 'rs256', 'at+jwt'],
  ];
  it.each(cases)('%s', async (_name, change, signing = 'rs256', typ = 'logout+jwt') => {
    const { jar, sid } = await signIn();
    const response = await post({ logout_token: await op.logoutToken(sid, change, signing, typ) });
    expect(response.status).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
    expect(await status(jar)).toBe(200);
  });

  it('a missing logout_token parameter', async () => {
    expect((await post({})).status).toBe(400);
  });

  it('GET instead of POST', async () => {
    const { sid } = await signIn();
    const response = await get(`${app.url}/auth/backchannel-logout/keycloak?logout_token=${await op.logoutToken(sid)}`, { follow: true });
    expect(response.status).toBe(405);
  });

  it('an unknown provider', async () => {
    const { sid } = await signIn();
    expect((await post({ logout_token: await op.logoutToken(sid) }, 'google')).status).toBe(400);
  });
});
