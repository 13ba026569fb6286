import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { NOW, sampleSession } from '../../../test/kit/session';
import { isEnded, recordEnded } from './revocation-list';

const ISSUER = 'https://id.example.com/realms/demo';
const session = (overrides: Parameters<typeof sampleSession>[0] = {}) => sampleSession({ issuer: ISSUER, ...overrides });

describe('revocation list', () => {
  it('ends one session by its id (sign-out), and no other', async () => {
    const env = testEnv();
    await recordEnded(env, { session: 'signed-out-session-0001' }, NOW + 1, 60);
    expect(await isEnded(env, session({ id: 'signed-out-session-0001' }))).toBe(true);
    expect(await isEnded(env, session({ id: 'another-session-00000001' }))).toBe(false);
  });

  it('ends sessions begun at or before a logout of their sid or sub, and not sessions begun after', async () => {
    const env = testEnv();
    const first = session({ sid: 'sid-1', createdAt: NOW + 0.25, user: { sub: 'user-a', roles: [] } });
    expect(await isEnded(env, first)).toBe(false);
    await recordEnded(env, { issuer: ISSUER, sub: 'user-a' }, NOW + 0.5, 3600);
    expect(await isEnded(env, first)).toBe(true);
    // Signed in again 200 ms after "sign out everywhere", within the same second: not ended.
    const again = session({ sid: 'sid-2', createdAt: NOW + 0.7, user: { sub: 'user-a', roles: [] } });
    expect(await isEnded(env, again)).toBe(false);
    await recordEnded(env, { issuer: ISSUER, sid: 'sid-2' }, NOW + 0.9, 3600);
    expect(await isEnded(env, again)).toBe(true);
    expect(await isEnded(env, session({ sid: 'sid-3', createdAt: NOW + 0.7, user: { sub: 'user-a', roles: [] } }))).toBe(false);
  });

  it('keys provider logouts by issuer: two provider entries on one issuer end together; other issuers do not', async () => {
    const env = testEnv();
    await recordEnded(env, { issuer: ISSUER, sub: 'shared-sub' }, NOW + 1, 3600);
    for (const provider of ['keycloak', 'oidc']) {
      expect(await isEnded(env, session({ provider, user: { sub: 'shared-sub', roles: [] } }))).toBe(true);
    }
    expect(await isEnded(env, session({ issuer: 'https://accounts.google.com', provider: 'google', user: { sub: 'shared-sub', roles: [] } }))).toBe(false);
  });

  it('a logout naming sid and sub ends that sid, and the sessions of that sub that carry no sid', async () => {
    const env = testEnv();
    const user = { sub: 'user-b', roles: [] };
    await recordEnded(env, { issuer: ISSUER, sid: 'sid-b1' }, NOW + 1, 3600);
    await recordEnded(env, { issuer: ISSUER, sub: 'user-b', withoutSid: true }, NOW + 1, 3600);
    expect(await isEnded(env, session({ user, sid: 'sid-b1' }))).toBe(true);
    expect(await isEnded(env, session({ user, sid: undefined }))).toBe(true);
    // Another provider session of the same person (another device) is not this one.
    expect(await isEnded(env, session({ user, sid: 'sid-b2' }))).toBe(false);
  });
});
