import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JWTPayload } from 'jose';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE, DEV_CLIENT_ID, DEV_REALM_PATH } from '../../dev/defaults';
import { startDemoApi, type DemoApi } from '../../dev/sample-api/server';
import { nowSeconds } from '../../lib/auth/clock';
import { HostileOp, type Signing } from '../kit/hostile-op';
import { get } from '../kit/http';
import { freePort } from '../kit/ports';

/**
 * The sample resource server against forged tokens: a scriptable issuer signs whatever a case
 * needs (its discovery and JWKS are real), and every refusal must be the RFC 6750 answer.
 */
let op: HostileOp;
let api: DemoApi;

beforeAll(async () => {
  const port = await freePort();
  op = new HostileOp(`http://127.0.0.1:${port}${DEV_REALM_PATH}`);
  await op.start(port);
  api = await startDemoApi({ port: 0, issuer: op.issuer });
});

afterAll(async () => {
  await api?.close();
  await op?.stop();
});

function claims(overrides: JWTPayload = {}): JWTPayload {
  const now = nowSeconds();
  return { iss: op.issuer, aud: DEMO_API_AUDIENCE, sub: 'user-1', client_id: DEV_CLIENT_ID, jti: `jti-${Math.random()}`, iat: now, exp: now + 300, preferred_username: 'alice', realm_access: { roles: ['user'] }, ...overrides };
}

async function call(path: string, token?: string, headers: Record<string, string> = {}) {
  const response = await get(`${api.url}${path}`, { headers: { ...(token && { authorization: `Bearer ${token}` }), ...headers }, follow: true });
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: response.json<Record<string, unknown>>() };
}

const token = (overrides: JWTPayload = {}, signing: Signing = 'rs256', typ = 'at+jwt') => op.idToken(claims(overrides), signing, typ);

describe('the sample resource server (RFC 6750, RFC 9068)', () => {
  it('answers a valid token for its audience with the data', async () => {
    const result = await call('/api/me', await token());
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ service: 'demo-api', subject: 'user-1', username: 'alice', roles: ['user'] });
  });

  it('asks for credentials with a bare challenge when none came (RFC 6750 3.1)', async () => {
    expect(await call('/api/me')).toMatchObject({ status: 401, challenge: 'Bearer realm="demo-api"' });
  });

  it('ignores a token in the query string (RFC 6750 2.3 is not offered)', async () => {
    const result = await get(`${api.url}/api/me?access_token=${await token()}`, { follow: true });
    expect(result.status).toBe(401);
  });

  it('answers a malformed Authorization header with 400 invalid_request', async () => {
    const result = await call('/api/me', undefined, { authorization: 'Basic YWxpY2U6YWxpY2U=' });
    expect(result).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    expect(result.challenge).toMatch(/^Bearer realm="demo-api", error="invalid_request"/);
  });

  const invalid: [string, () => Promise<string>, RegExp][] = [
    ['a bad signature', () => token({}, 'bad-signature'), /signature/],
    ['alg none', () => token({}, 'none'), /signature|malformed/],
    ['HS256 with a shared secret', () => token({}, 'hs256-client-secret'), /signature|malformed/],
    ['a key the issuer does not publish', () => token({}, 'unknown-kid'), /signature|malformed/],
    ['another key under the published kid', () => token({}, 'other-key-same-kid'), /signature/],
    ['an ID token (typ JWT) for the same audience', () => token({}, 'rs256', 'JWT'), /at\+jwt/],
    ['another issuer', () => token({ iss: 'http://127.0.0.1:1/realms/other' }), /issuer/],
    ['another audience (the billing service)', () => token({ aud: BILLING_API_AUDIENCE }), /not for this API/],
    ['an expired token', () => token({ exp: nowSeconds() - 60 }), /expired/],
    ['no exp', () => token({ exp: undefined }), /exp/],
    ['no client_id', () => token({ client_id: undefined }), /client_id/],
  ];
  for (const [name, make, description] of invalid) {
    it(`refuses ${name}: 401 invalid_token with WWW-Authenticate`, async () => {
      const result = await call('/api/me', await make());
      expect(result.status).toBe(401);
      expect(result.body.error).toBe('invalid_token');
      expect(result.challenge).toMatch(/^Bearer realm="demo-api", error="invalid_token", error_description="[^"]+"$/);
      expect(String(result.body.error_description)).toMatch(description);
    });
  }

  it('answers 403 insufficient_scope when the role is missing', async () => {
    const result = await call('/api/reports', await token());
    expect(result).toMatchObject({ status: 403, body: { error: 'insufficient_scope', error_description: 'requires the admin role' } });
    expect(result.challenge).toBe('Bearer realm="demo-api", error="insufficient_scope", error_description="requires the admin role"');
    expect((await call('/api/reports', await token({ realm_access: { roles: ['admin', 'user'] } }))).status).toBe(200);
  });

  it('answers 403 insufficient_scope naming the scope when the scope is missing', async () => {
    const result = await call('/api/status', await token({ scope: 'api:read' }));
    expect(result.status).toBe(403);
    expect(result.challenge).toBe('Bearer realm="demo-api", error="insufficient_scope", error_description="requires the api:service scope", scope="api:service"');
    expect((await call('/api/status', await token({ scope: 'api:read api:service' }))).status).toBe(200);
  });

  it('keeps its two services apart: the billing service takes only billing tokens', async () => {
    const billing = await token({ aud: BILLING_API_AUDIENCE, scope: 'billing:read' });
    expect((await call('/billing/invoices', billing)).status).toBe(200);
    expect((await call('/api/me', billing)).status).toBe(401);
    const refused = await call('/billing/invoices', await token({ scope: 'billing:read' }));
    expect(refused).toMatchObject({ status: 401, challenge: expect.stringMatching(/^Bearer realm="billing", error="invalid_token"/) });
  });
});
