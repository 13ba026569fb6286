import 'server-only';
import { readCapped } from '../http';
import { AuthError } from '../errors';

/** No discovery document, JWKS or token response of an honest provider comes near this. */
export const MAX_PROVIDER_RESPONSE_BYTES = 256 * 1024;

/**
 * fetch for provider calls, with a cap on the response body: a hostile or broken provider
 * cannot make us buffer an unbounded body. The timeout comes from openid-client's own signal.
 */
export interface ProviderRequest {
  method: string;
  headers: Record<string, string>;
  body?: ArrayBuffer | ReadableStream | string | Uint8Array | URLSearchParams | null;
  redirect: 'manual';
  signal?: AbortSignal;
}

export async function limitedFetch(url: string, init: ProviderRequest): Promise<Response> {
  const response = await fetch(url, { ...init, body: init.body as BodyInit | null | undefined });
  const bytes = await readCapped(response, MAX_PROVIDER_RESPONSE_BYTES);
  if (!bytes) throw new AuthError('invalid_response', `provider response exceeds ${MAX_PROVIDER_RESPONSE_BYTES} bytes`);
  const body = [204, 304].includes(response.status) ? null : bytes;
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
