import 'server-only';
import { compactVerify } from 'jose';
import * as client from 'openid-client';
import type { Env } from '../config/env';
import { isLoopbackHost } from '../http/loopback';
import { processSingleton } from '../process-singleton';
import { nowSeconds } from '../clock';
import { AuthError, type AuthErrorCode } from '../errors';
import { checkIdTokenClaims } from './id-token-checks';
import { limitedFetch } from './limited-fetch';
import { verifyWithProviderKeys } from './provider-keys';
import { redirectUri, type ProviderConfig } from '../config/providers';

/** What provider calls need of the configuration: their time bound. */
export type ProviderEnv = Pick<Env, 'PROVIDER_TIMEOUT'>;

/**
 * The only module that imports openid-client. Everything else speaks the app's own types:
 * ProviderConfig in, TokenResult / URL out, AuthError on failure.
 */

export interface TokenResult {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresIn?: number;
  /**
   * Epoch seconds when the token response arrived: lifetimes count from here, not from when the
   * request began, so a slow provider or a wait for the store cannot make new tokens look old.
   */
  receivedAt: number;
  /** Verified ID token claims (signature, iss, aud, exp, iat, nonce), when an ID token was returned. */
  idTokenClaims?: Record<string, unknown>;
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

/**
 * Discovery runs once per provider and server process, and its result (plain metadata) is
 * shared by every Next bundle through lib/process-singleton.ts. Each bundle builds its own
 * Configuration from it: openid-client keeps a Configuration's internals in a module-private
 * WeakMap, so one bundle cannot use another bundle's instance, but building one costs no request.
 */
interface Discovery {
  metadata?: client.ServerMetadata;
  pending?: Promise<client.ServerMetadata>;
  failures?: { count: number; retryAt: number };
}
const discoveries = processSingleton('oidc-discovery', () => new Map<string, Discovery>());
const configurations = new Map<string, { metadata: client.ServerMetadata; config: client.Configuration }>();

/** After n failed discoveries in a row, wait 2^(n-1) s (at most a minute) before the next try. */
export function discoveryBackoffMs(failureCount: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failureCount - 1));
}

function discoveryKey(provider: ProviderConfig): string {
  return `${provider.id} ${provider.issuer} ${provider.clientId}`;
}

/**
 * A failed discovery is not cached for good: the next try comes after an exponential backoff,
 * and until then sign-in fails fast as provider_unavailable instead of every request waiting
 * on a provider that is down. Once discovered, the metadata serves for the life of the process.
 */
async function metadataFor(provider: ProviderConfig, env: ProviderEnv): Promise<client.ServerMetadata> {
  const key = discoveryKey(provider);
  let state = discoveries.get(key);
  if (!state) discoveries.set(key, (state = {}));
  if (state.metadata) return state.metadata;
  const { failures } = state;
  if (failures && Date.now() < failures.retryAt) {
    throw new AuthError('provider_unavailable', `discovery of ${provider.id} is backing off after ${failures.count} failure(s)`);
  }
  const current = state;
  current.pending ??= discover(provider, env)
    .then(
      (config) => {
        current.metadata = config.serverMetadata();
        current.failures = undefined;
        return current.metadata;
      },
      (error: unknown) => {
        const count = (current.failures?.count ?? 0) + 1;
        current.failures = { count, retryAt: Date.now() + discoveryBackoffMs(count) };
        throw error;
      },
    )
    .finally(() => (current.pending = undefined));
  return current.pending;
}

function isInsecure(provider: ProviderConfig): boolean {
  return new URL(provider.issuer).protocol === 'http:';
}

function clientAuth(provider: ProviderConfig): client.ClientAuth {
  // A public client (the device-login CLI) has no secret to keep: RFC 8628 3.1 allows `none`.
  return provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None();
}

/** Pin the ID token algorithm: otherwise it is taken from the provider's own metadata. */
const CLIENT_METADATA = { id_token_signed_response_alg: 'RS256' } as const;

