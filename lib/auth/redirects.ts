/**
 * returnTo is attacker-controlled input (it arrives in a query string), so it may only ever
 * name a path on this origin (RFC 9700 4.11: open redirectors). Anything doubtful becomes "/".
 */
const MAX_LENGTH = 2048;

export function safeReturnTo(input: string | null | undefined, appUrl: string): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_LENGTH) return '/';
  // Only an absolute path: not "//host", not "/\host" (browsers read "\" as "/"), no scheme.
  if (!input.startsWith('/') || input.startsWith('//')) return '/';
  // Backslashes and control characters (CR/LF, tab, NUL) have no business in a path we redirect to.
  if (/[\\\u0000-\u001f\u007f]/.test(input)) return '/';
  let url: URL;
  try {
    url = new URL(input, appUrl);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(appUrl).origin) return '/';
  // Never bounce into the auth routes themselves: that is how redirect loops start.
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
