import 'server-only';
import { compactVerify } from 'jose';
import type { ProviderConfig } from '../config';
import { AuthError } from '../errors';
import { verifyWithProviderKeys } from './provider-keys';
import type { ProviderEnv } from './types';

/**
 * The ID token's signature, checked against the provider's keys (lib/auth/provider-keys.ts)
 * after openid-client has checked its alg header (pinned), iss, aud, exp, iat and nonce. We
 * verify it ourselves rather than through openid-client's non-repudiation option so that a
 * JWKS outage is a decision here, not an exception that throws away a token response:
 *
 * - sign-in (`'require'`): no keys, no session. The person tries again; nothing is lost.
 * - refresh (`'tls-fallback'`): the provider has already rotated the refresh token, so its
 *   answer must be kept. OIDC Core 3.1.3.7 step 6 allows the TLS server validation of the
 *   token endpoint, which we authenticated to, in place of the signature for an ID token
 *   received directly from it; we rely on that only while the keys are unreachable.
 *
 * A signature that fails with keys at hand is refused either way.
 */
export async function verifyIdTokenSignature(provider: ProviderConfig, env: ProviderEnv, jwksUri: string | undefined, idToken: string, policy: 'require' | 'tls-fallback'): Promise<void> {
  if (!jwksUri) throw new AuthError('invalid_response', `${provider.id} publishes no jwks_uri`);
  const verdict = await verifyWithProviderKeys(jwksUri, env.PROVIDER_TIMEOUT * 1000, (keys) => compactVerify(idToken, keys, { algorithms: [provider.idTokenAlg] }));
  if (verdict.status === 'verified') return;
  if (verdict.status === 'invalid') throw new AuthError('invalid_response', `ID token signature: ${verdict.reason}`);
  if (policy === 'require') throw new AuthError('provider_unavailable', `the signing keys of ${provider.id} are unreachable`);
  console.warn(`[auth] the signing keys of ${provider.id} are unreachable: refreshed ID token accepted on TLS to the token endpoint (OIDC Core 3.1.3.7 step 6)`);
}