async function discover(provider: ProviderConfig, env: ProviderEnv): Promise<client.Configuration> {
  const issuer = new URL(provider.issuer);
  if (isInsecure(provider) && !isLoopbackHost(issuer.hostname)) throw new AuthError('provider_error', `refusing plain http issuer ${issuer.origin}`);
  // Discover from the issuer, not the .well-known URL: only then does openid-client check that
  // the document's `issuer` equals the one configured (OIDC Discovery 1.0 section 4.3).
  return client.discovery(issuer, provider.clientId, CLIENT_METADATA, clientAuth(provider), {
    timeout: env.PROVIDER_TIMEOUT,
    [client.customFetch]: limitedFetch,
    execute: isInsecure(provider) ? [client.allowInsecureRequests] : [],
  });
}

async function configurationFor(provider: ProviderConfig, env: ProviderEnv): Promise<client.Configuration> {
  const key = discoveryKey(provider);
  const metadata = await metadataFor(provider, env);
  const built = configurations.get(key);
  if (built?.metadata === metadata) return built.config;
  const config = new client.Configuration(metadata, provider.clientId, CLIENT_METADATA, clientAuth(provider));
  config.timeout = env.PROVIDER_TIMEOUT;
  config[client.customFetch] = limitedFetch;
  if (isInsecure(provider)) client.allowInsecureRequests(config);
  configurations.set(key, { metadata, config });
  return config;
}

/**
 * The ID token's signature, checked against the provider's keys (lib/auth/provider-keys.ts)
 * after openid-client has checked its alg header (pinned), iss, aud, exp, iat and nonce. We
 * verify it ourselves rather than through openid-client's non-repudiation option so that a
 * JWKS outage is a decision here, not an exception that throws away a token response:
 *
 * - sign-in (`'require'`): no keys, no session. The person tries again; nothing is lost.
 * - refresh (`'tls-fallback'`): the provider has already rotated the refresh token, so its
 *   answer must be kept. OIDC Core 3.1.3.7 step 6 allows the TLS server validation of the
 *   token endpoint, which we authenticated to, in place of the signature for an ID token
 *   received directly from it; we rely on that only while the keys are unreachable.
 *
 * A signature that fails with keys at hand is refused either way.
 */
async function verifyIdTokenSignature(provider: ProviderConfig, env: ProviderEnv, config: client.Configuration, idToken: string, policy: 'require' | 'tls-fallback'): Promise<void> {
  const { jwks_uri: jwksUri } = config.serverMetadata();
  if (!jwksUri) throw new AuthError('invalid_response', `${provider.id} publishes no jwks_uri`);
  const verdict = await verifyWithProviderKeys(jwksUri, env.PROVIDER_TIMEOUT * 1000, (keys) => compactVerify(idToken, keys, { algorithms: [CLIENT_METADATA.id_token_signed_response_alg] }));
  if (verdict.status === 'verified') return;
  if (verdict.status === 'invalid') throw new AuthError('invalid_response', `ID token signature: ${verdict.reason}`);
  if (policy === 'require') throw new AuthError('provider_unavailable', `the signing keys of ${provider.id} are unreachable`);
  console.warn(`[auth] the signing keys of ${provider.id} are unreachable: refreshed ID token accepted on TLS to the token endpoint (OIDC Core 3.1.3.7 step 6)`);
}

export function randomState(): string {
  return client.randomState();
}

/** RFC 9700 2.1.1 and 4.5: PKCE S256, plus state and nonce, on every authorization request. */
export async function authorizationRequest(provider: ProviderConfig, env: Env): Promise<AuthorizationRequest> {
  const config = await configurationFor(provider, env);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    ...provider.authorizationParams,
    redirect_uri: redirectUri(env, provider),
    scope: provider.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url, state, nonce, codeVerifier };
}

/**
 * Validates the authorization response (state, RFC 9207 `iss` when the provider advertises it,
 * error parameters), redeems the code with the PKCE verifier and verifies the ID token.
 * `callbackUrl` is rebuilt from APP_URL: its origin and path become the redirect_uri.
 */
