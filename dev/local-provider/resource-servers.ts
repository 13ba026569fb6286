import { errors } from 'oidc-provider';
import { BILLING_API_AUDIENCE, DEMO_API_AUDIENCE } from '../defaults';

/** What oidc-provider needs to mint a JWT access token for one resource server (RFC 8707, RFC 9068). */
export interface ResourceServerInfo {
  scope: string;
  audience: string;
  accessTokenFormat: 'jwt';
  accessTokenTTL: number;
  jwt: { sign: { alg: 'RS256' } };
}

/**
 * The demo realm's APIs and the scopes each offers. `api:service` is for the app's own service
 * identity (client credentials); user tokens carry realm roles instead.
 */
const SCOPES: Record<string, string> = {
  [DEMO_API_AUDIENCE]: 'api:read api:service',
  [BILLING_API_AUDIENCE]: 'billing:read',
};

export function resourceServerInfo(resource: string, accessTokenTTL: number): ResourceServerInfo | undefined {
  const scope = SCOPES[resource];
  return scope ? { scope, audience: resource, accessTokenFormat: 'jwt', accessTokenTTL, jwt: { sign: { alg: 'RS256' } } } : undefined;
}

/** For oidc-provider's getResourceServerInfo: an unknown resource indicator is invalid_target (RFC 8707 2). */
export function requireResourceServer(resource: string, accessTokenTTL: number): ResourceServerInfo {
  const info = resourceServerInfo(resource, accessTokenTTL);
  if (!info) throw new errors.InvalidTarget(`unknown resource ${resource}`);
  return info;
}
