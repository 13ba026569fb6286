import * as client from 'openid-client';
import { AuthError, type AuthErrorCode } from '../errors';
import { isStoreUnavailable } from '../store';

export interface ClassifiedError {
  code: AuthErrorCode;
  /** The OAuth `error` value when the provider sent one (for logs and refresh decisions). */
  oauthError?: string;
  /** Worth retrying later: the network, a timeout or a 5xx, not a verdict about the request. */
  transient: boolean;
}

/** Maps whatever openid-client (or fetch) threw onto the app's error codes. */
export function classifyError(error: unknown): ClassifiedError {
  if (isStoreUnavailable(error)) return { code: 'store_unavailable', transient: true };
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
