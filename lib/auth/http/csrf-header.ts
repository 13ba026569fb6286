/**
 * The header our own pages add to every API call (`X-CSRF: 1`). A cross-site form cannot send
 * it, and a cross-site fetch that does needs a CORS preflight we never approve. Shared by the
 * server's check (next/route-guards.ts) and the browser's bffFetch() (react/bff-fetch.ts).
 */
export const CSRF_HEADER = 'x-csrf';
