import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { BearerError } from './bearer';

/** What one endpoint demands of a token: its audience, a scope or a realm role, a recent sign-in. */
export interface Requirement {
  audience: string;
  scope?: string;
  role?: string;
  /** RFC 9470: the person authenticated at most this many seconds ago. */
  maxAge?: number;
}

/** RFC 9068 2.2: the claims a JWT access token must carry; roles as Keycloak puts them. */
const Claims = z.looseObject({
  sub: z.string().min(1),
  client_id: z.string().min(1),
  jti: z.string().min(1),
  scope: z.string().optional(),
  preferred_username: z.string().optional(),
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  /** RFC 9449 6.1: the thumbprint of the key a DPoP-bound token is bound to. */
  cnf: z.object({ jkt: z.string() }).optional(),
  /** RFC 9068 2.2.1: when the person authenticated, for a step-up (RFC 9470). */
  auth_time: z.number().optional(),
  acr: z.string().optional(),
});

export type AccessToken = z.infer<typeof Claims>;

const Metadata = z.object({ issuer: z.string(), jwks_uri: z.url() });

/**
 * Validates JWT access tokens (RFC 9068) with the issuer's published keys: signature (RS256
 * only), `typ: at+jwt` (so an ID token is never taken for an access token, RFC 9068 4), `iss`,
 * `aud`, `exp` and `iat`. Keys come from the issuer's discovery document through jose's remote
 * key set, which caches them and refetches once when a token names an unknown `kid` (rotation).
 */
export function accessTokenVerifier(issuer: string, options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 5000;
  let keys: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  async function discover(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`discovery of ${issuer} answered ${response.status}`);
    const metadata = Metadata.parse(await response.json());
    // OIDC Discovery 4.3: the document must name the issuer we trust, or it is not its keys.
    if (metadata.issuer !== issuer) throw new Error(`discovery document names issuer ${metadata.issuer}`);
    return createRemoteJWKSet(new URL(metadata.jwks_uri), { timeoutDuration: timeoutMs });
  }

  return async function verify(token: string, requirement: Requirement): Promise<AccessToken> {
    keys ??= discover().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, await keys, { issuer, audience: requirement.audience, algorithms: ['RS256'], typ: 'at+jwt', requiredClaims: ['exp', 'iat'], clockTolerance: 5 }));
    } catch (error) {
      // A key set that cannot be fetched says nothing about the token: let the caller answer 503.
      if (error instanceof errors.JOSEError && !(error instanceof errors.JWKSTimeout)) throw new BearerError('invalid_token', describe(error));
      throw error;
    }
    const parsed = Claims.safeParse(payload);
    if (!parsed.success) throw new BearerError('invalid_token', 'the access token lacks sub, client_id or jti');
    const claims = parsed.data;
    if (requirement.scope && !(claims.scope ?? '').split(' ').includes(requirement.scope)) {
      throw new BearerError('insufficient_scope', `requires the ${requirement.scope} scope`, requirement.scope);
    }
    if (requirement.role && !(claims.realm_access?.roles ?? []).includes(requirement.role)) {
      throw new BearerError('insufficient_scope', `requires the ${requirement.role} role`);
    }
    if (requirement.maxAge !== undefined && (claims.auth_time === undefined || Math.floor(Date.now() / 1000) - claims.auth_time > requirement.maxAge)) {
      throw new BearerError('insufficient_user_authentication', `requires a sign-in within the last ${requirement.maxAge} seconds`, undefined, requirement.maxAge);
    }
    return claims;
  };
}

/** Fixed descriptions: enough for a client to act on, nothing about our keys or clock. */
function describe(error: errors.JOSEError): string {
  if (error instanceof errors.JWTExpired) return 'the access token has expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return 'the access token is not for this API';
    if (error.claim === 'iss') return 'the access token is from another issuer';
    if (error.claim === 'typ') return 'not an access token (typ must be at+jwt)';
    return `the access token's ${error.claim} claim is invalid`;
  }
  return 'the access token is malformed or its signature is invalid';
}
