/**
 * Reads a response body up to `maxBytes`, or returns undefined (and stops the download) past it,
 * so a hostile or broken server cannot make us buffer an unbounded body. A declared
 * Content-Length over the cap is refused before reading anything.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<Buffer<ArrayBuffer> | undefined> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
    await response.body?.cancel();
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
        await reader.cancel();
        return undefined;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}
