import { performance } from 'node:perf_hooks';
import type { CookieReader } from '../../lib/auth/session/cookies';

/**
 * The kit's one HTTP client: plain fetch with redirects taken by hand, so every hop's cookies
 * land in a browser-like jar, and every answer comes back read (status, headers, Set-Cookie
 * lines, location, body text, elapsed time).
 */

interface StoredCookie {
  value: string;
  /** Epoch milliseconds; Infinity for a session cookie. */
  expiresAt: number;
}

/**
 * A browser's cookie jar, one per person. Cookies are kept per host (host and port: the app and
 * the providers of a test run share "localhost"), Domain and Path are not looked at (the app sets
 * every cookie with Path=/). Max-Age and Expires are honoured, so the freshness marker really
 * expires and proxy.ts runs as it does for a browser; a cookie set empty, with Max-Age=0 or with
 * an Expires in the past is deleted. `now` (epoch ms) can be injected.
 */
export class CookieJar {
  private readonly byHost = new Map<string, Map<string, StoredCookie>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes the Set-Cookie lines of an answer from `url`. */
  store(url: string, setCookie: readonly string[]): void {
    const receivedAt = this.now();
    const cookies = this.cookiesOf(url);
    for (const line of setCookie) {
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      if (index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expiresAt = expiryOf(attributes, receivedAt);
      if (value === '' || !(expiresAt > receivedAt)) cookies.delete(name);
      else cookies.set(name, { value, expiresAt });
    }
  }

  /** The Cookie header a browser sends to `url` now (expired cookies dropped). */
  header(url: string): string {
    return this.entries(url)
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
  }

  get(url: string, name: string): string | undefined {
    return this.entries(url).find(([candidate]) => candidate === name)?.[1];
  }

  /** Forgets a cookie, as a browser whose copy expired or was cleared. */
  delete(url: string, name: string): void {
    this.cookiesOf(url).delete(name);
  }

  /** The cookies sent to `url`, shaped as Next's request cookies: what the product's readers take. */
  reader(url: string): CookieReader {
    return {
      get: (name) => {
        const value = this.get(url, name);
        return value === undefined ? undefined : { value };
      },
      getAll: () => this.entries(url).map(([name, value]) => ({ name, value })),
    };
  }

  private cookiesOf(url: string): Map<string, StoredCookie> {
    const host = new URL(url).host;
    let cookies = this.byHost.get(host);
    if (!cookies) this.byHost.set(host, (cookies = new Map()));
    return cookies;
  }

  private entries(url: string): [string, string][] {
    const now = this.now();
    const cookies = this.cookiesOf(url);
    const live: [string, string][] = [];
    for (const [name, cookie] of cookies) {
      if (cookie.expiresAt <= now) cookies.delete(name);
      else live.push([name, cookie.value]);
    }
    return live;
  }
}

/** RFC 6265 5.3 step 3: Max-Age wins over Expires; neither makes a session cookie. */
function expiryOf(attributes: string[], receivedAt: number): number {
  let expires: number | undefined;
  for (const attribute of attributes) {
    const index = attribute.indexOf('=');
    const key = (index < 0 ? attribute : attribute.slice(0, index)).trim().toLowerCase();
    const raw = index < 0 ? '' : attribute.slice(index + 1).trim();
    if (key === 'max-age') return receivedAt + Number(raw) * 1000;
    if (key === 'expires') expires = Date.parse(raw);
  }
  return expires ?? Number.POSITIVE_INFINITY;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  form?: Record<string, string>;
  body?: string;
  /** Cookies come from this jar, and every answer's Set-Cookie lines go into it. */
  jar?: CookieJar;
  /** A Cookie header sent as it is on the first request (a copied or hand-sealed cookie), instead of the jar's. */
  cookie?: string;
  /** Follow redirects, at most this many hops (true: 20); more is an error. */
  follow?: boolean | number;
  /** While following, stop before a URL this matches: the answer is the redirect that points there. */
  stopBefore?: (url: string) => boolean;
  /** Abandon the whole exchange after this long (the TimeoutError is thrown to the caller). */
  timeoutMs?: number;
}

export interface Answer {
  /** The URL that answered: the last hop's when redirects were followed. */
  url: string;
  status: number;
  headers: Headers;
  setCookie: string[];
  /** The Location header as sent (absolute or relative), or null. */
  location: string | null;
  body: string;
  /** Milliseconds from sending the request to the end of the last body. */
  ms: number;
  json<T = unknown>(): T;
}

const DEFAULT_MAX_HOPS = 20;

/** One request, or a chain of redirects taken as a browser does (303 and 301/302 become GET). */
export async function request(url: string, options: RequestOptions = {}): Promise<Answer> {
  const started = performance.now();
  const signal = options.timeoutMs === undefined ? undefined : AbortSignal.timeout(options.timeoutMs);
  const maxHops = options.follow === true ? DEFAULT_MAX_HOPS : options.follow || 0;
  let current = url;
  let method = options.method ?? 'GET';
  let headers: Record<string, string> = { ...options.headers };
  let body = options.body;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  let cookie = options.cookie;
  for (let hop = 0; ; hop++) {
    const sent = cookie ?? options.jar?.header(current);
    const response = await fetch(current, { method, body, redirect: 'manual', signal, headers: { ...headers, ...(sent && { cookie: sent }) } });
    const text = await response.text();
    const setCookie = response.headers.getSetCookie();
    options.jar?.store(current, setCookie);
    const location = response.headers.get('location');
    const answer: Answer = { url: current, status: response.status, headers: response.headers, setCookie, location, body: text, ms: performance.now() - started, json: <T>() => JSON.parse(text) as T };
    if (maxHops === 0 || response.status < 300 || response.status >= 400 || !location) return answer;
    const next = new URL(location, current).href;
    if (options.stopBefore?.(next)) return answer;
    if (hop >= maxHops) throw new Error(`more than ${maxHops} redirects from ${url} (last: ${current} → ${location})`);
    current = next;
    cookie = undefined;
    // RFC 9110 15.4: 307 and 308 repeat the request as it was; the others become a GET.
    if (response.status !== 307 && response.status !== 308) {
      method = 'GET';
      body = undefined;
      headers = {};
    }
  }
}

export function get(url: string, options: Omit<RequestOptions, 'method'> = {}): Promise<Answer> {
  return request(url, { ...options, method: 'GET' });
}

export function post(url: string, options: Omit<RequestOptions, 'method'> = {}): Promise<Answer> {
  return request(url, { ...options, method: 'POST' });
}
