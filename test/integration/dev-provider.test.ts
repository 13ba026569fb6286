import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_CLIENT_ID } from '../../dev/defaults';
import type { DevIdp } from '../../dev/local-provider/server';
import { CookieJar, get, request } from '../kit/http';
import { startIdp } from '../kit/local-provider';

/**
 * The local provider is development tooling: what it offers for debugging stays on this
 * machine, and its pages fail in words a newcomer understands.
 */
let idp: DevIdp;
let base: string;

beforeAll(async () => {
  idp = await startIdp('http://localhost:3999');
  const address = idp.server.address();
  base = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  await idp?.close();
});

describe('the local provider', () => {
  it.each(['/__dev/stats', '/__dev/logout?username=alice'])('answers %s only for a loopback Host (no DNS-rebinding reach)', async (path) => {
    const method = path.startsWith('/__dev/logout') ? 'POST' : 'GET';
    expect((await request(`${base}${path}`, { method, follow: true })).status).toBe(200);
    for (const host of ['evil.example', 'evil.example:4000', 'localhost.evil.example']) {
      const { request } = await import('node:http');
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(`${base}${path}`, { method, headers: { host } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, host).toBe(404);
    }
  });

  it('a login page opened in another browser (no interaction cookie) gets a friendly 400 page, not a 500', async () => {
    const issuer = idp.realms[0]!.settings.issuer;
    const params = new URLSearchParams({ client_id: DEV_CLIENT_ID, response_type: 'code', scope: 'openid', redirect_uri: 'http://localhost:3999/auth/callback/keycloak', code_challenge: 'a'.repeat(43), code_challenge_method: 'S256', state: 's'.repeat(43) });
    const first = await get(`${issuer}/auth?${params}`, { jar: new CookieJar(), follow: true });
    expect(new URL(first.url).pathname).toMatch(/\/interaction\/[\w-]+$/);
    // The same interaction URL in a browser without the provider's cookies.
    const elsewhere = await get(first.url, { follow: true });
    expect(elsewhere.status).toBe(400);
    const html = elsewhere.body;
    expect(html).toContain('This sign-in cannot continue here');
    expect(html).not.toMatch(/at \w+ \(|SessionNotFound|node_modules/);
  });
});
