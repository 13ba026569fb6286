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
 * The value at a claim path: the whole path when it names a top-level claim (namespaced claims
 * are URLs, dots included: "https://example.com/roles"), else its dot-separated segments, with
 * `{clientId}` standing for one segment that is this client's id.
 */
function claimAt(claims: Record<string, unknown>, path: string, clientId: string): unknown {
  if (path in claims) return claims[path];
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[segment === '{clientId}' ? clientId : segment];
  }
  return value;
}

const RoleList = z.array(z.string());

/**
 * The roles at the provider's claim paths (Keycloak's realm_access.roles and
 * resource_access.{clientId}.roles, Entra's roles, Okta's groups, an Auth0 namespaced claim),
 * read from the access token when it carries any of them (Keycloak puts them only there), else
 * from the ID token (where a mapper may have added them). Anything but a list of strings is none.
 */
export function rolesFrom(accessTokenClaims: Record<string, unknown>, idTokenClaims: Record<string, unknown>, paths: readonly string[], clientId: string): string[] {
  const read = (claims: Record<string, unknown>) => paths.map((path) => claimAt(claims, path, clientId)).filter((value) => value !== undefined);
  const found = read(accessTokenClaims).length > 0 ? read(accessTokenClaims) : read(idTokenClaims);
  const roles = new Set(found.flatMap((value) => RoleList.safeParse(value).data ?? []));
  return [...roles].sort();
}

/** Where the provider's roles are, and which client's roles are ours. */
type RoleRule = Pick<ProviderConfig, 'rolesClaims' | 'clientId'>;

export function toSessionUser(idTokenClaims: Record<string, unknown>, accessToken: string | undefined, rule: RoleRule): { user: SessionUser; sid?: string } {
  const claims = IdClaims.parse(idTokenClaims);
  return {
    user: {
      sub: claims.sub,
      name: claims.name ?? claims.preferred_username,
      email: claims.email,
      picture: claims.picture,
      roles: rolesFrom(decodeJwtPayload(accessToken), idTokenClaims, rule.rolesClaims, rule.clientId),
    },
    sid: claims.sid,
  };
}
