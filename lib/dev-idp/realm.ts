import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { isLoopbackHost } from '../loopback';
import { accountBySub } from './accounts';
import { logoutPage, messagePage } from './pages';
import type { RealmSettings, Settings } from './settings';

/** The API audience of the demo realm's access tokens: JWTs carrying realm roles, like Keycloak's. */
export const API_RESOURCE = 'urn:demo:api';

export interface Realm {
  name: 'demo' | 'google';
  title: string;
  settings: RealmSettings;
  provider: Provider;
  /** Called with the authorization request's parameters when consent is granted. */
  onConsent(params: Record<string, unknown>, grantId: string): void;
}

/** What both shapes share: one confidential client, PKCE required, code flow only, memory storage. */
function baseConfiguration(settings: Settings, realm: RealmSettings, callbackProviderIds: string[], backchannelProviderId?: string): Configuration {
  const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: `${realm.path.slice(1).replace('/', '-')}-${Date.now()}`, alg: 'RS256', use: 'sig' };
  return {
    clients: [
      {
        client_id: realm.clientId,
        client_secret: realm.clientSecret,
        redirect_uris: callbackProviderIds.map((id) => `${settings.appUrl}/auth/callback/${id}`),
        post_logout_redirect_uris: [`${settings.appUrl}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
        ...(backchannelProviderId && {
          backchannel_logout_uri: `${settings.appUrl}/auth/backchannel-logout/${backchannelProviderId}`,
          backchannel_logout_session_required: true,
        }),
      },
    ],
    // oidc-provider refuses outgoing calls to special-use addresses (SSRF protection), which
    // would block back-channel logout to an app on localhost. This dev provider lifts that for
    // loopback targets only; a real provider keeps it.
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const target = new URL(input instanceof Request ? input.url : input);
      if (!isLoopbackHost(target.hostname)) return globalThis.fetch(input, init);
      const { dispatcher: _ssrfGuard, ...rest } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(input, rest);
    },
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    responseTypes: ['code'],
    pkce: { required: () => true },
    // The scope's claims go into the ID token, as Keycloak and Google do: no userinfo call needed.
    conformIdTokenClaims: false,
    interactions: { url: (_ctx, interaction) => `${realm.path}/interaction/${interaction.uid}` },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: settings.ttl.accessToken,
      IdToken: settings.ttl.idToken,
      RefreshToken: settings.ttl.refreshToken,
      Session: settings.ttl.session,
      Grant: settings.ttl.refreshToken,
      Interaction: 600,
      AuthorizationCode: 60,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in error', `${String(out.error)}: ${String(out.error_description ?? '')}`);
    },
  };
}

/**
 * A Keycloak-shaped realm: rotating refresh tokens on every code grant (bound to the provider
 * session), JWT access tokens with `realm_access.roles`, RP-initiated logout, revocation and
 * back-channel logout. It also serves the generic `oidc` preset (a second redirect URI).
 */
export function createKeycloakRealm(settings: Settings): Realm {
  const realm = settings.demo;
  const configuration: Configuration = {
    ...baseConfiguration(settings, realm, ['keycloak', 'oidc'], 'keycloak'),
    async findAccount(_ctx, sub) {
      const account = accountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: account.name, preferred_username: account.username, email: account.email, email_verified: account.emailVerified }),
      };
    },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], email: ['email', 'email_verified'] },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    async extraTokenClaims(_ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      return { realm_access: { roles: accountBySub(token.accountId)?.roles ?? [] } };
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
        getResourceServerInfo: async () => ({ scope: 'api', audience: 'account', accessTokenFormat: 'jwt', accessTokenTTL: settings.ttl.accessToken, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  };
  return { name: 'demo', title: 'Sign in to the demo realm', settings: realm, provider: new Provider(realm.issuer, configuration), onConsent: () => undefined };
}

/**
 * A Google-shaped issuer: opaque access tokens, no end_session_endpoint, revocation, the
 * `email_verified` and `hd` claims, and a refresh token only when the authorization request
 * said access_type=offline with prompt=consent.
 */
export function createGoogleRealm(settings: Settings): Realm {
  const realm = settings.google;
  const offlineGrants = new Set<string>();
  const configuration: Configuration = {
    ...baseConfiguration(settings, realm, ['google']),
    extraParams: ['access_type', 'hd'],
    async findAccount(_ctx, sub) {
      const account = accountBySub(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, name: account.name, email: account.email, email_verified: account.emailVerified, ...(account.hostedDomain && { hd: account.hostedDomain }) }),
      };
    },
    claims: { openid: ['sub', 'hd'], profile: ['name'], email: ['email', 'email_verified'] },
    // One refresh token per consented offline authorization: a later sign-in without
    // prompt=consent gets none, as at Google.
    async issueRefreshToken(_ctx, client, code) {
      const offline = Boolean(code.grantId && offlineGrants.delete(code.grantId));
      return offline && client.grantTypeAllowed('refresh_token');
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      rpInitiatedLogout: { enabled: false },
    },
  };
  return {
    name: 'google',
    title: 'Sign in with Google (local imitation)',
    settings: realm,
    provider: new Provider(realm.issuer, configuration),
    onConsent(params, grantId) {
      const prompts = String(params.prompt ?? '').split(' ');
      if (params.access_type === 'offline' && prompts.includes('consent')) offlineGrants.add(grantId);
    },
  };
}
