import { describe, expect, it } from 'vitest';
import { testEnv } from '../testing/env';
import { NOW, sampleSession } from '../testing/session';
import { isLoggedOut, recordLogout } from './revocation-list';

describe('revocation list', () => {
  it('ends sessions begun at or before a logout of their sid or sub, and not sessions begun after', async () => {
    const env = testEnv();
    const session = sampleSession({ sid: 'sid-1', createdAt: NOW + 0.25 });
    expect(await isLoggedOut(env, session)).toBe(false);
    await recordLogout(env, 'keycloak', { sub: 'user-1' }, NOW + 0.5);
    expect(await isLoggedOut(env, session)).toBe(true);
    // Signed in again 200 ms after "sign out everywhere", within the same second: not ended.
    expect(await isLoggedOut(env, sampleSession({ sid: 'sid-2', createdAt: NOW + 0.7 }))).toBe(false);
    await recordLogout(env, 'keycloak', { sid: 'sid-2' }, NOW + 0.9);
    expect(await isLoggedOut(env, sampleSession({ sid: 'sid-2', createdAt: NOW + 0.7 }))).toBe(true);
    expect(await isLoggedOut(env, sampleSession({ sid: 'sid-3', createdAt: NOW + 0.7 }))).toBe(false);
  });

  it('keeps providers apart: a logout at one is not a logout at another', async () => {
    const env = testEnv();
    await recordLogout(env, 'google', { sub: 'shared-sub' }, NOW + 1);
    expect(await isLoggedOut(env, sampleSession({ user: { sub: 'shared-sub', roles: [] }, provider: 'keycloak' }))).toBe(false);
    expect(await isLoggedOut(env, sampleSession({ user: { sub: 'shared-sub', roles: [] }, provider: 'google' }))).toBe(true);
  });
});
