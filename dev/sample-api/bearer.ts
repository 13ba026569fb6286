/**
 * RFC 6750 and RFC 9449 7, the resource server's side: read the access token from the
 * Authorization header (`Bearer` or `DPoP`), and say what was wrong in a WWW-Authenticate
 * challenge a client can act on.
 */

export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope' | 'invalid_dpop_proof' | 'use_dpop_nonce' | 'insufficient_user_authentication';

const STATUS: Record<BearerErrorCode, number> = {
  invalid_request: 400,
  invalid_token: 401,
  insufficient_scope: 403,
  invalid_dpop_proof: 401,
  use_dpop_nonce: 401,
  // RFC 9470 3: the token is fine, the authentication behind it is too old or too weak.
  insufficient_user_authentication: 401,
};

export class BearerError extends Error {
  readonly status: number;

  constructor(
    /** Absent when the request carried no credentials at all (RFC 6750 3.1). */
    readonly code: BearerErrorCode | undefined,
    readonly description: string,
    /** With insufficient_scope: the scope the request needs. */
    readonly scope?: string,
    /** With insufficient_user_authentication: the max_age the request needs (RFC 9470 3). */
    readonly maxAge?: number,
  ) {
    super(description);
    this.name = 'BearerError';
    this.status = code ? STATUS[code] : 401;
  }
}

/** Header values are quoted-strings: no quotes, backslashes or control characters inside. */
function quoted(value: string): string {
  return `"${value.replace(/[\\"\u0000-\u001f\u007f]/g, '')}"`;
}

/**
 * RFC 6750 3 / RFC 9449 7.1: `Bearer realm="..."` or `DPoP algs="..."`, plus error,
 * error_description, scope and max_age when known.
 */
export function challenge(realm: string, error?: BearerError, scheme: 'Bearer' | 'DPoP' = 'Bearer', dpopAlgorithms: string[] = []): string {
  const params = [`realm=${quoted(realm)}`];
  if (scheme === 'DPoP') params.push(`algs=${quoted(dpopAlgorithms.join(' '))}`);
  if (error?.code) params.push(`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`);
  if (error?.scope) params.push(`scope=${quoted(error.scope)}`);
  if (error?.maxAge !== undefined) params.push(`max_age=${error.maxAge}`);
  return `${scheme} ${params.join(', ')}`;
}

export interface Credentials {
  scheme: 'Bearer' | 'DPoP';
  token: string;
}

/**
 * RFC 6750 2.1 and RFC 9449 7.1. Only the header is accepted: tokens in query strings end up in
 * logs and Referer headers (RFC 6750 2.3 discourages them), and form bodies need a content type
 * we do not serve.
 */
export function credentials(authorization: string | undefined): Credentials {
  if (!authorization) throw new BearerError(undefined, 'no access token');
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match?.[1] || !match[2]) throw new BearerError('invalid_request', 'the Authorization header is not a single Bearer or DPoP token');
  return { scheme: match[1].toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer', token: match[2] };
}

/** Kept for callers that accept bearer tokens only. */
export function bearerToken(authorization: string | undefined): string {
  const { scheme, token } = credentials(authorization);
  if (scheme !== 'Bearer') throw new BearerError('invalid_request', 'the Authorization header is not a single Bearer token');
  return token;
}
