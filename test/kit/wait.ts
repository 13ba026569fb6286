/**
 * The kit's one wait: polls `check` until it holds, and throws when `timeoutMs` has passed, so a
 * condition that never comes fails the test with what it waited for instead of letting it carry
 * on. A check that throws an Error saying " exited with " gives up at once (a process it waits
 * on died); any other rejection (a refused connection, say) means "not yet".
 */
export async function waitFor(description: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000, intervalMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const done = await Promise.resolve()
      .then(check)
      .catch((error: unknown) => (error instanceof Error && / exited with /.test(error.message) ? Promise.reject(error) : false));
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
}
