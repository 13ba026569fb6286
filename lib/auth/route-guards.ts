import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../env';
import { nowSeconds } from './clock';
import { ensureFreshSession } from './freshness';
import { jsonResponse } from './responses';
import { hasRole } from './server';
import type { Session } from './session';

export type Guarded = { session: Session; response?: undefined } | { session?: undefined; response: Response };

/**
 * For route handlers: a fresh session that has `role`, or the JSON answer to send instead
 * (401 signed out, 403 without the role). APIs answer with status codes, never a redirect to HTML.
 */
export async function requireRoleForRoute(request: NextRequest, role?: string): Promise<Guarded> {
  const { session, writes } = await ensureFreshSession(request.cookies, env(), nowSeconds());
  if (!session) return { response: jsonResponse({ error: 'unauthorized' }, 401, writes) };
  if (role && !hasRole(session, role)) return { response: jsonResponse({ error: 'forbidden' }, 403, writes) };
  return { session };
}
