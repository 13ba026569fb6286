import 'server-only';
import * as client from 'openid-client';
import { nowSeconds } from '../clock';
import { redirectUri, type Env, type ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { configurationFor } from './configuration';
import { checkIdTokenClaims } from './id-token-checks';
import { verifyIdTokenSignature } from './id-token-signature';
import type { AuthorizationRequest, TokenResult } from './types';

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
  await verifyIdTokenSignature(provider, env, config.serverMetadata().jwks_uri, result.idToken, 'require');
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
    await verifyIdTokenSignature(provider, env, config.serverMetadata().jwks_uri, result.idToken, 'tls-fallback');
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

export function toTokenResult(tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): TokenResult {
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
