import 'server-only';
import { AuthError, type AuthErrorCode } from '../../lib/auth/errors';
import { classifyError, pollDeviceAuthorization, startDeviceAuthorization, type DeviceAuthorization, type ProviderEnv } from '../../lib/auth/oidc';
import type { ProviderConfig } from '../../lib/auth/config/providers';

export interface DeviceLoginOptions {
  /** Shows the person where to go and what to type (RFC 8628 3.3). */
  prompt(authorization: DeviceAuthorization): void;
  /** Aborts the wait (Ctrl-C). */
  signal?: AbortSignal;
}

/** Fixed copy per outcome: what the person at the terminal can do about it. */
export const DEVICE_LOGIN_MESSAGES: Partial<Record<AuthErrorCode, string>> = {
  access_denied: 'The sign-in was denied in the browser. Nothing was signed in.',
  login_expired: 'The code expired before it was approved. Run npm run device-login again for a new one.',
  provider_unavailable: 'The provider could not be reached. Check that it is running (npm run dev) and try again.',
};

/** The public client `npm run device-login` signs in as: same issuer, its own client id, no secret. */
export function cliProvider(issuer: string, clientId: string): ProviderConfig {
  return { id: 'keycloak', label: 'device-login', issuer, clientId, clientSecret: '', scope: 'openid profile email', authorizationParams: {}, rolesClaims: ['realm_access.roles'], logoutAtProvider: false, requireVerifiedEmail: false, trustedAudiences: [], profile: 'standard', clientAuth: 'none', par: false, dpop: false, idTokenAlg: 'RS256' };
}

/**
 * RFC 8628 end to end: ask for a code, show it, poll until the person approves in a browser,
 * and return the verified ID token claims. Every failure is an AuthError with a code.
 */
export async function deviceLogin(provider: ProviderConfig, env: ProviderEnv, options: DeviceLoginOptions): Promise<Record<string, unknown>> {
  try {
    const authorization = await startDeviceAuthorization(provider, env);
    options.prompt(authorization);
    // Our own deadline, a little after the code's: the provider's expired_token is the usual end,
    // and this one stops the wait even if the provider never says so.
    const deadline = AbortSignal.timeout((authorization.expiresIn + 2 * authorization.interval) * 1000);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    try {
      const tokens = await pollDeviceAuthorization(provider, env, authorization, signal);
      return tokens.idTokenClaims ?? {};
    } catch (error) {
      if (deadline.aborted) throw new AuthError('login_expired', 'the device code expired while waiting', { cause: error });
      throw error;
    }
  } catch (error) {
    if (error instanceof AuthError) throw error;
    const { code, oauthError } = classifyError(error);
    throw new AuthError(code, `device login failed${oauthError ? `: ${oauthError}` : ''}`, { cause: error });
  }
}
