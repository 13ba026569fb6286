import 'server-only';
import * as client from 'openid-client';
import type { ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { configurationFor } from './configuration';
import { toTokenResult } from './grants';
import { checkIdTokenClaims } from './id-token-checks';
import { verifyIdTokenSignature } from './id-token-signature';
import type { ProviderEnv, TokenResult } from './types';

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
  await verifyIdTokenSignature(provider, env, config.serverMetadata().jwks_uri, result.idToken, 'require');
  return result;
}
