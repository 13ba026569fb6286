import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../config';
import { nowSeconds } from '../clock';
import { unavailableCode } from '../errors';
import { ensureFreshSession } from '../lifecycle';
import { safeReturnTo } from '../http';
import { appUrl, errorRedirect, jsonError, jsonResponse, redirectResponse } from './responses';
import { signInPath, toSnapshot } from './pages';

/**
 * GET /auth/session: who is signed in, for client code (a SessionSnapshot). Never tokens.
 */
export async function sessionInfo(request: NextRequest): Promise<Response> {
  const config = env();
  const { session, writes, unavailable } = await ensureFreshSession(request.cookies, config, nowSeconds());
  // Signed in, but the token expired while the provider is down: not "signed out" (401).
  if (unavailable) return jsonError(unavailableCode(unavailable), 503, writes, { user: null });
  if (!session) return jsonResponse({ user: null }, 401, writes);
  return jsonResponse(toSnapshot(session), 200, writes);
}

/** GET /auth/refresh?returnTo=/path: the safety net requireSession() sends stale sessions to. */
export async function refreshAndReturn(request: NextRequest): Promise<Response> {
  const config = env();
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get('returnTo'), config.APP_URL);
  const { session, writes, unavailable } = await ensureFreshSession(request.cookies, config, nowSeconds());
  if (unavailable) return errorRedirect(config, unavailableCode(unavailable), writes);
  return redirectResponse(appUrl(config, session ? returnTo : signInPath(returnTo)), writes);
}
