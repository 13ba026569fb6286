import type { AuthErrorCode } from './errors';

/** Fixed copy per code. A provider's own error text is never shown: it is attacker-influenced. */
export const ERROR_COPY: Record<AuthErrorCode | 'unknown', { title: string; body: string }> = {
  unknown_provider: { title: 'Unknown sign-in provider', body: 'That sign-in option is not configured for this app.' },
  invalid_callback: { title: 'Sign-in could not be completed', body: 'The response from the sign-in provider did not match the sign-in you started. Please try again.' },
  login_expired: { title: 'Your sign-in expired', body: 'The sign-in took too long, was already used, or was started in another browser. Please sign in again.' },
  access_denied: { title: 'Sign-in was cancelled', body: 'The sign-in provider reports that access was denied. You can try again whenever you are ready.' },
  email_unverified: { title: 'Email address not verified', body: 'Your account at the sign-in provider has no verified email address. Verify it there, then sign in again.' },
  domain_not_allowed: { title: 'This account is not allowed here', body: 'Sign in with an account of the organization this app is for.' },
  provider_error: { title: 'The sign-in provider refused the request', body: 'Please try again. If this keeps happening, contact the site administrator.' },
  invalid_response: { title: 'Sign-in could not be verified', body: 'The response from the sign-in provider failed a security check, so you were not signed in.' },
  provider_unavailable: { title: 'Sign-in provider unavailable', body: 'The sign-in provider could not be reached. Please try again in a moment.' },
  store_unavailable: { title: 'Temporarily unavailable', body: 'Your session could not be checked just now. You are still signed in: please try again in a moment.' },
  session_too_large: { title: 'Session too large', body: 'The sign-in provider issued more data than fits in a browser session. Contact the site administrator.' },
  step_up_failed: { title: 'A stronger sign-in is needed', body: 'This page needs a more recent or stronger sign-in than the provider confirmed. Please sign in again.' },
  sign_in_refused: { title: 'Sign-in refused', body: 'Your account at the sign-in provider is fine, but this app does not let it in. Contact the site administrator if you think that is a mistake.' },
  unknown: { title: 'Something went wrong', body: 'Please try signing in again.' },
};
