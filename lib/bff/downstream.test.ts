import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/kit/ports';
import { fetchDownstream } from './downstream';

/** A loopback API that misbehaves per path; it records the Authorization headers it saw. */
let server: Server;
let base: string;
const seen: Record<string, string | undefined> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen[req.url ?? ''] = req.headers.authorization;
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/ok') return json(200, { hello: 'world' });
    if (req.url === '/forbidden') return json(403, { error: 'insufficient_scope' });
    if (req.url === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
    if (req.url === '/html') return res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
    if (req.url === '/huge') return res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(300 * 1024)}"`);
    if (req.url === '/empty') return res.writeHead(204).end();
    // /hang: never answers
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('fetchDownstream', () => {
  it('sends the token as a bearer header and passes status and JSON through', async () => {
    expect(await fetchDownstream(`${base}/ok`, 'tok', 2000)).toEqual({ status: 200, body: { hello: 'world' } });
    expect(seen['/ok']).toBe('Bearer tok');
    expect(await fetchDownstream(`${base}/forbidden`, 'tok', 2000)).toEqual({ status: 403, body: { error: 'insufficient_scope' } });
    expect(await fetchDownstream(`${base}/empty`, 'tok', 2000)).toEqual({ status: 204, body: null });
  });

  it('does not follow a redirect with the token', async () => {
    delete seen['/ok'];
    expect(await fetchDownstream(`${base}/redirect`, 'tok', 2000)).toEqual({ status: 502, body: { error: 'downstream_redirected' } });
    expect(seen['/ok']).toBeUndefined();
  });

  it('answers 502 for a body that is not JSON or is too large, and never passes it on', async () => {
    expect(await fetchDownstream(`${base}/html`, 'tok', 2000)).toEqual({ status: 502, body: { error: 'downstream_not_json' } });
    expect(await fetchDownstream(`${base}/huge`, 'tok', 2000)).toEqual({ status: 502, body: { error: 'downstream_response_too_large' } });
  });

  it('answers 504 when the API does not answer in time, 502 when it cannot be reached', async () => {
    expect(await fetchDownstream(`${base}/hang`, 'tok', 200)).toEqual({ status: 504, body: { error: 'downstream_timeout' } });
    expect(await fetchDownstream(`http://127.0.0.1:${await freePort()}/ok`, 'tok', 2000)).toEqual({ status: 502, body: { error: 'downstream_unavailable' } });
  });
});
