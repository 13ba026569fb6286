import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CookieJar, get, post } from './http';

describe('the kit cookie jar', () => {
  const app = 'http://localhost:3100/';

  it('honours Max-Age: a cookie leaves the Cookie header when it expires (the freshness marker)', () => {
    let now = 1_000_000;
    const jar = new CookieJar(() => now);
    jar.store(app, ['app_session=sealed; Path=/; HttpOnly; SameSite=lax', 'app_session_fresh=1; Path=/; Max-Age=30; HttpOnly']);
    expect(jar.header(app)).toBe('app_session=sealed; app_session_fresh=1');
    now += 29_999;
    expect(jar.get(app, 'app_session_fresh')).toBe('1');
    now += 1;
    expect(jar.header(app)).toBe('app_session=sealed');
    expect(jar.reader(app).get('app_session_fresh')).toBeUndefined();
  });

  it('lets Max-Age win over Expires, and honours Expires alone (RFC 6265 5.3)', () => {
    const now = Date.parse('2030-01-01T00:00:00Z');
    const jar = new CookieJar(() => now);
    jar.store(app, ['a=1; Expires=Tue, 01 Jan 2030 00:00:10 GMT; Max-Age=3600', 'b=2; Expires=Tue, 01 Jan 2030 00:00:10 GMT', 'c=3; Expires=Mon, 31 Dec 2029 00:00:00 GMT']);
    expect(jar.header(app)).toBe('a=1; b=2');
  });

  it('deletes on Max-Age=0, a past Expires, or an empty value', () => {
    const jar = new CookieJar();
    jar.store(app, ['a=1', 'b=2', 'c=3', 'd=4']);
    jar.store(app, ['a=; Path=/; Max-Age=0', 'b=x; Expires=Thu, 01 Jan 1970 00:00:00 GMT', 'c=']);
    expect(jar.header(app)).toBe('d=4');
    jar.delete(app, 'd');
    expect(jar.header(app)).toBe('');
  });

  it('keeps cookies per host and port, and reads them as Next request cookies', () => {
    const jar = new CookieJar();
    jar.store(app, ['app_session=one', 'app_session.1=two']);
    expect(jar.header('http://localhost:4100/realms/demo')).toBe('');
    expect(jar.reader(`${app}dashboard`).getAll()).toEqual([
      { name: 'app_session', value: 'one' },
      { name: 'app_session.1', value: 'two' },
    ]);
  });
});

describe('the kit HTTP client', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/loop') return void res.writeHead(302, { location: '/loop' }).end();
      if (url.pathname === '/login' && req.method === 'POST') return void res.writeHead(303, { location: '/landing', 'set-cookie': 'session=s; Path=/' }).end();
      if (url.pathname === '/keep') return void res.writeHead(307, { location: '/echo' }).end();
      res.writeHead(200, { 'content-type': 'application/json', 'set-cookie': 'seen=1; Path=/; Max-Age=60' });
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => res.end(JSON.stringify({ method: req.method, path: url.pathname, cookie: req.headers.cookie ?? null, body })));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers a redirect as it came unless asked to follow', async () => {
    const answer = await post(`${base}/login`, { form: { username: 'alice' } });
    expect(answer).toMatchObject({ status: 303, location: '/landing', setCookie: ['session=s; Path=/'] });
    expect(answer.ms).toBeGreaterThan(0);
  });

  it('follows a 303 as a GET with every hop\'s cookies in the jar, and a 307 with the same method and body', async () => {
    const jar = new CookieJar();
    const landed = await post(`${base}/login`, { jar, form: { username: 'alice' }, follow: true });
    expect(landed.url).toBe(`${base}/landing`);
    expect(landed.json()).toEqual({ method: 'GET', path: '/landing', cookie: 'session=s', body: '' });
    expect(jar.header(base)).toBe('session=s; seen=1');
    const kept = await post(`${base}/keep`, { body: 'x=1', follow: 1 });
    expect(kept.json()).toMatchObject({ method: 'POST', path: '/echo', body: 'x=1' });
  });

  it('sends a given Cookie header instead of the jar\'s', async () => {
    const jar = new CookieJar();
    jar.store(base, ['from=jar']);
    expect((await get(`${base}/`, { jar, cookie: 'hand=made' })).json()).toMatchObject({ cookie: 'hand=made' });
    expect((await get(`${base}/`, { jar })).json()).toMatchObject({ cookie: 'from=jar; seen=1' });
  });

  it('stops following before a URL it is told to leave alone', async () => {
    const jar = new CookieJar();
    const answer = await post(`${base}/login`, { jar, form: { username: 'alice' }, follow: true, stopBefore: (url) => url.endsWith('/landing') });
    expect(answer).toMatchObject({ url: `${base}/login`, status: 303, location: '/landing' });
    expect(jar.header(base)).toBe('session=s');
  });

  it('fails loudly past its hop bound', async () => {
    await expect(get(`${base}/loop`, { follow: 3 })).rejects.toThrow(/more than 3 redirects/);
  });
});
