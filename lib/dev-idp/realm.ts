import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { accountBySub } from './accounts';
import { logoutPage, messagePage } from './pages';
import type { Settings } from './settings';

/** The API audience of access tokens; like Keycloak, they are JWTs carrying realm roles. */
export const API_RESOURCE = 'urn:demo:api';

/**
 * A Keycloak-shaped realm: confidential client, PKCE required, rotating refresh tokens bound to
 * the provider session, JWT access tokens with `realm_access.roles`, RP-initiated logout,
 * revocation and back-channel logout. Memory only: restarting it forgets every session.
 */
export function createRealm(settings: Settings): Provider {
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: `dev-${Date.now()}`, alg: 'RS256', use: 'sig' };
  const configuration: Configuration = {
    clients: [
      {
        client_id: settings.clientId,
        client_secret: settings.clientSecret,
        redirect_uris: [`${settings.appUrl}/auth/callback/keycloak`],
        post_logout_redirect_uris: [`${settings.appUrl}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    async findAccount(_ctx, sub) {
      const account = accountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return { sub, name: account.name, preferred_username: account.username, email: account.email, email_verified: true };
        },
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    // Keycloak puts the scope's claims into the ID token; so do we, so the app needs no userinfo call.
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    interactions: { url: (_ctx, interaction) => `${settings.realmPath}/interaction/${interaction.uid}` },
    // Keycloak issues a refresh token on every code grant, without offline_access.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      return { realm_access: { roles: accountBySub(token.accountId)?.roles ?? [] } };
    },
    ttl: {
      AccessToken: settings.ttl.accessToken,
      IdToken: settings.ttl.idToken,
      RefreshToken: settings.ttl.refreshToken,
      Session: settings.ttl.session,
      Grant: settings.ttl.refreshToken,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.body = logoutPage(form, Boolean(ctx.oidc.params?.id_token_hint));
        },
        async postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = messagePage('Signed out', 'You are signed out of the demo realm.');
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => API_RESOURCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: 'api',
          audience: 'account',
          accessTokenFormat: 'jwt',
          accessTokenTTL: settings.ttl.accessToken,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in error', `${String(out.error)}: ${String(out.error_description ?? '')}`);
    },
  };
  return new Provider(settings.issuer, configuration);
}
