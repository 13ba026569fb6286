import { createHash, randomBytes } from 'node:crypto';
import { EmbeddedJWK, calculateJwkThumbprint, decodeProtectedHeader, errors, jwtVerify, type JWK } from 'jose';
import { z } from 'zod';
import { BearerError } from './bearer';

/**
 * RFC 9449 7 and 4.3, the resource server's side: the proof in the DPoP header shows that the
 * caller holds the key the access token is bound to (its `cnf.jkt`), for this method and URL,
 * once. A token stolen without the key, or a proof replayed or made for another request, fails.
 */
export const DPOP_ALGORITHMS = ['ES256', 'PS256'];
/** How far a proof's iat may be from our clock (RFC 9449 11.1: a short window, then jti replay). */
const IAT_WINDOW_SECONDS = 60;

const ProofClaims = z.object({ jti: z.string().min(16).max(200), htm: z.string(), htu: z.string(), iat: z.number(), ath: z.string(), nonce: z.string().optional() });

export interface DPoPCheck {
  /** The request's method and the URL the resource server is reached at (no query or fragment). */
  method: string;
  url: string;
  accessToken: string;
  /** The proof JWT, from the request's one DPoP header. */
  proof: string;
}

/**
 * Proof checks for one resource server: replayed jtis are remembered for the window (bounded),
 * and, when `requireNonce`, proofs must carry a nonce this server handed out (RFC 9449 9).
 */
export function dpopVerifier(options: { requireNonce?: boolean } = {}) {
  const seen = new Map<string, number>();
  const nonces = { current: randomBytes(16).toString('base64url'), previous: '' };
  setInterval(() => Object.assign(nonces, { previous: nonces.current, current: randomBytes(16).toString('base64url') }), 5 * 60_000).unref();

  function remember(jti: string, now: number): boolean {
    for (const [id, at] of seen) if (now - at > 2 * IAT_WINDOW_SECONDS) seen.delete(id);
    if (seen.has(jti)) return false;
    if (seen.size >= 100_000) seen.delete(seen.keys().next().value as string);
    seen.set(jti, now);
    return true;
  }

  return {
    /** The nonce to send in a DPoP-Nonce header with every answer. */
    nonce: () => nonces.current,
    /** The thumbprint (RFC 7638) of the proof's key, once every check has passed. */
    async verify(check: DPoPCheck): Promise<string> {
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(check.proof);
      } catch {
        throw new BearerError('invalid_dpop_proof', 'the DPoP proof is not a JWT');
      }
      if (header.typ !== 'dpop+jwt' || !header.jwk || 'd' in header.jwk) throw new BearerError('invalid_dpop_proof', 'the DPoP proof needs typ dpop+jwt and a public jwk');
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(check.proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGORITHMS }));
      } catch (error) {
        if (error instanceof errors.JOSEError) throw new BearerError('invalid_dpop_proof', 'the DPoP proof signature or algorithm is not accepted');
        throw error;
      }
      const parsed = ProofClaims.safeParse(payload);
      if (!parsed.success) throw new BearerError('invalid_dpop_proof', 'the DPoP proof lacks jti, htm, htu, iat or ath');
      const claims = parsed.data;
      const now = Math.floor(Date.now() / 1000);
      if (claims.htm !== check.method) throw new BearerError('invalid_dpop_proof', 'the DPoP proof is for another method');
      if (normalizedUrl(claims.htu) !== normalizedUrl(check.url)) throw new BearerError('invalid_dpop_proof', 'the DPoP proof is for another URL');
      if (Math.abs(now - claims.iat) > IAT_WINDOW_SECONDS) throw new BearerError('invalid_dpop_proof', 'the DPoP proof is too old or from the future');
      if (claims.ath !== createHash('sha256').update(check.accessToken).digest('base64url')) throw new BearerError('invalid_dpop_proof', 'the DPoP proof is for another access token');
      if (options.requireNonce && claims.nonce !== nonces.current && (!claims.nonce || claims.nonce !== nonces.previous)) {
        throw new BearerError('use_dpop_nonce', 'a DPoP proof with this server\'s nonce is required');
      }
      if (!remember(claims.jti, now)) throw new BearerError('invalid_dpop_proof', 'the DPoP proof was used before');
      return calculateJwkThumbprint(header.jwk as JWK, 'sha256');
    },
  };
}

/** RFC 9449 4.3 step 9: htu is compared without query and fragment, scheme and host case-insensitively. */
function normalizedUrl(value: string): string {
  try {
    const url = new URL(value);
    return `${url.protocol}//${url.host}${url.pathname}`.toLowerCase();
  } catch {
    return '';
  }
}
