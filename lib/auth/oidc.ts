import 'server-only';
import * as client from 'openid-client';
import type { Env } from '../env';
import { isLoopbackHost } from '../loopback';
import { AuthError, type AuthErrorCode } from './errors';
import { checkIdTokenClaims } from './id-token-checks';
import { limitedFetch } from './limited-fetch';
import { redirectUri, type ProviderConfig } from './providers';

/**
 * The only module that imports openid-client. Everything else speaks the app's own types:
 * ProviderConfig in, TokenResult / URL out, AuthError on failure.
 */

export interface TokenResult {
  accessToken: string;
  refreshToken?: string;
  idToken?: string;
  expiresIn?: number;
  /** Verified ID token claims (signature, iss, aud, exp, iat, nonce), when an ID token was returned. */
  idTokenClaims?: Record<string, unknown>;
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

// Per bundle on purpose, unlike lib/process-singleton.ts: openid-client keeps a Configuration's
// internals in a module-private WeakMap, so one bundle cannot use another bundle's instance.
const configurations = new Map<string, Promise<client.Configuration>>();
const failures = new Map<string, { count: number; retryAt: number }>();

/** After n failed discoveries in a row, wait 2^(n-1) s (at most a minute) before the next try. */
export function discoveryBackoffMs(failureCount: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, failureCount - 1));
}

/**
 * Discovery runs once per provider and process. A failure is not cached for good: the next try
 * comes after an exponential backoff, and until then sign-in fails fast as provider_unavailable
 * instead of every request waiting on a provider that is down.
 */
function configurationFor(provider: ProviderConfig, env: Env): Promise<client.Configuration> {
  const key = `${provider.id} ${provider.issuer} ${provider.clientId}`;
  const failure = failures.get(key);
  if (failure && Date.now() < failure.retryAt) {
    return Promise.reject(new AuthError('provider_unavailable', `discovery of ${provider.id} is backing off after ${failure.count} failure(s)`));
  }
  let pending = configurations.get(key);
  if (!pending) {
    pending = discover(provider, env);
    configurations.set(key, pending);
    pending.then(
      () => failures.delete(key),
      () => {
        configurations.delete(key);
        const count = (failures.get(key)?.count ?? 0) + 1;
        failures.set(key, { count, retryAt: Date.now() + discoveryBackoffMs(count) });
      },
    );
  }
  return pending;
}

async function discover(provider: ProviderConfig, env: Env): Promise<client.Configuration> {
  const issuer = new URL(provider.issuer);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !isLoopbackHost(issuer.hostname)) throw new AuthError('provider_error', `refusing plain http issuer ${issuer.origin}`);
  // Discover from the issuer, not the .well-known URL: only then does openid-client check that
  // the document's `issuer` equals the one configured (OIDC Discovery 1.0 section 4.3).
  return client.discovery(
    issuer,
    provider.clientId,
    // Pin the ID token algorithm: otherwise it is taken from the provider's own metadata.
    { id_token_signed_response_alg: 'RS256' },
    // A public client (the device-login CLI) has no secret to keep: RFC 8628 3.1 allows `none`.
    provider.clientSecret ? client.ClientSecretBasic(provider.clientSecret) : client.None(),
    {
      timeout: env.PROVIDER_TIMEOUT,
      [client.customFetch]: limitedFetch,
      // openid-client skips ID token signature checks in the code flow (TLS to the token endpoint
      // is deemed enough, OIDC Core 3.1.3.7 step 6); we verify them anyway, against the JWKS.
      execute: [...(insecure ? [client.allowInsecureRequests] : []), client.enableNonRepudiationChecks],
    },
  );
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
  if (!result.idTokenClaims) throw new AuthError('invalid_response', 'no ID token in the token response');
  checkIdTokenClaims(result.idTokenClaims, provider.clientId, Math.floor(Date.now() / 1000));
  return { ...result, idTokenClaims: result.idTokenClaims };
}

export async function refreshGrant(provider: ProviderConfig, env: Env, refreshToken: string): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  return toTokenResult(await client.refreshTokenGrant(config, refreshToken));
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
export async function startDeviceAuthorization(provider: ProviderConfig, env: Env): Promise<DeviceAuthorization> {
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
export async function pollDeviceAuthorization(provider: ProviderConfig, env: Env, authorization: DeviceAuthorization, signal: AbortSignal): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const result = toTokenResult(await client.pollDeviceAuthorizationGrant(config, authorization.response, undefined, { signal }));
  if (!result.idTokenClaims) throw new AuthError('invalid_response', 'no ID token in the token response');
  checkIdTokenClaims(result.idTokenClaims, provider.clientId, Math.floor(Date.now() / 1000));
  return result;
}

/** What a logout token is checked against: the issuer and its signing keys (from discovery). */
export async function providerKeys(provider: ProviderConfig, env: Env): Promise<{ issuer: string; jwksUri: string }> {
  const metadata = (await configurationFor(provider, env)).serverMetadata();
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
