import { createServer } from 'node:net';

/**
 * Ports for the servers a test starts. Not from the kernel's ephemeral range (Linux:
 * 32768-60999): a port the kernel hands out for `listen(0)` is soon handed out again as the
 * local port of an outgoing connection, and the server meant to listen on it then fails with
 * EADDRINUSE (seen while other suites ran on the same machine). So: a random port below that
 * range, checked by binding it, never the same one twice in a process.
 */
const RANGE = { low: 20_000, high: 32_000 };
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = RANGE.low + Math.floor(Math.random() * (RANGE.high - RANGE.low));
    if (handedOut.has(port) || !(await canListen(port))) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free loopback port in ${RANGE.low}-${RANGE.high} after 50 tries`);
}
