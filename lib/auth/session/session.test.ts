import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { requestCookies } from '../../../test/kit/request-cookies';
import { NOW, sampleSession } from '../../../test/kit/session';
import { ANOTHER_SESSION_SECRET } from '../../../test/kit/variables';
import { pack } from './packing';
import { clearSessionWrites, nextCheckAt, readSealedSession as readSession, seal, sealSession, sessionCookieWrites, sessionExpiresAt, touchInterval, unsealSession, type Session } from '.';

const env = testEnv({ SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400' });

async function cookiesFor(session: Session, now = NOW) {
  const writes = await sessionCookieWrites(session, requestCookies(), env, now);
  return requestCookies(Object.fromEntries(writes.filter((write) => write.options.maxAge > 0).map((write) => [write.name, write.value])));
}

describe('sealed session', () => {
  it('round-trips through a seal', async () => {
    const session = sampleSession();
    expect(await unsealSession(await sealSession(session, env, NOW), env)).toEqual(session);
  });

  it('reads a tampered seal, another secret, garbage or a wrong shape as no session', async () => {
    const sealed = await sealSession(sampleSession(), env, NOW);
    const flipped = sealed.slice(0, 60) + (sealed[60] === 'a' ? 'b' : 'a') + sealed.slice(61);
    expect(await unsealSession(flipped, env)).toBeNull();
    expect(await unsealSession(sealed, testEnv({ SESSION_SECRET: ANOTHER_SESSION_SECRET }))).toBeNull();
    expect(await unsealSession('Fe26.2**garbage', env)).toBeNull();
    // Packed and sealed as the product does, so only the shape is wrong.
    const wrongShape = { v: 1, user: { sub: 'x' }, tokens: {} };
    expect(await unsealSession(await seal(pack(wrongShape), env, 3600), env)).toBeNull();
  });

  it('rotates secrets: new seals use the newest, seals made with an older listed secret still open', async () => {
    const oldSecret = 'the-old-secret-that-is-long-enough-000001';
    const newSecret = 'the-new-secret-that-is-long-enough-000002';
    const before = testEnv({ SESSION_SECRET: oldSecret, SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400' });
    const during = testEnv({ SESSION_SECRET: `${newSecret}, ${oldSecret}`, SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400' });
    const after = testEnv({ SESSION_SECRET: newSecret, SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400' });
    const oldSeal = await sealSession(sampleSession(), before, NOW);
    expect(await unsealSession(oldSeal, during)).toEqual(sampleSession());
    const newSeal = await sealSession(sampleSession(), during, NOW);
    expect(await unsealSession(newSeal, after)).toEqual(sampleSession());
    expect(await unsealSession(newSeal, before)).toBeNull();
    expect(await unsealSession(oldSeal, after)).toBeNull();
  });

  it('seals a session once per second, however many requests share it (a refresh storm)', async () => {
    const session = sampleSession();
    const seals = Array.from({ length: 50 }, () => sealSession(session, env, NOW));
    expect(new Set(seals).size).toBe(1);
    expect(new Set(await Promise.all(seals)).size).toBe(1);
    // A later second seals again (its TTL counts from then); another session object is its own.
    expect(sealSession(session, env, NOW + 1)).not.toBe(seals[0]);
    expect(sealSession({ ...session }, env, NOW)).not.toBe(seals[0]);
    // And the value it made opens from the cache, without unsealing.
    expect(await unsealSession(await seals[0]!, env)).toEqual(session);
  });

  it('remembers a successful unseal (same object back), scoped to the configured secrets', async () => {
    const sealed = await sealSession(sampleSession(), env, NOW);
    const first = await unsealSession(sealed, env);
    expect(await unsealSession(sealed, env)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(await unsealSession(sealed, testEnv({ SESSION_SECRET: ANOTHER_SESSION_SECRET }))).toBeNull();
  });

  it('ends at the idle timeout or the absolute lifetime, whichever comes first', () => {
    expect(sessionExpiresAt(sampleSession(), env)).toBe(NOW + 3600);
    expect(sessionExpiresAt(sampleSession({ touchedAt: NOW + 86000 }), env)).toBe(NOW + 86400);
  });

  it('reads as invalid past its lifetime even when the browser still sends the cookie', async () => {
    const cookies = await cookiesFor(sampleSession());
    expect((await readSession(cookies, env, NOW + 10)).status).toBe('active');
    expect((await readSession(cookies, env, NOW + 3600)).status).toBe('invalid');
  });

  it('sets a freshness marker that expires when the proxy must look again', async () => {
    const writes = await sessionCookieWrites(sampleSession(), requestCookies(), env, NOW);
    const marker = writes.find((write) => write.name === 'app_session_fresh');
    expect(marker?.options.maxAge).toBe(nextCheckAt(sampleSession(), env) - NOW);
    expect(nextCheckAt(sampleSession(), env)).toBe(NOW + Math.min(240, touchInterval(env)));
    const due = await sessionCookieWrites(sampleSession({ tokens: { ...sampleSession().tokens, refreshAt: NOW } }), requestCookies(), env, NOW);
    expect(due.find((write) => write.name === 'app_session_fresh')?.options.maxAge).toBe(0);
  });

  it('uses __Host- names and Secure on https', async () => {
    const secureEnv = testEnv({ APP_URL: 'https://app.example.com' });
    const writes = await sessionCookieWrites(sampleSession(), requestCookies(), secureEnv, NOW);
    expect(writes.map((write) => write.name)).toEqual(['__Host-app_session', '__Host-app_session_fresh']);
    expect(writes.every((write) => write.options.secure && write.options.httpOnly)).toBe(true);
  });

  it('clears every chunk and the marker', () => {
    const cleared = clearSessionWrites(requestCookies({ app_session: 'a', 'app_session.1': 'b', other: 'c' }), env);
    expect(cleared.map((write) => [write.name, write.options.maxAge])).toEqual([
      ['app_session', 0],
      ['app_session.1', 0],
      ['app_session_fresh', 0],
    ]);
  });

  it('reads garbage, truncated or reordered chunks as invalid', async () => {
    // Random bytes do not compress: a session that needs two chunks.
    const big = sampleSession({ tokens: { ...sampleSession().tokens, accessToken: randomBytes(2500).toString('base64url') } });
    const writes = await sessionCookieWrites(big, requestCookies(), env, NOW);
    const [first, second] = writes;
    expect(second?.name).toBe('app_session.1');
    expect((await readSession(requestCookies({ app_session: first!.value, 'app_session.1': second!.value }), env, NOW)).status).toBe('active');
    expect((await readSession(requestCookies({ app_session: first!.value }), env, NOW)).status).toBe('invalid');
    expect((await readSession(requestCookies({ app_session: second!.value, 'app_session.1': first!.value }), env, NOW)).status).toBe('invalid');
    expect((await readSession(requestCookies({ app_session: 'garbage' }), env, NOW)).status).toBe('invalid');
    expect((await readSession(requestCookies({ 'app_session.1': 'orphan' }), env, NOW)).status).toBe('invalid');
    expect((await readSession(requestCookies({}), env, NOW)).status).toBe('none');
  });
});

describe('server-side sessions (SESSION_STORAGE=server)', () => {
  const server = testEnv({ SESSION_IDLE_TIMEOUT: '3600', SESSION_ABSOLUTE_LIFETIME: '86400', SESSION_STORAGE: 'server' });
  const cookiesOf = (writes: { name: string; value: string; options: { maxAge: number } }[]) => requestCookies(Object.fromEntries(writes.filter((write) => write.options.maxAge > 0).map((write) => [write.name, write.value])));

  it('keeps the sealed session in the store and only its id in the cookie', async () => {
    const session = sampleSession({ id: randomBytes(16).toString('base64url') });
    const writes = await sessionCookieWrites(session, requestCookies(), server, NOW);
    expect(writes[0]).toMatchObject({ name: 'app_session', value: `srv.${session.id}` });
    expect(writes[0]!.value.length).toBeLessThan(40);
    expect(await readSession(cookiesOf(writes), server, NOW)).toEqual({ status: 'active', session });
  });

  it('a forgotten (signed-out) or unknown handle reads as invalid', async () => {
    const session = sampleSession({ id: randomBytes(16).toString('base64url') });
    const writes = await sessionCookieWrites(session, requestCookies(), server, NOW);
    expect((await readSession(requestCookies({ app_session: `srv.${randomBytes(16).toString('base64url')}` }), server, NOW)).status).toBe('invalid');
    const { forgetSession } = await import('.');
    await forgetSession(server, session.id);
    expect((await readSession(cookiesOf(writes), server, NOW)).status).toBe('invalid');
  });
});
