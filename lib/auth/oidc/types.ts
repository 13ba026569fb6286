import type { Env } from '../config';

/** What provider calls need of the configuration: their time bound. */
export type ProviderEnv = Pick<Env, 'PROVIDER_TIMEOUT'>;

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
}

export interface AuthorizationRequest {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}
