/**
 * CSRF defence for state-changing routes: the request must come from our own pages. Browsers
 * send Origin on every POST and Sec-Fetch-Site on every request (Fetch Metadata); a request
 * with neither is not from a browser page of ours, so it is refused as well.
 */
export function isSameOriginRequest(headers: Headers, appUrl: string): boolean {
  const site = headers.get('sec-fetch-site');
  const origin = headers.get('origin');
  if (site !== null && site !== 'same-origin') return false;
  if (origin !== null && origin !== new URL(appUrl).origin) return false;
  return site !== null || origin !== null;
}
