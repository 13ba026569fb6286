import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../config';
import { nowSeconds } from '../clock';
import { unavailableCode } from '../errors';
import type { CookieWrite, Session } from '../session';
import { ensureFreshSession, meetsRecency, type Recency } from '../lifecycle';
import { jsonError } from './responses';
import { CSRF_HEADER, isSameOriginRequest, stepUpQuery } from '../http';
import { hasRole } from './pages';

export type Guarded = { session: Session; writes: CookieWrite[]; response?: undefined } | { session?: undefined; writes?: undefined; response: Response };

/**
 * For route handlers: a fresh session that has `role`, or the JSON answer to send instead
 * (401 signed out, 403 without the role, 503 when an expired token cannot be refreshed now).
 * APIs answer with status codes, never a redirect to HTML. Send `writes` with the response:
 * they carry a refreshed session.
 */
export async function requireRoleForRoute(request: NextRequest, role?: string, recency: Recency = {}): Promise<Guarded> {
  const now = nowSeconds();
  const { session, writes, unavailable } = await ensureFreshSession(request.cookies, env(), now);
  if (unavailable) return { response: jsonError(unavailableCode(unavailable), 503, writes) };
  if (!session) return { response: jsonError('unauthorized', 401, writes) };
  if (role && !hasRole(session, role)) return { response: jsonError('forbidden', 403, writes) };
  // A step-up, as a JSON answer: the page sends the person to `signIn` (adding its returnTo).
  if (!meetsRecency(session, recency, now)) return { response: jsonError('step_up_required', 401, writes, { signIn: `/auth/login/${session.provider}?${stepUpQuery(recency)}` }) };
  return { session, writes };
}

/**
 * CSRF defence for the BFF's API routes, checked before the session is even read. A custom
 * header cannot be set by a cross-site form, and on a cross-site fetch it forces a CORS
 * preflight we never approve; the same-origin check (Origin / Sec-Fetch-Site) refuses what
 * remains. Together they cover GET data routes too, which SameSite=Lax cookies do not.
 */
export function refuseCrossSite(request: NextRequest): Response | undefined {
  if (request.headers.get(CSRF_HEADER) !== '1') return jsonError('csrf_header_required', 403);
  if (!isSameOriginRequest(request.headers, env().APP_URL)) return jsonError('cross_site_request', 403);
  return undefined;
}
