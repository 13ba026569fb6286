/**
 * Cookie names, attributes and chunking. Names are fixed strings because proxy.ts's matcher
 * must be static. On https the __Host- prefix (RFC 6265bis 4.1.3.2) pins each cookie to this
 * exact origin: Secure, Path=/, no Domain, so a sibling subdomain cannot plant or shadow it.
 */
export const SESSION_COOKIE = 'app_session';
/** Present while the access token is fresh; its Max-Age ends when a refresh or touch is due. */
export const FRESH_COOKIE = 'app_session_fresh';
export const TRANSACTION_COOKIE_PREFIX = 'app_txn.';
/** The state sent with RP-initiated logout, checked when the provider sends the person back. */
export const LOGOUT_STATE_COOKIE = 'app_logout_state';

/** A Set-Cookie value stays under the 4,096-byte limit browsers enforce per cookie. */
export const CHUNK_SIZE = 3800;
/** Node rejects request headers over 16 KiB in total: three chunks (11.4 KB) leave room for the rest. */
export const MAX_CHUNKS = 3;
/**
 * Every auth cookie at its largest together (session chunks, marker, pending logins, logout
 * state) stays within this, a kilobyte and more below Node's 16 KiB header limit, so neither a
 * large token set nor a page opening many logins can get a visitor HTTP 431 (cookie bomb).
 */
export const AUTH_COOKIE_BUDGET = 15 * 1024;

export interface CookieOptions {
  httpOnly: true;
  secure: boolean;
  sameSite: 'lax';
  path: '/';
  maxAge: number;
}

export interface CookieWrite {
  name: string;
  value: string;
  options: CookieOptions;
}

export interface CookieReader {
  get(name: string): { value: string } | undefined;
  getAll(): { name: string; value: string }[];
}

/** On https every cookie is Secure and __Host- prefixed; APP_URL is https unless loopback. */
export function isSecureOrigin(appUrl: string): boolean {
  return appUrl.startsWith('https://');
}

export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export function cookieOptions(secure: boolean, maxAge: number): CookieOptions {
  return { httpOnly: true, secure, sameSite: 'lax', path: '/', maxAge: Math.max(0, Math.floor(maxAge)) };
}

export function deletion(name: string, secure: boolean): CookieWrite {
  return { name, value: '', options: cookieOptions(secure, 0) };
}

/** Every cookie that belongs to a chunked value: `base`, `base.1`, `base.2`, ... */
export function chunkNames(reader: CookieReader, base: string): string[] {
  const pattern = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\.\\d+)?$`);
  return reader.getAll().map((cookie) => cookie.name).filter((name) => pattern.test(name));
}

/** Joins `base`, `base.1`, ... in order; a gap or a missing first chunk reads as no value. */
export function readChunks(reader: CookieReader, base: string): string | undefined {
  const first = reader.get(base)?.value;
  if (!first) return undefined;
  let value = first;
  for (let index = 1; index < MAX_CHUNKS; index++) {
    const next = reader.get(`${base}.${index}`)?.value;
    if (!next) break;
    value += next;
  }
  return value;
}

/** Splits a value into chunk writes, and deletes chunks left over from a longer previous value. */
export function writeChunks(base: string, value: string, existing: string[], options: CookieOptions): CookieWrite[] | undefined {
  const count = Math.ceil(value.length / CHUNK_SIZE);
  if (count > MAX_CHUNKS) return undefined;
  const writes: CookieWrite[] = [];
  for (let index = 0; index < count; index++) {
    const name = index === 0 ? base : `${base}.${index}`;
    writes.push({ name, value: value.slice(index * CHUNK_SIZE, (index + 1) * CHUNK_SIZE), options });
  }
  const written = new Set(writes.map((write) => write.name));
  for (const name of existing) {
    if (!written.has(name)) writes.push(deletion(name, options.secure));
  }
  return writes;
}

/** Applies writes to anything shaped like Next's ResponseCookies. */
export function applyCookieWrites(target: { set(name: string, value: string, options: CookieOptions): unknown }, writes: CookieWrite[]): void {
  for (const write of writes) target.set(write.name, write.value, write.options);
}
