import { AuthError } from '../errors';

/** An ID token from a code exchange was minted moments ago: older than this is a replay or a broken clock. */
export const MAX_ID_TOKEN_AGE = 600;
/** How far ahead of our clock a provider's clock may run. */
export const CLOCK_SKEW = 60;

export interface AudiencePolicy {
  clientId: string;
  /** Other audiences this client trusts to share its ID tokens (empty unless configured). */
  trustedAudiences: readonly string[];
}

/**
 * Checks on an ID token that openid-client leaves to the client (it has already checked the
 * alg header, iss, aud containing us, exp, nonce, and azp when there are several audiences).
 */
export function checkIdTokenClaims(claims: Record<string, unknown>, policy: AudiencePolicy, now: number, options: { maxAge?: boolean } = {}): void {
  // OIDC Core 3.1.3.7 step 10: iat "can be used to reject tokens that were issued too far away
  // from the current time"; openid-client checks only its type in the code flow.
  const iat = claims.iat;
  if (typeof iat !== 'number') throw new AuthError('invalid_response', 'ID token has no iat');
  if (iat > now + CLOCK_SKEW) throw new AuthError('invalid_response', `ID token iat is ${iat - now} s in the future`);
  if (options.maxAge !== false && iat < now - MAX_ID_TOKEN_AGE) throw new AuthError('invalid_response', `ID token iat is ${now - iat} s old`);
  // Step 3: "The ID Token MUST be rejected if the ID Token does not list the Client as a valid
  // audience, or if it contains additional audiences not trusted by the Client."
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const untrusted = audiences.filter((audience) => audience !== policy.clientId && !policy.trustedAudiences.includes(String(audience)));
  if (untrusted.length > 0) throw new AuthError('invalid_response', `ID token names ${untrusted.length} audience(s) this client does not trust`);
  // Step 5: "If an azp Claim is present, the Client SHOULD verify that its client_id is the
  // Claim Value" - also with a single audience, where openid-client does not look.
  if (claims.azp !== undefined && claims.azp !== policy.clientId) throw new AuthError('invalid_response', 'ID token azp is another client');
}
