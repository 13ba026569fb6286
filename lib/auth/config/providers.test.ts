import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { checkAccountPolicy } from '../oidc';
import { AuthError } from '../errors';
import { GOOGLE_ISSUER, configuredProviders, findProvider, redirectUri } from './providers';

const google = { GOOGLE_CLIENT_ID: 'g-id', GOOGLE_CLIENT_SECRET: 'g-secret' };
const generic = { OIDC_ISSUER: 'https://sso.example.com', OIDC_CLIENT_ID: 'o-id', OIDC_CLIENT_SECRET: 'o-secret' };

describe('provider presets', () => {
  it('lists each fully configured provider, in button order', () => {
    expect(configuredProviders(testEnv({ ...google, ...generic, OIDC_NAME: 'Acme SSO' })).map((provider) => [provider.id, provider.label])).toEqual([
      ['keycloak', 'Keycloak'],
      ['google', 'Google'],
      ['oidc', 'Acme SSO'],
    ]);
  });

  it('asks Keycloak for least privilege and logs out there', () => {
    const keycloak = findProvider(testEnv(), 'keycloak');
    expect(keycloak).toMatchObject({ scope: 'openid profile email', authorizationParams: {}, roles: 'keycloak', logoutAtProvider: true, requireVerifiedEmail: false });
  });

  it('asks Google for offline access with consent, requires a verified email, and signs out locally', () => {
    const provider = findProvider(testEnv({ ...google, GOOGLE_HOSTED_DOMAIN: 'Example.com' }), 'google');
    expect(provider).toMatchObject({
      issuer: GOOGLE_ISSUER,
      scope: 'openid profile email',
      authorizationParams: { access_type: 'offline', prompt: 'consent', hd: 'example.com' },
      roles: 'none',
      logoutAtProvider: false,
      requireVerifiedEmail: true,
      hostedDomain: 'example.com',
    });
  });

  it('lets GOOGLE_ISSUER point only at a loopback test provider', () => {
    expect(findProvider(testEnv({ ...google, GOOGLE_ISSUER: 'http://localhost:4100/google' }), 'google')?.issuer).toBe('http://localhost:4100/google');
    expect(() => testEnv({ ...google, GOOGLE_ISSUER: 'https://accounts.evil.example' })).toThrow(/GOOGLE_ISSUER: may only point at a loopback/);
    expect(() => testEnv({ GOOGLE_ISSUER: 'http://localhost:4100/google' })).toThrow(/GOOGLE_ISSUER: needs GOOGLE_CLIENT_ID/);
  });

  it('gives the generic preset offline_access for refresh and a default label', () => {
    expect(findProvider(testEnv(generic), 'oidc')).toMatchObject({ label: 'Single sign-on', scope: 'openid profile email offline_access', roles: 'keycloak', logoutAtProvider: true });
  });

  it('builds redirect URIs from APP_URL', () => {
    const env = testEnv({ APP_URL: 'https://app.example.com' });
    expect(redirectUri(env, findProvider(env, 'keycloak')!)).toBe('https://app.example.com/auth/callback/keycloak');
  });

  it('finds no unconfigured provider', () => {
    expect(findProvider(testEnv(), 'google')).toBeUndefined();
    expect(findProvider(testEnv(), '__proto__')).toBeUndefined();
  });
});

describe('account policy', () => {
  const provider = findProvider(testEnv({ ...google, GOOGLE_HOSTED_DOMAIN: 'example.com' }), 'google')!;
  const code = (claims: Record<string, unknown>) => {
    try {
      checkAccountPolicy(provider, claims);
      return 'ok';
    } catch (error) {
      return error instanceof AuthError ? error.code : 'other';
    }
  };

  it.each([
    [{ sub: 's', email_verified: true, hd: 'example.com' }, 'ok'],
    [{ sub: 's', email_verified: false, hd: 'example.com' }, 'email_unverified'],
    [{ sub: 's', email_verified: 'true', hd: 'example.com' }, 'email_unverified'],
    [{ sub: 's', hd: 'example.com' }, 'email_unverified'],
    [{ sub: 's', email_verified: true, hd: 'other.example' }, 'domain_not_allowed'],
    [{ sub: 's', email_verified: true }, 'domain_not_allowed'],
    [{ sub: 's', email_verified: true, hd: 'EXAMPLE.com' }, 'domain_not_allowed'],
  ])('%o → %s', (claims, expected) => {
    expect(code(claims)).toBe(expected);
  });

  it('lets anyone through a provider without rules', () => {
    expect(() => checkAccountPolicy(findProvider(testEnv(), 'keycloak')!, { sub: 's' })).not.toThrow();
  });
});