export async function exchangeCode(
  provider: ProviderConfig,
  env: Env,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<TokenResult & { idTokenClaims: Record<string, unknown> }> {
  const config = await configurationFor(provider, env);
  const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    pkceCodeVerifier: checks.codeVerifier,
    idTokenExpected: true,
  });
  const result = toTokenResult(tokens);
  if (!result.idTokenClaims || !result.idToken) throw new AuthError('invalid_response', 'no ID token in the token response');
  checkIdTokenClaims(result.idTokenClaims, provider, result.receivedAt);
  await verifyIdTokenSignature(provider, env, config, result.idToken, 'require');
  return { ...result, idTokenClaims: result.idTokenClaims };
}

/**
 * RFC 6749 6. Once the provider has answered 200 it has rotated the refresh token: from here on
 * the answer is kept whatever else is down (see verifyIdTokenSignature).
 */
export async function refreshGrant(provider: ProviderConfig, env: Env, refreshToken: string): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const result = toTokenResult(await client.refreshTokenGrant(config, refreshToken));
  if (result.idTokenClaims && result.idToken) {
    checkIdTokenClaims(result.idTokenClaims, provider, result.receivedAt, { maxAge: false });
    await verifyIdTokenSignature(provider, env, config, result.idToken, 'tls-fallback');
  }
  return result;
}

/**
 * RFC 6749 4.4: a token for the app itself, no user involved. RFC 8707 `resource` names the API
 * it is for, so the token is useless anywhere else.
 */
export async function clientCredentialsGrant(provider: ProviderConfig, env: Env, request: { resource: string; scope: string }): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  return toTokenResult(await client.clientCredentialsGrant(config, { resource: request.resource, scope: request.scope }));
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * RFC 8693 2.1: trade the user's access token for one meant for another audience. The result
 * speaks for the same user, so the first API's token never travels to the second service.
 */
export async function exchangeToken(provider: ProviderConfig, env: Env, subjectToken: string, request: { audience: string; scope: string }): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const tokens = await client.genericGrantRequest(config, TOKEN_EXCHANGE, {
    subject_token: subjectToken,
    subject_token_type: ACCESS_TOKEN_TYPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
    audience: request.audience,
    scope: request.scope,
  });
  // RFC 8693 2.2.1: the provider says what it issued; anything but an access token is not one.
  if (tokens.issued_token_type !== ACCESS_TOKEN_TYPE) throw new AuthError('invalid_response', `token exchange issued ${String(tokens.issued_token_type)}`);
  return toTokenResult(tokens);
}

export interface DeviceAuthorization {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresIn: number;
  interval: number;
  /** Opaque; passed back to pollDeviceAuthorization. */
  response: client.DeviceAuthorizationResponse;
}

/** RFC 8628 3.1-3.2: ask for a device code and the user code a person will type. */
export async function startDeviceAuthorization(provider: ProviderConfig, env: ProviderEnv): Promise<DeviceAuthorization> {
  const config = await configurationFor(provider, env);
  const response = await client.initiateDeviceAuthorization(config, { scope: provider.scope });
  return {
    userCode: response.user_code,
    verificationUri: response.verification_uri,
    verificationUriComplete: response.verification_uri_complete,
    expiresIn: response.expires_in,
    // RFC 8628 3.2: without an interval, clients wait 5 seconds between polls.
    interval: response.interval ?? 5,
    response,
  };
}

/**
 * RFC 8628 3.4-3.5: poll until the person approves or denies, or the code expires. openid-client
 * waits `interval` seconds before each poll, keeps polling on authorization_pending and adds 5
 * seconds to the interval on every slow_down; any other answer ends the loop as an error.
 * The ID token is verified like the code flow's (signature, iss, aud, exp, iat).
 */
