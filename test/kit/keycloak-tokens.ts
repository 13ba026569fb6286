import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { nowSeconds } from '../../lib/auth/clock';

/**
 * A token set shaped like Keycloak 26's for a person with a few roles: an RS256 access token
 * (RFC 9068 header, realm and client roles, allowed origins), an HS512 refresh token and an RS256
 * ID token, about 1,800, 850 and 1,400 characters: what a session cookie really carries, for
 * size measurements (padding with repeated characters would compress unrealistically well).
 */
export async function keycloakShapedTokens(now = nowSeconds()): Promise<{ accessToken: string; refreshToken: string; idToken: string }> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const issuer = 'https://keycloak.example.com/realms/demo';
  const sub = randomUUID();
  const sid = randomUUID();
  const person = { email_verified: true, name: 'Alice Example', preferred_username: 'alice', given_name: 'Alice', family_name: 'Example', email: 'alice@example.com' };
  const common = { exp: now + 300, iat: now, auth_time: now, iss: issuer, sub, azp: 'demo-app', sid, acr: '1' };
  const kid = randomBytes(32).toString('base64url');
  const accessToken = await new SignJWT({
    ...common,
    jti: `onrtac:${randomUUID()}`,
    aud: ['urn:demo:api', 'account'],
    typ: 'Bearer',
    'allowed-origins': ['https://app.example.com', 'https://admin.example.com'],
    realm_access: { roles: ['default-roles-demo', 'offline_access', 'admin', 'uma_authorization', 'user', 'reports-reader'] },
    resource_access: {
      'demo-app': { roles: ['auditor', 'billing-viewer'] },
      broker: { roles: ['read-token'] },
      account: { roles: ['manage-account', 'manage-account-links', 'view-profile', 'view-applications', 'view-consent'] },
    },
    scope: 'openid email profile api:read microprofile-jwt',
    client_id: 'demo-app',
    // The microprofile-jwt scope's claims.
    upn: 'alice',
    groups: ['default-roles-demo', 'admin', 'user'],
    ...person,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
    .sign(privateKey);
  const refreshToken = await new SignJWT({ exp: now + 1800, iat: now, jti: randomUUID(), iss: issuer, aud: issuer, sub, typ: 'Refresh', azp: 'demo-app', session_state: sid, sid, scope: 'openid web-origins acr basic email profile roles api:read microprofile-jwt offline_access', nbf: 0 })
    .setProtectedHeader({ alg: 'HS512', typ: 'JWT', kid: randomUUID() })
    .sign(randomBytes(64));
  const idToken = await new SignJWT({ ...common, jti: randomUUID(), aud: 'demo-app', typ: 'ID', nonce: randomBytes(32).toString('base64url'), at_hash: randomBytes(16).toString('base64url'), c_hash: randomBytes(16).toString('base64url'), session_state: sid, locale: 'en', upn: 'alice', ...person, realm_access: { roles: ['admin', 'user'] } })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
    .sign(privateKey);
  return { accessToken, refreshToken, idToken };
}
