/**
 * RFC 6750, the resource server's side: read a bearer token from the Authorization header and
 * say what was wrong in a WWW-Authenticate challenge a client can act on.
 */

export type BearerErrorCode = 'invalid_request' | 'invalid_token' | 'insufficient_scope';

const STATUS: Record<BearerErrorCode, number> = { invalid_request: 400, invalid_token: 401, insufficient_scope: 403 };

export class BearerError extends Error {
  readonly status: number;

  constructor(
    /** Absent when the request carried no credentials at all (RFC 6750 3.1). */
    readonly code: BearerErrorCode | undefined,
    readonly description: string,
    /** With insufficient_scope: the scope the request needs. */
    readonly scope?: string,
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

/** RFC 6750 3: `Bearer realm="..."`, plus error, error_description and scope when known. */
export function challenge(realm: string, error?: BearerError): string {
  const params = [`realm=${quoted(realm)}`];
  if (error?.code) params.push(`error=${quoted(error.code)}`, `error_description=${quoted(error.description)}`);
  if (error?.scope) params.push(`scope=${quoted(error.scope)}`);
  return `Bearer ${params.join(', ')}`;
}

/**
 * RFC 6750 2.1. Only the header is accepted: tokens in query strings end up in logs and
 * Referer headers (2.3 discourages them), and form bodies need a content type we do not serve.
 */
export function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw new BearerError(undefined, 'no access token');
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(authorization);
  if (!match?.[1]) throw new BearerError('invalid_request', 'the Authorization header is not a single Bearer token');
  return match[1];
}
