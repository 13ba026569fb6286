import 'server-only';
import type { NextRequest } from 'next/server';
import { jsonResponse } from '../../auth/next/responses';
import { refuseCrossSite, requireRoleForRoute } from '../../auth/next/route-guards';
import { env } from '../../auth/config/env';
import { callApi } from '../call-api';
import type { DownstreamApiName } from '../downstream-apis';

/**
 * A BFF API route in one line: `export const GET = apiRoute('me')`. The browser sends its
 * cookie and the X-CSRF header; the server refuses cross-site calls, needs a session (401 JSON
 * otherwise), attaches the right token and answers with the downstream status and body.
 */
export function apiRoute(name: DownstreamApiName) {
  return async function handler(request: NextRequest): Promise<Response> {
    const refused = refuseCrossSite(request);
    if (refused) return refused;
    const guarded = await requireRoleForRoute(request);
    if (guarded.response) return guarded.response;
    const { status, body } = await callApi(name, guarded.session, env());
    return jsonResponse(body, status, guarded.writes);
  };
}
