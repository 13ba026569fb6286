import type { Env } from '../config';

/** What provider calls need of the configuration: their time bound. */
export type ProviderEnv = Pick<Env, 'PROVIDER_TIMEOUT' | 'clientKeys'>;

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
  /** `DPoP` when the access token is bound to the session's key (RFC 9449 5), else `Bearer`. */
  tokenType: 'Bearer' | 'DPoP';
}

/**
 * A step-up: how recently, or how strongly, the person must have authenticated (OIDC Core
 * 3.1.2.1 max_age and acr_values; RFC 9470). Checked against the new ID token's auth_time / acr.
 */
export interface StepUp {
  /** Seconds since the person last authenticated at the provider. */
  maxAge?: number;
  /** Authentication context class references, in order of preference. */
  acr?: string[];
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}
