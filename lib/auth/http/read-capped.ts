/**
 * Reads a response (or request) body up to `maxBytes`, or returns undefined (and stops the download) past it,
 * so a hostile or broken server cannot make us buffer an unbounded body. A declared
 * Content-Length over the cap is refused before reading anything.
 */
export async function readCapped(response: { headers: Headers; body: ReadableStream<Uint8Array> | null }, maxBytes: number): Promise<Buffer<ArrayBuffer> | undefined> {
  // Cancelling is not awaited: a request body's source may not settle its cancel until the peer
  // stops sending, and the answer (413, 502) must not wait for that.
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => undefined);
        return undefined;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}
