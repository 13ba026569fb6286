import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { env } from '../config';
import { requestCookies } from '../../../test/kit/request-cookies';
import { sampleSession } from '../../../test/kit/session';
import { nowSeconds } from '../clock';
import { refuseCrossSite, requireRoleForRoute } from './route-guards';
import { sessionCookieWrites } from '../session';

/** A request carrying a fresh session of someone with `roles` (development configuration). */
async function requestWith(roles: string[] | null, options: { withoutMarker?: boolean } = {}): Promise<NextRequest> {
  if (!roles) return new NextRequest('http://localhost:3000/api/x');
  const now = nowSeconds();
  const session = sampleSession({ user: { sub: 'user-1', roles }, createdAt: now, touchedAt: now, tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: now + 300, refreshAt: now + 240, type: 'Bearer' } });
  const writes = await sessionCookieWrites(session, requestCookies(), env(), now);
  const sent = options.withoutMarker ? writes.filter((write) => write.name !== 'app_session_fresh') : writes;
  return new NextRequest('http://localhost:3000/api/x', { headers: { cookie: sent.map((write) => `${write.name}=${write.value}`).join('; ') } });
}

describe('requireRoleForRoute', () => {
  it('answers 401 JSON (never a redirect) when signed out', async () => {
    const { response } = await requireRoleForRoute(await requestWith(null), 'admin');
    expect(response?.status).toBe(401);
    expect(await response?.json()).toEqual({ error: 'unauthorized' });
  });

  it('answers 403 JSON without the role, and gives the session with it', async () => {
    const denied = await requireRoleForRoute(await requestWith(['user']), 'admin');
    expect(denied.response?.status).toBe(403);
    expect(await denied.response?.json()).toEqual({ error: 'forbidden' });
    const allowed = await requireRoleForRoute(await requestWith(['admin', 'user']), 'admin');
    expect(allowed.response).toBeUndefined();
    expect(allowed.session?.user.roles).toEqual(['admin', 'user']);
  });

  it('needs only a session when no role is named', async () => {
    expect((await requireRoleForRoute(await requestWith([]))).session?.user.sub).toBe('user-1');
  });

  it('hands back the cookie writes a refresh or idle push made, for the response to carry', async () => {
    // No freshness marker in this request: the guard puts it back, and the route must send it.
    const guarded = await requireRoleForRoute(await requestWith(['user'], { withoutMarker: true }));
    expect(guarded.writes?.map((write) => write.name)).toContain('app_session_fresh');
  });
});

describe('refuseCrossSite (BFF API routes)', () => {
  const call = (headers: Record<string, string>) => refuseCrossSite(new NextRequest('http://localhost:3000/api/me', { headers }));

  it('lets a same-origin request with the X-CSRF header through', () => {
    expect(call({ 'x-csrf': '1', 'sec-fetch-site': 'same-origin' })).toBeUndefined();
    expect(call({ 'x-csrf': '1', origin: 'http://localhost:3000' })).toBeUndefined();
  });

  it('refuses a request without the header, whatever its origin (a form or an <img> cannot add one)', async () => {
    const response = call({ 'sec-fetch-site': 'same-origin' });
    expect(response?.status).toBe(403);
    expect(await response?.json()).toEqual({ error: 'csrf_header_required' });
    expect(call({ 'x-csrf': '0', 'sec-fetch-site': 'same-origin' })?.status).toBe(403);
  });

  it('refuses a cross-site request even with the header', async () => {
    const cases: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }, {}];
    for (const headers of cases) {
      const response = call({ 'x-csrf': '1', ...headers });
      expect(response?.status, JSON.stringify(headers)).toBe(403);
      expect(await response?.json()).toEqual({ error: 'cross_site_request' });
    }
  });
});
