import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * Marks an answer the balancer made itself (no instance answered), so it is never blamed on the
 * app: 'expected' while the soak has that instance down on purpose, 'unexpected' otherwise.
 */
export const BALANCER_HEADER = 'x-soak-balancer';
/** Which instance answered (a, b, ...), for per-instance counts. */
export const UPSTREAM_HEADER = 'x-soak-upstream';

// RFC 9110 7.6.1: connection-specific fields are not forwarded; Node frames each hop itself.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

// RFC 9110 9.2.2: safe to send again; the soak's people only GET (they never sign out).
function idempotent(req: IncomingMessage): boolean {
  return req.method === 'GET' || req.method === 'HEAD';
}

export interface Balancer {
  url: string;
  /**
   * Answers the balancer made itself (502: instance unreachable or dropped the request; 504), or
   * connections it cut mid-answer; `unexpected` counts those for an instance meant to be up.
   */
  stats: { forwarded: number; ownAnswers: number; unexpected: number };
  /** The soak says which instance it has taken down, so the balancer's own answers can be judged. */
  expectDown(name: string, down: boolean): void;
  close(): Promise<void>;
}

/**
 * A round-robin reverse proxy on loopback, as operators put in front of two instances: no health
 * checks and no retries, so while an instance is down its share of requests gets a 502 from the
 * balancer. Bodies stream through both ways.
 */
export async function startBalancer(options: { port: number; upstreams: { name: string; port: number }[]; timeoutMs: number }): Promise<Balancer> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const stats = { forwarded: 0, ownAnswers: 0, unexpected: 0 };
  const down = new Set<string>();
  let next = 0;

  function ownAnswer(res: ServerResponse, status: number, upstream: string, reason: string): void {
    const expected = down.has(upstream);
    stats.ownAnswers += 1;
    if (!expected) stats.unexpected += 1;
    if (res.headersSent) return void res.destroy(); // mid-stream: all a proxy can do is cut the connection
    res.writeHead(status, { 'content-type': 'text/plain', 'cache-control': 'no-store', [BALANCER_HEADER]: expected ? 'expected' : 'unexpected', [UPSTREAM_HEADER]: upstream });
    res.end(`balancer: ${reason} (instance ${upstream})\n`);
  }

  function forward(req: IncomingMessage, res: ServerResponse): void {
    const upstream = options.upstreams[next++ % options.upstreams.length]!;
    stats.forwarded += 1;
    attempt(req, res, upstream, true);
  }

  function attempt(req: IncomingMessage, res: ServerResponse, upstream: { name: string; port: number }, pooled: boolean): void {
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([name]) => !HOP_BY_HOP.has(name)));
    const outgoing = request({ host: '127.0.0.1', port: upstream.port, method: req.method, path: req.url, headers: { ...headers, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent: pooled ? agent : false });
    outgoing.setTimeout(options.timeoutMs, () => {
      outgoing.destroy();
      ownAnswer(res, 504, upstream.name, 'upstream timeout');
    });
    outgoing.on('response', (answer) => {
      const raw: string[] = [];
      for (let index = 0; index < answer.rawHeaders.length; index += 2) {
        if (!HOP_BY_HOP.has(answer.rawHeaders[index]!.toLowerCase())) raw.push(answer.rawHeaders[index]!, answer.rawHeaders[index + 1]!);
      }
      res.writeHead(answer.statusCode ?? 502, [...raw, UPSTREAM_HEADER, upstream.name]);
      answer.pipe(res);
      answer.on('error', () => res.destroy());
      answer.on('aborted', () => res.destroy());
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // A pooled connection the instance closed while idle (the keep-alive race every proxy has):
      // retry a GET once on a new connection, as Node's docs and nginx's proxy_next_upstream do.
      // A dead instance refuses the new connection too, so this hides nothing.
      if (pooled && outgoing.reusedSocket && !res.headersSent && idempotent(req)) return attempt(req, res, upstream, false);
      if (!res.writableEnded) ownAnswer(res, 502, upstream.name, `upstream ${error.code ?? 'error'}`);
    });
    if (idempotent(req)) outgoing.end();
    else req.pipe(outgoing);
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy(); // the client went away: stop the upstream request too
    });
  }

  const server: Server = createServer(forward);
  // Longer than any think time or stall, so a client never reuses a connection the balancer is closing.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${options.port}`,
    stats,
    expectDown: (name, isDown) => void (isDown ? down.add(name) : down.delete(name)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        agent.destroy();
        server.close(() => resolve());
      }),
  };
}
