import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE } from '../defaults';
import { accessTokenVerifier, type AccessToken, type Requirement } from './access-token';
import { BearerError, challenge, credentials, type Credentials } from './bearer';
import { DPOP_ALGORITHMS, dpopVerifier } from './dpop';
import { introspector, type IntrospectionOptions } from './introspection';

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

/** /api/profile: any signed-in person, also with an opaque token from the Google-shaped issuer (introspected). */
const PROFILE_PATH = '/api/profile';

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
  // An action that needs a recent sign-in (RFC 9470): older than five minutes, and the API says so.
  '/api/transfers': {
    service: 'demo-api',
    audience: DEMO_API_AUDIENCE,
    role: 'user',
    maxAge: 300,
    respond: (token) => ({ service: 'demo-api', transfer: 'ready to confirm', signedInAt: token.auth_time, subject: token.sub }),
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

export interface DemoApiOptions {
  port: number;
  issuer: string;
  /** Opaque tokens of another issuer, checked by introspection (RFC 7662) on /api/profile. */
  introspection?: IntrospectionOptions;
  /** RFC 9449 9: DPoP proofs must carry this server's nonce (tests the client's one retry). */
  requireDPoPNonce?: boolean;
  /** How recent a sign-in /api/transfers needs, in seconds (RFC 9470; default 300). */
  recentSignInSeconds?: number;
}

export async function startDemoApi(options: DemoApiOptions): Promise<DemoApi & { introspections(): number }> {
  const verify = accessTokenVerifier(options.issuer);
  const dpop = dpopVerifier({ requireNonce: options.requireDPoPNonce });
  const introspect = options.introspection ? introspector(options.introspection) : undefined;
  const stats: DemoApi['stats'] = { requests: {}, refused: 0 };
  const routes: Record<string, Route> = { ...ROUTES, '/api/transfers': { ...(ROUTES['/api/transfers'] as Route), maxAge: options.recentSignInSeconds ?? 300 } };
  let origin = '';

  /**
   * A DPoP-bound token (cnf.jkt) is only taken with a proof of its key, under the DPoP scheme
   * (RFC 9449 7.1); sent as a Bearer token it is refused (7.2), so stealing it is not enough.
   */
  async function checkBinding(req: IncomingMessage, path: string, presented: Credentials, token: AccessToken): Promise<void> {
    const jkt = token.cnf?.jkt;
    if (presented.scheme === 'Bearer') {
      if (jkt) throw new BearerError('invalid_token', 'a DPoP-bound access token needs a DPoP proof');
      return;
    }
    const proof = req.headers.dpop;
    if (typeof proof !== 'string') throw new BearerError('invalid_dpop_proof', 'exactly one DPoP header is required');
    const thumbprint = await dpop.verify({ method: req.method ?? 'GET', url: `${origin}${path}`, accessToken: presented.token, proof });
    if (!jkt || jkt !== thumbprint) throw new BearerError('invalid_token', 'the access token is not bound to the key of this DPoP proof');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = path === PROFILE_PATH ? routes['/api/me'] : Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!route) return send(res, 404, { error: 'not_found' });
    stats.requests[path] = (stats.requests[path] ?? 0) + 1;
    if (req.method !== 'GET') return send(res, 405, { error: 'method_not_allowed' }, { Allow: 'GET' });
    let scheme: Credentials['scheme'] = 'Bearer';
    try {
      const presented = credentials(req.headers.authorization);
      scheme = presented.scheme;
      if (path === PROFILE_PATH && introspect && presented.token.split('.').length !== 3) {
        const token = await introspect.verify(presented.token);
        return send(res, 200, { service: 'demo-api', subject: token.sub, client: token.client_id, introspected: true });
      }
      const token = await verify(presented.token, path === PROFILE_PATH ? { audience: route.audience } : route);
      await checkBinding(req, path, presented, token);
      send(res, 200, path === PROFILE_PATH ? { service: 'demo-api', subject: token.sub, client: token.client_id, introspected: false } : route.respond(token));
    } catch (error) {
      if (!(error instanceof BearerError)) throw error;
      stats.refused += 1;
      const dpopChallenge = scheme === 'DPoP' || error.code === 'invalid_dpop_proof' || error.code === 'use_dpop_nonce';
      const headers: Record<string, string> = { 'WWW-Authenticate': challenge(route.service, error, dpopChallenge ? 'DPoP' : 'Bearer', DPOP_ALGORITHMS) };
      if (dpopChallenge && options.requireDPoPNonce) headers['DPoP-Nonce'] = dpop.nonce();
      send(res, error.status, { error: error.code ?? 'unauthorized', error_description: error.description }, headers);
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
  // The URL DPoP proofs must name (htu): this server's own, never the request's Host header.
  origin = `http://localhost:${port}`;
  return { server, url: origin, stats, introspections: () => introspect?.calls() ?? 0, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
