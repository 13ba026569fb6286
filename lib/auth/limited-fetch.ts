import 'server-only';
import { AuthError } from './errors';

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
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_PROVIDER_RESPONSE_BYTES) {
    await response.body?.cancel();
    throw new AuthError('invalid_response', `provider response of ${declared} bytes exceeds the cap`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_PROVIDER_RESPONSE_BYTES) {
        await reader.cancel();
        throw new AuthError('invalid_response', `provider response exceeds ${MAX_PROVIDER_RESPONSE_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const body = [204, 304].includes(response.status) ? null : Buffer.concat(chunks);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
