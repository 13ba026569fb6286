import { describe, expect, it } from 'vitest';
import { testEnv } from '../testing/env';
import { decodeJwtPayload, readRoles, toSessionUser } from './claims';
import { refreshedSession, tokenTimes } from './tokens';
import { sampleSession } from '../testing/session';

const NOW = 1_800_000_000;
const env = testEnv();
const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('token times', () => {
  it('refreshes the configured leeway before expiry', () => {
    expect(tokenTimes({ accessToken: 'opaque', expiresIn: 300 }, env, NOW)).toEqual({ expiresAt: NOW + 300, refreshAt: NOW + 240 });
  });

  it('never refreshes earlier than half-way through a short lifetime', () => {
    expect(tokenTimes({ accessToken: 'opaque', expiresIn: 10 }, env, NOW)).toEqual({ expiresAt: NOW + 10, refreshAt: NOW + 5 });
  });

  it('falls back to the JWT exp, then to a short default, when expires_in is missing', () => {
    expect(tokenTimes({ accessToken: jwt({ exp: NOW + 120 }) }, env, NOW).expiresAt).toBe(NOW + 120);
    expect(tokenTimes({ accessToken: 'opaque' }, env, NOW).expiresAt).toBe(NOW + 300);
  });
});

describe('claims', () => {
  it('reads Keycloak realm roles from the ID token and the access token', () => {
    expect(readRoles({ realm_access: { roles: ['b'] } }, { realm_access: { roles: ['a', 'b'] } })).toEqual(['a', 'b']);
    expect(readRoles({ realm_access: 'nonsense' }, {})).toEqual([]);
  });

  it('decodes nothing from opaque or malformed tokens', () => {
    expect(decodeJwtPayload('opaque')).toEqual({});
    expect(decodeJwtPayload('a.!!!.c')).toEqual({});
    expect(decodeJwtPayload(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toEqual({});
  });

  it('maps ID token claims to the session user, ignoring malformed optional claims', () => {
    const { user, sid } = toSessionUser({ sub: 's', preferred_username: 'al', email: 42, picture: 'not a url', sid: 'sid-1' }, jwt({ realm_access: { roles: ['user'] } }));
    expect(user).toEqual({ sub: 's', name: 'al', email: undefined, picture: undefined, roles: ['user'] });
    expect(sid).toBe('sid-1');
    expect(() => toSessionUser({ name: 'no subject' }, undefined)).toThrow();
  });

  it('takes roles from the newest tokens on refresh, so a removed role is gone', () => {
    const session = sampleSession({ user: { sub: 'user-1', name: 'Alice', roles: ['admin', 'user'] } });
    const next = refreshedSession(session, { accessToken: jwt({ realm_access: { roles: ['user'] } }), expiresIn: 300 }, env, NOW + 100);
    expect(next.user).toEqual({ sub: 'user-1', name: 'Alice', roles: ['user'] });
    expect(next.tokens.refreshToken).toBe('refresh');
    expect(next.touchedAt).toBe(NOW + 100);
    expect(next.createdAt).toBe(session.createdAt);
  });
});
