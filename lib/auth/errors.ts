/**
 * The app's one error vocabulary. Two unions, one per audience:
 *
 * - AuthErrorCode: what a person is shown after a sign-in or session problem. Pages map each
 *   code to fixed copy (error-copy.ts); a provider's own `error_description` is logged, never
 *   rendered.
 * - ApiErrorCode: the `error` member of every JSON answer the app's routes give
 *   (`{ "error": "<code>" }`), so client code can switch on it.
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
  'session_too_large',
  'step_up_failed',
  // The app's onSignIn hook refused the person (its reason picks the page's copy).
  'sign_in_refused',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

export const API_ERROR_CODES = [
  // Sessions and CSRF (lib/auth).
  'unauthorized',
  'forbidden',
  'csrf_header_required',
  'cross_site_request',
  'payload_too_large',
  'provider_unavailable',
  'store_unavailable',
  // OAuth error codes the back-channel logout endpoint answers with (Back-Channel Logout 1.0 2.8).
  'invalid_request',
  'temporarily_unavailable',
  // Calling APIs for the person (lib/bff).
  'api_not_configured',
  'provider_not_accepted',
  'token_request_refused',
  'downstream_redirected',
  'downstream_timeout',
  'downstream_unavailable',
  'downstream_not_json',
  'downstream_response_too_large',
  // The API asks for a more recent or stronger sign-in (RFC 9470): see the answer's `signIn`.
  'step_up_required',
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

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

/**
 * The HTTP status of the error page for each code (RFC 9110 15): the person's own request was
 * wrong or is refused (4xx), or the provider or the store failed us (502/503).
 */
export const AUTH_ERROR_STATUS: Record<AuthErrorCode, number> = {
  unknown_provider: 404,
  invalid_callback: 400,
  login_expired: 400,
  access_denied: 403,
  email_unverified: 403,
  domain_not_allowed: 403,
  provider_error: 502,
  invalid_response: 502,
  provider_unavailable: 503,
  store_unavailable: 503,
  session_too_large: 500,
  step_up_failed: 403,
  sign_in_refused: 403,
};

export function isAuthErrorCode(value: unknown): value is AuthErrorCode {
  return typeof value === 'string' && (AUTH_ERROR_CODES as readonly string[]).includes(value);
}

/** The 503 answer for a session that cannot be used right now (see Freshness.unavailable). */
export function unavailableCode(cause: 'provider' | 'store'): 'provider_unavailable' | 'store_unavailable' {
  return cause === 'store' ? 'store_unavailable' : 'provider_unavailable';
}
