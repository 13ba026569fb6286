import { z } from 'zod';
import type { ProviderConfig } from '../config';
import type { SessionUser } from '../session';

const IdClaims = z.object({
  sub: z.string().min(1),
  name: z.string().optional().catch(undefined),
  preferred_username: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
  picture: z.url().optional().catch(undefined),
  sid: z.string().optional().catch(undefined),
});

const RoleClaims = z.object({
  realm_access: z.object({ roles: z.array(z.string()) }).optional().catch(undefined),
  resource_access: z.record(z.string(), z.object({ roles: z.array(z.string()) }).catch({ roles: [] })).optional().catch(undefined),
});

/**
 * Decodes a JWT's payload without verifying it. Only for an access token we just received over
 * TLS from the token endpoint we authenticated to (OIDC Core 3.1.3.8): the access token is meant
 * for APIs, but Keycloak puts realm roles only there. Opaque tokens yield nothing.
 */
export function decodeJwtPayload(token: string | undefined): Record<string, unknown> {
  const parts = token?.split('.');
  if (!parts || parts.length !== 3 || !parts[1]) return {};
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Keycloak roles: realm roles (`realm_access.roles`) and this client's roles
 * (`resource_access[clientId].roles`), from the access token where Keycloak puts them, else from
 * the ID token (where a mapper may have added them).
 */
export function keycloakRoles(accessTokenClaims: Record<string, unknown>, idTokenClaims: Record<string, unknown>, clientId: string): string[] {
  const fromAccess = RoleClaims.parse(accessTokenClaims);
  const claims = fromAccess.realm_access || fromAccess.resource_access ? fromAccess : RoleClaims.parse(idTokenClaims);
  const roles = new Set([...(claims.realm_access?.roles ?? []), ...(claims.resource_access?.[clientId]?.roles ?? [])]);
  return [...roles].sort();
}

/** Where the provider's roles are (its `roles` source), and which client's roles are ours. */
type RoleRule = Pick<ProviderConfig, 'roles' | 'clientId'>;

export function toSessionUser(idTokenClaims: Record<string, unknown>, accessToken: string | undefined, rule: RoleRule): { user: SessionUser; sid?: string } {
  const claims = IdClaims.parse(idTokenClaims);
  return {
    user: {
      sub: claims.sub,
      name: claims.name ?? claims.preferred_username,
      email: claims.email,
      picture: claims.picture,
      roles: rule.roles === 'keycloak' ? keycloakRoles(decodeJwtPayload(accessToken), idTokenClaims, rule.clientId) : [],
    },
    sid: claims.sid,
  };
}
