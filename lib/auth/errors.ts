/**
 * Every auth failure the app shows a person. Pages map a code to fixed copy (app/auth/error);
 * a provider's own `error_description` is logged, never rendered.
 */
export const AUTH_ERROR_CODES = [
  'unknown_provider',
  'invalid_callback',
  'login_expired',
  'access_denied',
  'email_unverified',
  'domain_not_allowed',
  'provider_error',
  'invalid_response',
  'provider_unavailable',
  'store_unavailable',
  'session_expired',
  'session_too_large',
  'cross_site_request',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AuthError';
  }
}

export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === 'string' && (AUTH_ERROR_CODES as readonly string[]).includes(value);
}

/** The 503 answer for a session that cannot be used right now (see Freshness.unavailable). */
export function unavailableCode(cause: 'provider' | 'store'): 'provider_unavailable' | 'store_unavailable' {
  return cause === 'store' ? 'store_unavailable' : 'provider_unavailable';
}