export async function pollDeviceAuthorization(provider: ProviderConfig, env: ProviderEnv, authorization: DeviceAuthorization, signal: AbortSignal): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const result = toTokenResult(await client.pollDeviceAuthorizationGrant(config, authorization.response, undefined, { signal }));
  if (!result.idTokenClaims || !result.idToken) throw new AuthError('invalid_response', 'no ID token in the token response');
  checkIdTokenClaims(result.idTokenClaims, provider, result.receivedAt);
  await verifyIdTokenSignature(provider, env, config, result.idToken, 'require');
  return result;
}

/** What a logout token is checked against: the issuer and its signing keys (from discovery). */
export async function providerKeys(provider: ProviderConfig, env: Env): Promise<{ issuer: string; jwksUri: string }> {
  const metadata = await metadataFor(provider, env);
  if (!metadata.jwks_uri) throw new AuthError('invalid_response', `${provider.id} publishes no jwks_uri`);
  return { issuer: metadata.issuer, jwksUri: metadata.jwks_uri };
}

/** RFC 7009: revoking the refresh token ends the grant at the provider. A no-op without an endpoint. */
export async function revokeRefreshToken(provider: ProviderConfig, env: Env, refreshToken: string): Promise<boolean> {
  const config = await configurationFor(provider, env);
  if (!config.serverMetadata().revocation_endpoint) return false;
  await client.tokenRevocation(config, refreshToken, { token_type_hint: 'refresh_token' });
  return true;
}

/** OIDC RP-Initiated Logout 1.0 section 2; undefined when the provider has no end_session_endpoint. */
export async function endSessionUrl(provider: ProviderConfig, env: Env, idTokenHint: string | undefined, state: string): Promise<URL | undefined> {
  const config = await configurationFor(provider, env);
  if (!config.serverMetadata().end_session_endpoint) return undefined;
  return client.buildEndSessionUrl(config, {
    post_logout_redirect_uri: `${env.APP_URL}/`,
    state,
    ...(idTokenHint ? { id_token_hint: idTokenHint } : { client_id: provider.clientId }),
  });
}

function toTokenResult(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenResult {
  if (!tokens.access_token) throw new AuthError('invalid_response', 'no access token in the token response');
  const claims = tokens.claims();
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    expiresIn: tokens.expiresIn(),
    receivedAt: nowSeconds(),
    idTokenClaims: claims ? { ...claims } : undefined,
  };
}

export interface ClassifiedError {
  code: AuthErrorCode;
  /** The OAuth `error` value when the provider sent one (for logs and refresh decisions). */
  oauthError?: string;
  /** Worth retrying later: the network, a timeout or a 5xx, not a verdict about the request. */
  transient: boolean;
}

/** Maps whatever openid-client (or fetch) threw onto the app's error codes. */
export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof AuthError) return { code: error.code, transient: error.code === 'provider_unavailable' };
  if (error instanceof client.AuthorizationResponseError) {
    return { code: error.error === 'access_denied' ? 'access_denied' : 'provider_error', oauthError: error.error, transient: false };
  }
  if (error instanceof client.ResponseBodyError) {
    // RFC 8628 3.5: the device grant's verdicts, as the code flow names them.
    if (error.error === 'access_denied') return { code: 'access_denied', oauthError: error.error, transient: false };
    if (error.error === 'expired_token') return { code: 'login_expired', oauthError: error.error, transient: false };
    const transient = error.status >= 500 || error.error === 'temporarily_unavailable';
    return { code: transient ? 'provider_unavailable' : 'provider_error', oauthError: error.error, transient };
  }
  if (error instanceof TypeError) return { code: 'provider_unavailable', transient: true };
  if (error instanceof client.ClientError) {
    if (error.code === 'OAUTH_TIMEOUT' || error.code === 'OAUTH_ABORT') return { code: 'provider_unavailable', transient: true };
    if (error.cause instanceof Response && error.cause.status >= 500) return { code: 'provider_unavailable', transient: true };
    if (error.cause instanceof TypeError) return { code: 'provider_unavailable', transient: true };
  }
  return { code: 'invalid_response', transient: false };
}
