import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { requestCookies } from '../../../test/kit/request-cookies';
import { ensureFreshSession } from './freshness';
import { sessionCookieWrites, touchInterval, type Session } from '../session';
import { NOW, sampleSession } from '../../../test/kit/session';

// Port 9 on loopback: nothing listens, so the provider is genuinely unreachable (no mock).
const env = testEnv({ KEYCLOAK_ISSUER: 'http://127.0.0.1:9/realms/demo', PROVIDER_TIMEOUT: '2' });

async function cookiesFor(session: Session, withMarker = false) {
  const writes = await sessionCookieWrites(session, requestCookies(), env, NOW);
  return requestCookies(Object.fromEntries(writes.filter((write) => write.options.maxAge > 0 && (withMarker || write.name !== 'app_session_fresh')).map((write) => [write.name, write.value])));
}

describe('ensureFreshSession', () => {
  it('does nothing without cookies, and clears unreadable ones', async () => {
    expect(await ensureFreshSession(requestCookies(), env, NOW)).toEqual({ session: null, writes: [] });
    const cleared = await ensureFreshSession(requestCookies({ app_session: 'garbage' }), env, NOW);
    expect(cleared.session).toBeNull();
    expect(cleared.writes.map((write) => write.options.maxAge)).toEqual([0, 0]);
  });

  it('only puts the marker back when nothing is due', async () => {
    const session = sampleSession();
    expect((await ensureFreshSession(await cookiesFor(session, true), env, NOW + 1)).writes).toEqual([]);
    const { writes } = await ensureFreshSession(await cookiesFor(session), env, NOW + 1);
    expect(writes.map((write) => write.name)).toEqual(['app_session_fresh']);
  });

  it('re-seals to push the idle deadline when a touch is due', async () => {
    const session = sampleSession({ tokens: { ...sampleSession().tokens, expiresAt: NOW + 100_000, refreshAt: NOW + 99_000 } });
    const later = NOW + touchInterval(env);
    const result = await ensureFreshSession(await cookiesFor(session), env, later);
    expect(result.session?.touchedAt).toBe(later);
    expect(result.writes.map((write) => write.name)).toEqual(['app_session', 'app_session_fresh']);
  });

  it('keeps a session without refresh token until its access token expires, then ends it', async () => {
    const session = sampleSession({ tokens: { accessToken: 'a', expiresAt: NOW + 300, refreshAt: NOW + 240, type: 'Bearer' } });
    const cookies = await cookiesFor(session);
    expect((await ensureFreshSession(cookies, env, NOW + 250)).session).not.toBeNull();
    const ended = await ensureFreshSession(cookies, env, NOW + 300);
    expect(ended.session).toBeNull();
    expect(ended.writes.every((write) => write.options.maxAge === 0)).toBe(true);
  });

  it('keeps the session while the access token is valid when the provider is unreachable, and retries soon', async () => {
    const cookies = await cookiesFor(sampleSession());
    const result = await ensureFreshSession(cookies, env, NOW + 250);
    expect(result.session?.tokens.accessToken).toBe('access');
    expect(result.writes).toEqual([expect.objectContaining({ name: 'app_session_fresh', options: expect.objectContaining({ maxAge: 10 }) })]);
  });

  it('reports the provider unavailable, keeping the cookies, once the access token has expired', async () => {
    const cookies = await cookiesFor(sampleSession({ tokens: { ...sampleSession().tokens, refreshToken: 'another-refresh-token' } }));
    const result = await ensureFreshSession(cookies, env, NOW + 300);
    expect(result).toEqual({ session: null, writes: [], unavailable: 'provider' });
  });
});
