/**
 * returnTo is attacker-controlled input (it arrives in a query string), so it may only ever
 * name a path on this origin (RFC 9700 4.11: open redirectors). Anything doubtful becomes "/".
 */
const MAX_INPUT_LENGTH = 2048;
/**
 * The normalized path rides in the login transaction cookie. A hostile page can open many
 * logins at once, so every byte here is multiplied (see MAX_PENDING_TRANSACTIONS): a longer
 * destination falls back to "/" rather than push the browser's cookies towards HTTP 431.
 */
export const MAX_RETURN_TO_LENGTH = 384;

function normalize(input: string, appUrl: string): string | undefined {
  if (input.length === 0 || input.length > MAX_INPUT_LENGTH) return undefined;
  // Only an absolute path: not "//host", not "/\host" (browsers read "\" as "/"), no scheme.
  if (!input.startsWith('/') || input.startsWith('//')) return undefined;
  // Backslashes and control characters (CR/LF, tab, NUL) have no business in a path we redirect to.
  if (/[\\\u0000-\u001f\u007f]/.test(input)) return undefined;
  let url: URL;
  try {
    url = new URL(input, appUrl);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(appUrl).origin) return undefined;
  // Never bounce into the auth routes themselves: that is how redirect loops start.
  if (url.pathname === '/auth' || url.pathname.startsWith('/auth/')) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

export function safeReturnTo(input: string | null | undefined, appUrl: string): string {
  if (typeof input !== 'string') return '/';
  const normalized = normalize(input, appUrl);
  // Dot segments can turn a harmless input into a dangerous result ("/.//evil.example/x" resolves
  // to the path "//evil.example/x", a scheme-relative URL): the result must pass the same checks
  // as its input, i.e. be a fixed point of normalization.
  if (normalized === undefined || normalize(normalized, appUrl) !== normalized) return '/';
  return normalized.length > MAX_RETURN_TO_LENGTH ? '/' : normalized;
}
