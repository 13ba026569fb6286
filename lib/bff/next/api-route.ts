import 'server-only';
import type { NextRequest } from 'next/server';
import { env } from '../../auth/config';
import { jsonResponse, refuseCrossSite, requireRoleForRoute } from '../../auth/routes';
import type { ApiTable } from '../api-table';
import { callApi } from '../call-api';

/**
 * The app's API routes from its table, each in one line:
 * `export const GET = apiRoute('me')` with `const apiRoute = apiRoutes(table)`. The browser sends
 * its cookie and the X-CSRF header; the server refuses cross-site calls, needs a session (401
 * JSON otherwise), attaches the right token and answers with the downstream status and body.
 */
export function apiRoutes<Name extends string>(table: ApiTable<Name>) {
  return function apiRoute(name: Name) {
    return async function handler(request: NextRequest): Promise<Response> {
      const refused = refuseCrossSite(request);
      if (refused) return refused;
      const guarded = await requireRoleForRoute(request);
      if (guarded.response) return guarded.response;
      const { status, body } = await callApi(table, name, guarded.session, env());
      return jsonResponse(body, status, guarded.writes);
    };
  };
}
