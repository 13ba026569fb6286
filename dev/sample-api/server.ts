import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE } from '../defaults';
import { accessTokenVerifier, type AccessToken, type Requirement } from './access-token';
import { BearerError, bearerToken, challenge } from './bearer';

/**
 * The sample resource server: two small services behind one port, each with its own audience.
 * It knows the issuer and nothing else about the app; every answer rests on the token alone.
 */
export interface DemoApi {
  server: Server;
  url: string;
  /** Requests per path, and how many were refused, so tests can prove a call reached it (or not). */
  stats: { requests: Record<string, number>; refused: number };
  close(): Promise<void>;
}

interface Route extends Requirement {
  /** The realm named in WWW-Authenticate: which service refused. */
  service: 'demo-api' | 'billing';
  respond(token: AccessToken): unknown;
}

const INVOICES = [
  { id: 'INV-1001', amount: '42.00', currency: 'EUR', status: 'paid' },
  { id: 'INV-1002', amount: '17.50', currency: 'EUR', status: 'open' },
];

const ROUTES: Record<string, Route> = {
  // Any signed-in person of the realm: a user token for this API with the `user` role.
  '/api/me': {
    service: 'demo-api',
    audience: DEMO_API_AUDIENCE,
    role: 'user',
    respond: (token) => ({ service: 'demo-api', subject: token.sub, username: token.preferred_username, roles: token.realm_access?.roles ?? [], client: token.client_id, message: `Hello ${token.preferred_username ?? token.sub}, this came from the demo API.` }),
  },
  '/api/reports': {
    service: 'demo-api',
    audience: DEMO_API_AUDIENCE,
    role: 'admin',
    respond: (token) => ({ service: 'demo-api', requestedBy: token.preferred_username ?? token.sub, reports: [{ name: 'Sign-ins this week', value: 128 }] }),
  },
  // Machine to machine: only the app's service identity (client credentials) holds api:service.
  '/api/status': {
    service: 'demo-api',
    audience: DEMO_API_AUDIENCE,
    scope: 'api:service',
    respond: (token) => ({ service: 'demo-api', status: 'ok', caller: token.client_id, user: isServiceToken(token) ? null : token.sub }),
  },
  // A second service: it accepts only tokens minted for it (token exchange), never the demo API's.
  '/billing/invoices': {
    service: 'billing',
    audience: BILLING_API_AUDIENCE,
    scope: 'billing:read',
    respond: (token) => ({ service: 'billing', subject: token.sub, invoices: INVOICES }),
  },
};

/**
 * A client-credentials token speaks for no person. RFC 9068 2.2 lets the server choose its `sub`:
 * the local provider uses the client id, Keycloak its service-account user (a UUID, with
 * preferred_username `service-account-<client id>`).
 */
function isServiceToken(token: AccessToken): boolean {
  return token.sub === token.client_id || token.preferred_username === `service-account-${token.client_id}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

export async function startDemoApi(options: { port: number; issuer: string }): Promise<DemoApi> {
  const verify = accessTokenVerifier(options.issuer);
  const stats: DemoApi['stats'] = { requests: {}, refused: 0 };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = Object.hasOwn(ROUTES, path) ? ROUTES[path] : undefined;
    if (!route) return send(res, 404, { error: 'not_found' });
    stats.requests[path] = (stats.requests[path] ?? 0) + 1;
    if (req.method !== 'GET') return send(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    try {
      const token = await verify(bearerToken(req.headers.authorization), route);
      send(res, 200, route.respond(token));
    } catch (error) {
      if (!(error instanceof BearerError)) throw error;
      stats.refused += 1;
      send(res, error.status, { error: error.code ?? 'unauthorized', error_description: error.description }, { 'WWW-Authenticate': challenge(route.service, error) });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[demo-api]', error instanceof Error ? error.message : error);
      if (!res.headersSent) send(res, 503, { error: 'temporarily_unavailable' }, { 'Retry-After': '5' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, 'localhost', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { server, url: `http://localhost:${port}`, stats, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
