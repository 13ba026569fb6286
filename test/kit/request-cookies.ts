import type { CookieReader } from '../../lib/auth/session/cookies';

/** Cookies shaped like Next's request cookies, from name → value: for unit tests of cookie readers. */
export function requestCookies(cookies: Record<string, string> = {}): CookieReader {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name] as string } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  };
}
