import 'server-only';
import type { ApiErrorCode } from '../auth/errors';
import { readCapped } from '../auth/http';

export interface DownstreamResult {
  status: number;
  body: unknown;
  /** The API's WWW-Authenticate challenge, when it sent one (RFC 6750 3, RFC 9470 3). */
  challenge?: string;
}

export function failure(status: number, error: ApiErrorCode): DownstreamResult {
  return { status, body: { error } };
}

/** No JSON answer of the sample APIs comes near this; a larger one is not passed on. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * Sends one request (with a bearer or a DPoP-bound token) and passes the API's status and JSON
 * body through. Redirects are not followed: a token must never be replayed to wherever a
 * Location points. Failures to reach the API are its own answers: 502, or 504 when slow.
 */
export async function callDownstream(send: () => Promise<Response>): Promise<DownstreamResult> {
  let response: Response;
  try {
    response = await send();
  } catch (error) {
    const timedOut = (error instanceof DOMException && error.name === 'TimeoutError') || (error instanceof Error && 'code' in error && error.code === 'OAUTH_TIMEOUT');
    const tooLarge = error instanceof Error && error.name === 'AuthError' && /exceeds/.test(error.message);
    return tooLarge ? failure(502, 'downstream_response_too_large') : failure(timedOut ? 504 : 502, timedOut ? 'downstream_timeout' : 'downstream_unavailable');
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return failure(502, 'downstream_redirected');
  }
  const challenge = response.headers.get('www-authenticate') ?? undefined;
  const bytes = await readCapped(response, MAX_BODY_BYTES);
  if (!bytes) return failure(502, 'downstream_response_too_large');
  const text = bytes.toString('utf8');
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null, ...(challenge && { challenge }) };
  } catch {
    return failure(502, 'downstream_not_json');
  }
}

/** GET an API with a bearer token (RFC 6750 2.1). */
export function fetchDownstream(url: string, accessToken: string, timeoutMs: number): Promise<DownstreamResult> {
  return callDownstream(() => fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) }));
}
