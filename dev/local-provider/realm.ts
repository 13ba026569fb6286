import { createPublicKey, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import Provider, { errors, type ClientMetadata, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import { createMemoryAdapter } from 'oidc-provider/lib/adapters/memory_adapter.js';
import { DEMO_API_AUDIENCE, DEV_API_CLIENT_ID, DEV_API_CLIENT_SECRET, DEV_CLI_CLIENT_ID, DEV_FAPI_CLIENT_ID } from '../defaults';
import { isLoopbackHost } from '../../lib/auth/http/loopback';
import { accountBySub } from './accounts';
import { deviceFlowPages } from './device-flow';
import { logoutPage, messagePage } from './pages';
import { requireResourceServer, resourceServerInfo } from './resource-servers';
import type { RealmSettings, Settings } from './settings';
import { TOKEN_EXCHANGE_GRANT, registerTokenExchange } from './token-exchange';

/** The API audience of the demo realm's access tokens: JWTs carrying realm roles, like Keycloak's. */
export const API_RESOURCE = DEMO_API_AUDIENCE;

export interface Realm {
  name: 'demo' | 'google';
  title: string;
  settings: RealmSettings;
  provider: Provider;
  /** Called with the authorization request's parameters when consent is granted. */
  onConsent(params: Record<string, unknown>, grantId: string): void;
}

/** An RSA key (RS256 and PS256 ID tokens, JWT access tokens), with a kid naming the realm. */
function signingKey(realm: RealmSettings): JsonWebKey & { kid: string } {
  return { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: `${realm.path.slice(1).replace('/', '-')}-${Date.now()}`, use: 'sig' };
}

/** A P-256 key, so a client may pin ES256 ID tokens. */
function ecSigningKey(realm: RealmSettings): JsonWebKey & { kid: string } {
  return { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), kid: `${realm.path.slice(1).replace('/', '-')}-ec-${Date.now()}`, alg: 'ES256', use: 'sig' };
}

/**
 * RFC 7009 2.1: a client revokes only tokens issued to it; a confidential client asking for
 * another's is told so, a public one gets the same 200 as for an unknown token. This is
 * oidc-provider's default policy, written out: left implicit, the first sign-out prints a notice
 * ("default features.revocation.allowedPolicy function called, you SHOULD change it").
 */
function ownTokensOnly(_ctx: KoaContextWithOIDC, client: { clientId: string; clientAuthMethod?: string }, token: { clientId?: string }): boolean {
  if (token.clientId === client.clientId) return true;
  if (client.clientAuthMethod === 'none') return false;
  throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
}

/**
 * RFC 7662 2.1: the caller authenticates; a public client may introspect only its own tokens.
 * oidc-provider's default, written out for the same reason as ownTokensOnly (its notice on the
 * first introspection, which the sample API makes for an opaque Google-shaped token).
 */
function introspectionAllowed(ctx: KoaContextWithOIDC, client: { clientId: string; clientAuthMethod?: string }, token: { clientId?: string }): boolean {
  return client.clientAuthMethod !== 'none' || token.clientId === ctx.oidc.client?.clientId;
}

interface Extras {
  key: JsonWebKey & { kid: string };
  backchannelProviderId?: string;
  /** Grants of the app's client beyond the code flow and refresh. */
  grantTypes?: string[];
  otherClients?: ClientMetadata[];
}

/** What both shapes share: the app's confidential client (code flow, PKCE required, plus `grantTypes`), memory storage. */
function baseConfiguration(settings: Settings, realm: RealmSettings, callbackProviderIds: string[], { key, backchannelProviderId, grantTypes = [], otherClients = [] }: Extras): Configuration {
  return {
    // The same in-memory storage oidc-provider falls back to, named on purpose: without it, each
    // realm prints "a quick start development-only in-memory adapter is used, you MUST change it"
    // at start. Losing every grant on restart, in one process, is what a dev provider is for.
    // 15 s is its default clockTolerance, which its fallback passes too: entries outlive their
    // expiry by that much, so an expired device code is still found and answered expired_token.
    adapter: createMemoryAdapter(15),
    clients: [
      ...otherClients,
      {
        client_id: realm.clientId,
        client_secret: realm.clientSecret,
        redirect_uris: callbackProviderIds.map((id) => `${settings.appUrl}/auth/callback/${id}`),
        post_logout_redirect_uris: [`${settings.appUrl}/`],
        grant_types: ['authorization_code', 'refresh_token', ...grantTypes],
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
    jwks: { keys: [key, ecSigningKey(realm)] },
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
      ClientCredentials: settings.ttl.accessToken,
      DeviceCode: settings.ttl.deviceCode,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = messagePage('Sign-in error', `${String(out.error)}: ${String(out.error_description ?? '')}`);
    },
  };
}

/**
 * A Keycloak-shaped realm: rotating refresh tokens on every code grant (bound to the provider
 * session), JWT access tokens with `realm_access.roles` for the demo API (RFC 9068),
 * RP-initiated logout, revocation and back-channel logout. It also serves the generic `oidc`
 * preset (a second redirect URI). The app's client may also use client credentials and token
 * exchange (RFC 8693); a public CLI client signs in with the device grant (RFC 8628).
 */
export function createKeycloakRealm(settings: Settings): Realm {
  const realm = settings.demo;
  const key = signingKey(realm);
  const cliClient: ClientMetadata = {
    client_id: DEV_CLI_CLIENT_ID,
    client_name: 'Demo CLI (npm run device-login)',
    token_endpoint_auth_method: 'none',
    grant_types: ['urn:ietf:params:oauth:grant-type:device_code'],
    response_types: [],
    redirect_uris: [],
    id_token_signed_response_alg: 'RS256',
  };
  // FAPI 2.0's building blocks, as Keycloak's client policies enforce them: PAR required,
  // private_key_jwt with the app's own keys (fetched from the app, as a provider registered by
  // jwks_uri does), DPoP-bound tokens with server nonces on every grant, PS256 ID tokens. The
  // app uses it as its generic preset ("oidc").
  const fapiClient: ClientMetadata = {
    client_id: DEV_FAPI_CLIENT_ID,
    client_name: 'Next OIDC BFF (high-security profile)',
    token_endpoint_auth_method: 'private_key_jwt',
    jwks_uri: `${settings.appUrl}/auth/jwks`,
    redirect_uris: ['keycloak', 'oidc'].map((id) => `${settings.appUrl}/auth/callback/${id}`),
    post_logout_redirect_uris: [`${settings.appUrl}/`],
    grant_types: ['authorization_code', 'refresh_token', 'client_credentials', TOKEN_EXCHANGE_GRANT],
    response_types: ['code'],
    require_pushed_authorization_requests: true,
    dpop_bound_access_tokens: true,
    id_token_signed_response_alg: 'PS256',
    // Its logout tokens are PS256 too (Back-Channel Logout 1.0 2.6 step 3), as Keycloak's are.
    backchannel_logout_uri: `${settings.appUrl}/auth/backchannel-logout/oidc`,
    backchannel_logout_session_required: true,
  };
  const configuration: Configuration = {
    ...baseConfiguration(settings, realm, ['keycloak', 'oidc'], { key, backchannelProviderId: 'keycloak', grantTypes: ['client_credentials', TOKEN_EXCHANGE_GRANT], otherClients: [cliClient, fapiClient] }),
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
    async extraTokenClaims(ctx, token) {
      if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
      const account = accountBySub(token.accountId);
      // RFC 9068 2.2.1: auth_time and acr, so an API can ask for a step-up (RFC 9470).
      const { AuthorizationCode: code, RefreshToken: refresh } = ctx.oidc.entities;
      const authTime = code?.authTime ?? refresh?.authTime;
      const acr = code?.acr ?? refresh?.acr;
      return { preferred_username: account?.username, realm_access: { roles: account?.roles ?? [] }, ...(authTime && { auth_time: authTime }), ...(acr && { acr }) };
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      backchannelLogout: { enabled: true },
      // RFC 9449 9: server nonces for the high-security client, so its one-retry path is exercised.
      dPoP: { enabled: true, nonceSecret: randomBytes(32), requireNonce: (ctx: KoaContextWithOIDC) => ctx.oidc.client?.clientId === DEV_FAPI_CLIENT_ID },
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
        getResourceServerInfo: async (_ctx, resource) => requireResourceServer(resource, settings.ttl.accessToken),
      },
      clientCredentials: { enabled: true },
      deviceFlow: { enabled: true, ...deviceFlowPages },
    },
  };
  const provider = new Provider(realm.issuer, configuration);
  registerTokenExchange(provider, createPublicKey({ key, format: 'jwk' }), (audience) => resourceServerInfo(audience, settings.ttl.accessToken));
  return { name: 'demo', title: 'Sign in to the demo realm', settings: realm, provider, onConsent: () => undefined };
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
    // The sample API's own client, so it can introspect the opaque access tokens (RFC 7662).
    ...baseConfiguration(settings, realm, ['google'], {
      key: signingKey(realm),
      otherClients: [{ client_id: DEV_API_CLIENT_ID, client_secret: DEV_API_CLIENT_SECRET, grant_types: [], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' }],
    }),
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
      revocation: { enabled: true, allowedPolicy: ownTokensOnly },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
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
