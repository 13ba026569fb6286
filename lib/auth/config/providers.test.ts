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
    expect(keycloak).toMatchObject({ scope: 'openid profile email', authorizationParams: {}, rolesClaims: ['realm_access.roles', 'resource_access.{clientId}.roles'], logoutAtProvider: true, requireVerifiedEmail: false, profile: 'standard', clientAuth: 'client_secret_basic', par: false, dpop: false, idTokenAlg: 'RS256' });
  });

  it('asks Google for offline access with consent, requires a verified email, and signs out locally', () => {
    const provider = findProvider(testEnv({ ...google, GOOGLE_HOSTED_DOMAIN: 'Example.com' }), 'google');
    expect(provider).toMatchObject({
      issuer: GOOGLE_ISSUER,
      scope: 'openid profile email',
      authorizationParams: { access_type: 'offline', prompt: 'consent', hd: 'example.com' },
      rolesClaims: [],
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
    expect(findProvider(testEnv(generic), 'oidc')).toMatchObject({ label: 'Single sign-on', scope: 'openid profile email offline_access', rolesClaims: ['realm_access.roles', 'resource_access.{clientId}.roles'], logoutAtProvider: true });
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

describe('several generic providers, and roles from a claim path', () => {
  const okta = { OIDC_PROVIDERS: 'okta, entra-id', OIDC_OKTA_ISSUER: 'https://acme.okta.com', OIDC_OKTA_CLIENT_ID: 'okta-app', OIDC_OKTA_CLIENT_SECRET: 'okta-secret', OIDC_OKTA_NAME: 'Okta', OIDC_OKTA_ROLES_CLAIM: 'groups' };
  const entra = { OIDC_ENTRA_ID_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0', OIDC_ENTRA_ID_CLIENT_ID: 'entra-app', OIDC_ENTRA_ID_CLIENT_SECRET: 'entra-secret', OIDC_ENTRA_ID_ROLES_CLAIM: 'roles' };

  it('configures each id in OIDC_PROVIDERS from its own OIDC_<ID>_* variables, label shown instead of the id', () => {
    const providers = configuredProviders(testEnv({ ...okta, ...entra }));
    expect(providers.map((provider) => [provider.id, provider.label, provider.rolesClaims])).toEqual([
      ['keycloak', 'Keycloak', ['realm_access.roles', 'resource_access.{clientId}.roles']],
      ['okta', 'Okta', ['groups']],
      ['entra-id', 'entra-id', ['roles']],
    ]);
  });

  it('lists every problem: a provider named in OIDC_PROVIDERS without its variables, a bad id', () => {
    const attempt = () => testEnv({ OIDC_PROVIDERS: 'okta, Bad_Id, google' });
    for (const problem of [/OIDC_OKTA_ISSUER: is required/, /"Bad_Id" must be/, /"google" must be/]) expect(attempt).toThrow(problem);
  });
});

describe('the high-security profile', () => {
  const keys = JSON.stringify({ keys: [{ kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }] });
  const fapi = { KEYCLOAK_PROFILE: 'high-security', KEYCLOAK_CLIENT_SECRET: undefined, CLIENT_SIGNING_KEYS: keys };

  it('turns on PAR, private_key_jwt and DPoP, and pins a PS256 ID token', () => {
    expect(findProvider(testEnv(fapi), 'keycloak')).toMatchObject({ profile: 'high-security', clientAuth: 'private_key_jwt', clientSecret: undefined, par: true, dpop: true, idTokenAlg: 'PS256' });
    expect(findProvider(testEnv({ ...fapi, KEYCLOAK_ID_TOKEN_ALG: 'ES256' }), 'keycloak')?.idTokenAlg).toBe('ES256');
  });

  it('refuses to be weakened, and needs the app\'s signing keys', () => {
    expect(() => testEnv({ ...fapi, KEYCLOAK_ID_TOKEN_ALG: 'RS256' })).toThrow(/KEYCLOAK_ID_TOKEN_ALG: the high-security profile needs PS256 or ES256/);
    expect(() => testEnv({ ...fapi, KEYCLOAK_DPOP: 'false' })).toThrow(/PAR and DPOP cannot be turned off/);
    expect(() => testEnv({ ...fapi, KEYCLOAK_CLIENT_AUTH: 'client_secret_basic', KEYCLOAK_CLIENT_SECRET: 'x' })).toThrow(/authenticates with private_key_jwt/);
    expect(() => testEnv({ ...fapi, CLIENT_SIGNING_KEYS: undefined })).toThrow(/CLIENT_SIGNING_KEYS: is required for KEYCLOAK_CLIENT_AUTH=private_key_jwt/);
  });

  it('reads the signing keys as a JWK Set or PEM, newest first, with RFC 7638 thumbprints as kid', () => {
    const env = testEnv(fapi);
    expect(env.clientKeys).toHaveLength(1);
    expect(env.clientKeys[0]).toMatchObject({ alg: 'ES256', kid: expect.stringMatching(/^[\w-]{43}$/) });
    expect(env.clientKeys[0]?.publicJwk).not.toHaveProperty('d');
    expect(() => testEnv({ ...fapi, CLIENT_SIGNING_KEYS: '{"keys":[{"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}' })).toThrow(/CLIENT_SIGNING_KEYS: every JWK must be a private key/);
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
