import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { decodeJwtPayload, rolesFrom, toSessionUser } from '../oidc/claims';
import { configuredProviders } from '../config';
import { refreshedSession, tokenTimes } from './tokens';
import { NOW, sampleSession } from '../../../test/kit/session';

const env = testEnv();
const keycloak = configuredProviders(env)[0]!;
const jwt = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;

describe('token times', () => {
  it('refreshes the configured leeway before expiry', () => {
    expect(tokenTimes({ accessToken: 'opaque', expiresIn: 300, receivedAt: NOW }, env)).toEqual({ expiresAt: NOW + 300, refreshAt: NOW + 240 });
  });

  it('never refreshes earlier than half-way through a short lifetime', () => {
    expect(tokenTimes({ accessToken: 'opaque', expiresIn: 10, receivedAt: NOW }, env)).toEqual({ expiresAt: NOW + 10, refreshAt: NOW + 5 });
  });

  it('counts from when the token response arrived, not from when the request began', () => {
    // A request that began at NOW and waited 40 s for the provider: the token is new, not 40 s old.
    expect(tokenTimes({ accessToken: 'opaque', expiresIn: 60, receivedAt: NOW + 40 }, env)).toEqual({ expiresAt: NOW + 100, refreshAt: NOW + 70 });
  });

  it('falls back to the JWT exp, then to a short default, when expires_in is missing', () => {
    expect(tokenTimes({ accessToken: jwt({ exp: NOW + 120 }), receivedAt: NOW }, env).expiresAt).toBe(NOW + 120);
    expect(tokenTimes({ accessToken: 'opaque', receivedAt: NOW }, env).expiresAt).toBe(NOW + 300);
  });
});

describe('claims', () => {
  const keycloakPaths = ['realm_access.roles', 'resource_access.{clientId}.roles'];

  it('reads Keycloak realm roles and this client\'s roles from the access token', () => {
    const access = { realm_access: { roles: ['user'] }, resource_access: { app: { roles: ['editor'] }, other: { roles: ['root'] } } };
    expect(rolesFrom(access, { realm_access: { roles: ['ignored'] } }, keycloakPaths, 'app')).toEqual(['editor', 'user']);
    // A client id with dots is one segment.
    expect(rolesFrom({ resource_access: { 'my.app': { roles: ['dotted'] } } }, {}, keycloakPaths, 'my.app')).toEqual(['dotted']);
  });

  it('falls back to the ID token when the access token carries no roles, and ignores junk', () => {
    expect(rolesFrom({}, { realm_access: { roles: ['from-id'] } }, keycloakPaths, 'app')).toEqual(['from-id']);
    expect(rolesFrom({ realm_access: 'nonsense' }, {}, keycloakPaths, 'app')).toEqual([]);
    expect(rolesFrom({ resource_access: { app: { roles: 'x' } } }, {}, keycloakPaths, 'app')).toEqual([]);
  });

  it.each([
    ['Entra ID', ['roles'], { roles: ['Reader', 'Admin'] }, ['Admin', 'Reader']],
    ['Okta', ['groups'], { groups: ['Everyone', 'admins'] }, ['Everyone', 'admins']],
    ['Auth0 (a namespaced claim, dots and all)', ['https://example.com/roles'], { 'https://example.com/roles': ['admin'] }, ['admin']],
    ['a nested path', ['app.authz.roles'], { app: { authz: { roles: ['user'] } } }, ['user']],
  ])('reads %s roles from the configured claim path', (_name, paths, idClaims, expected) => {
    expect(rolesFrom({}, idClaims, paths, 'app')).toEqual(expected);
  });

  it('decodes nothing from opaque or malformed tokens', () => {
    expect(decodeJwtPayload('opaque')).toEqual({});
    expect(decodeJwtPayload('a.!!!.c')).toEqual({});
    expect(decodeJwtPayload(`a.${Buffer.from('[1]').toString('base64url')}.c`)).toEqual({});
  });

  it('maps ID token claims to the session user, ignoring malformed optional claims', () => {
    const { user, sid } = toSessionUser({ sub: 's', preferred_username: 'al', email: 42, picture: 'not a url', sid: 'sid-1' }, jwt({ realm_access: { roles: ['user'] } }), { rolesClaims: ['realm_access.roles', 'resource_access.{clientId}.roles'], clientId: 'app' });
    expect(user).toEqual({ sub: 's', name: 'al', email: undefined, picture: undefined, roles: ['user'] });
    expect(sid).toBe('sid-1');
    expect(() => toSessionUser({ name: 'no subject' }, undefined, { rolesClaims: [], clientId: 'app' })).toThrow();
    expect(toSessionUser({ sub: 's', realm_access: { roles: ['admin'] } }, undefined, { rolesClaims: [], clientId: 'app' }).user.roles).toEqual([]);
  });

  it('takes roles from the newest tokens on refresh, so a removed role is gone', () => {
    const session = sampleSession({ user: { sub: 'user-1', name: 'Alice', roles: ['admin', 'user'] } });
    const next = refreshedSession(session, keycloak, { accessToken: jwt({ realm_access: { roles: ['user'] } }), expiresIn: 300, receivedAt: NOW + 100, tokenType: 'Bearer' }, env, NOW + 100);
    expect(next.user).toEqual({ sub: 'user-1', name: 'Alice', roles: ['user'] });
    expect(next.tokens.refreshToken).toBe('refresh');
    expect(next.touchedAt).toBe(NOW + 100);
    expect(next.createdAt).toBe(session.createdAt);
  });
});
