import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { env } from '../env';
import { jar } from '../testing/env';
import { sampleSession } from '../testing/session';
import { nowSeconds } from './clock';
import { requireRoleForRoute } from './route-guards';
import { sessionCookieWrites } from './session';

/** A request carrying a fresh session of someone with `roles` (development configuration). */
async function requestWith(roles: string[] | null): Promise<NextRequest> {
  if (!roles) return new NextRequest('http://localhost:3000/api/x');
  const now = nowSeconds();
  const session = sampleSession({ user: { sub: 'user-1', roles }, createdAt: now, touchedAt: now, tokens: { accessToken: 'a', refreshToken: 'r', expiresAt: now + 300, refreshAt: now + 240 } });
  const writes = await sessionCookieWrites(session, jar(), env(), now);
  return new NextRequest('http://localhost:3000/api/x', { headers: { cookie: writes.map((write) => `${write.name}=${write.value}`).join('; ') } });
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
});
