import 'server-only';
import * as client from 'openid-client';
import { nowSeconds } from '../clock';
import { redirectUri, type Env, type ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { configurationFor } from './configuration';
import { checkIdTokenClaims } from './id-token-checks';
import { dpopHandle, type DPoPKey } from './dpop';
import { verifyIdTokenSignature } from './id-token-signature';
import { traced } from '../observe/trace';
import type { AuthorizationRequest, ProviderEnv, StepUp, TokenResult } from './types';

export function randomState(): string {
  return client.randomState();
}

/**
 * RFC 9700 2.1.1 and 4.5: PKCE S256, plus state and nonce, on every authorization request. With
 * PAR (RFC 9126) the parameters go to the provider over the back channel, authenticated as the
 * client, and the browser's URL carries only client_id and a one-time request_uri.
 */
export async function authorizationRequest(provider: ProviderConfig, env: Env, stepUp: StepUp = {}): Promise<AuthorizationRequest> {
  const config = await configurationFor(provider, env);
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const parameters = {
    ...provider.authorizationParams,
    redirect_uri: redirectUri(env, provider),
    scope: provider.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    ...(stepUp.maxAge !== undefined && { max_age: String(stepUp.maxAge) }),
    ...(stepUp.acr && { acr_values: stepUp.acr.join(' ') }),
  };
  const metadata = config.serverMetadata();
  const pushed = provider.par || metadata.require_pushed_authorization_requests === true;
  if (pushed && !metadata.pushed_authorization_request_endpoint) throw new AuthError('provider_error', `${provider.id} has no pushed_authorization_request_endpoint, and PAR is configured`);
  const url = pushed ? await traced('oidc.par', { 'oidc.provider': provider.id }, () => client.buildAuthorizationUrlWithPAR(config, parameters)) : client.buildAuthorizationUrl(config, parameters);
  return { url, state, nonce, codeVerifier };
}

/** A provider that was asked for DPoP and answered with a Bearer token has downgraded the session. */
function expectTokenType(result: TokenResult, dpop: DPoPKey | undefined): void {
  if (dpop && result.tokenType !== 'DPoP') throw new AuthError('invalid_response', 'DPoP was asked for and a Bearer token came back');
}

/** OIDC Core 3.1.2.1: acr_values asked for must be what the new ID token says was done. */
function checkStepUp(claims: Record<string, unknown>, stepUp: StepUp): void {
  if (stepUp.acr && !stepUp.acr.includes(String(claims.acr))) throw new AuthError('step_up_failed', `ID token acr ${JSON.stringify(claims.acr)} is not one of ${stepUp.acr.join(', ')}`);
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
  checks: { state: string; nonce: string; codeVerifier: string; stepUp?: StepUp },
  dpop?: DPoPKey,
): Promise<TokenResult & { idTokenClaims: Record<string, unknown> }> {
  const config = await configurationFor(provider, env);
  const handle = dpop && { DPoP: await dpopHandle(config, dpop) };
  const checksForCode = {
    expectedState: checks.state,
    expectedNonce: checks.nonce,
    pkceCodeVerifier: checks.codeVerifier,
    idTokenExpected: true,
    // OIDC Core 3.1.2.1: with max_age, auth_time is required and must be that recent.
    maxAge: checks.stepUp?.maxAge,
  };
  const tokens = await traced('oidc.token.authorization_code', { 'oidc.provider': provider.id }, () => client.authorizationCodeGrant(config, callbackUrl, checksForCode, undefined, handle));
  const result = toTokenResult(tokens);
  if (!result.idTokenClaims || !result.idToken) throw new AuthError('invalid_response', 'no ID token in the token response');
  expectTokenType(result, dpop);
  checkIdTokenClaims(result.idTokenClaims, provider, result.receivedAt);
  checkStepUp(result.idTokenClaims, checks.stepUp ?? {});
  await verifyIdTokenSignature(provider, env, config.serverMetadata().jwks_uri, result.idToken, 'require');
  return { ...result, idTokenClaims: result.idTokenClaims };
}

/**
 * RFC 6749 6. Once the provider has answered 200 it has rotated the refresh token: from here on
 * the answer is kept whatever else is down (see verifyIdTokenSignature).
 */
export async function refreshGrant(provider: ProviderConfig, env: ProviderEnv, refreshToken: string, dpop?: DPoPKey): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const handle = dpop && { DPoP: await dpopHandle(config, dpop) };
  const result = toTokenResult(await traced('oidc.token.refresh_token', { 'oidc.provider': provider.id }, () => client.refreshTokenGrant(config, refreshToken, undefined, handle)));
  expectTokenType(result, dpop);
  if (result.idTokenClaims && result.idToken) {
    checkIdTokenClaims(result.idTokenClaims, provider, result.receivedAt, { maxAge: false });
    await verifyIdTokenSignature(provider, env, config.serverMetadata().jwks_uri, result.idToken, 'tls-fallback');
  }
  return result;
}

/**
 * RFC 6749 4.4: a token for the app itself, no user involved. RFC 8707 `resource` names the API
 * it is for, so the token is useless anywhere else. With `dpop` it is bound to that key (a
 * provider that requires DPoP-bound tokens of the client, as Keycloak does, requires it on
 * every grant, this one included).
 */
export async function clientCredentialsGrant(provider: ProviderConfig, env: Env, request: { resource: string; scope: string }, dpop?: DPoPKey): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const handle = dpop && { DPoP: await dpopHandle(config, dpop) };
  const result = toTokenResult(await traced('oidc.token.client_credentials', { 'oidc.provider': provider.id }, () => client.clientCredentialsGrant(config, { resource: request.resource, scope: request.scope }, handle)));
  expectTokenType(result, dpop);
  return result;
}

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

/**
 * RFC 8693 2.1: trade the user's access token for one meant for another audience. The result
 * speaks for the same user, so the first API's token never travels to the second service. With
 * `dpop` (the session's key, which a DPoP-bound subject token is bound to) the result is bound too.
 */
export async function exchangeToken(provider: ProviderConfig, env: Env, subjectToken: string, request: { audience: string; scope: string }, dpop?: DPoPKey): Promise<TokenResult> {
  const config = await configurationFor(provider, env);
  const handle = dpop && { DPoP: await dpopHandle(config, dpop) };
  const parameters = {
    subject_token: subjectToken,
    subject_token_type: ACCESS_TOKEN_TYPE,
    requested_token_type: ACCESS_TOKEN_TYPE,
    audience: request.audience,
    scope: request.scope,
  };
  const tokens = await traced('oidc.token.token_exchange', { 'oidc.provider': provider.id }, () => client.genericGrantRequest(config, TOKEN_EXCHANGE, parameters, handle));
  // RFC 8693 2.2.1: the provider says what it issued; anything but an access token is not one.
  if (tokens.issued_token_type !== ACCESS_TOKEN_TYPE) throw new AuthError('invalid_response', `token exchange issued ${String(tokens.issued_token_type)}`);
  const result = toTokenResult(tokens);
  expectTokenType(result, dpop);
  return result;
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
    tokenType: tokens.token_type.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer',
  };
}
