import { AuthError } from './errors';

/** An ID token from a code exchange was minted moments ago: older than this is a replay or a broken clock. */
export const MAX_ID_TOKEN_AGE = 600;
/** How far ahead of our clock a provider's clock may run. */
export const CLOCK_SKEW = 60;

/**
 * Checks on a verified ID token that openid-client leaves to the client (it has already checked
 * the signature, iss, aud, exp, nonce, and azp when there are several audiences).
 */
export function checkIdTokenClaims(claims: Record<string, unknown>, clientId: string, now: number): void {
  // OIDC Core 3.1.3.7 step 10: iat "can be used to reject tokens that were issued too far away
  // from the current time"; openid-client checks only its type in the code flow.
  const iat = claims.iat;
  if (typeof iat !== 'number') throw new AuthError('invalid_response', 'ID token has no iat');
  if (iat > now + CLOCK_SKEW) throw new AuthError('invalid_response', `ID token iat is ${iat - now} s in the future`);
  if (iat < now - MAX_ID_TOKEN_AGE) throw new AuthError('invalid_response', `ID token iat is ${now - iat} s old`);
  // Step 5: "If an azp Claim is present, the Client SHOULD verify that its client_id is the
  // Claim Value" - also with a single audience, where openid-client does not look.
  if (claims.azp !== undefined && claims.azp !== clientId) throw new AuthError('invalid_response', 'ID token azp is another client');
}
