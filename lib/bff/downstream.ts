import 'server-only';
import { readCapped } from '../auth/http';

export interface DownstreamResult {
  status: number;
  body: unknown;
}

/** No JSON answer of the sample APIs comes near this; a larger one is not passed on. */
const MAX_BODY_BYTES = 256 * 1024;

/**
 * GET an API with a bearer token (RFC 6750 2.1) and pass its status and JSON body through.
 * Redirects are not followed: a token must never be replayed to wherever a Location points.
 */
export async function fetchDownstream(url: string, accessToken: string, timeoutMs: number): Promise<DownstreamResult> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return { status: timedOut ? 504 : 502, body: { error: timedOut ? 'downstream_timeout' : 'downstream_unavailable' } };
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    return { status: 502, body: { error: 'downstream_redirected' } };
  }
  const bytes = await readCapped(response, MAX_BODY_BYTES);
  if (!bytes) return { status: 502, body: { error: 'downstream_response_too_large' } };
  const text = bytes.toString('utf8');
  try {
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  } catch {
    return { status: 502, body: { error: 'downstream_not_json' } };
  }
}
