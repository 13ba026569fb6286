import 'server-only';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE } from '../../dev/defaults';

/**
 * The APIs the BFF calls, as data: which path at DEMO_API_URL, and which token goes with it.
 * Replace these with your own APIs; the route handlers and the token plumbing stay the same.
 */
export type TokenSource =
  /** The signed-in user's own access token, as issued at sign-in (audience: the demo API). */
  | { kind: 'user' }
  /** The user's token exchanged for one meant for another audience (RFC 8693). */
  | { kind: 'exchange'; audience: string; scope: string }
  /** The app's own token, no user (client credentials, RFC 6749 4.4). */
  | { kind: 'service'; resource: string; scope: string };

export interface DownstreamApi {
  path: string;
  token: TokenSource;
}

export const DOWNSTREAM_APIS = {
  me: { path: '/api/me', token: { kind: 'user' } },
  reports: { path: '/api/reports', token: { kind: 'user' } },
  invoices: { path: '/billing/invoices', token: { kind: 'exchange', audience: BILLING_API_AUDIENCE, scope: 'billing:read' } },
  status: { path: '/api/status', token: { kind: 'service', resource: DEMO_API_AUDIENCE, scope: 'api:service' } },
} as const satisfies Record<string, DownstreamApi>;

export type DownstreamApiName = keyof typeof DOWNSTREAM_APIS;

/**
 * The provider whose tokens these APIs accept. A user's token goes only to an API that trusts
 * its issuer: a Google access token sent to the demo API would hand it a credential for
 * Google's APIs (RFC 9700 2.3, audience restriction).
 */
export const API_TOKEN_PROVIDER = 'keycloak';
