import 'server-only';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import type { NextRequest } from 'next/server';
import { env, type Env } from '../env';
import { getStore } from '../store';
import { nowSeconds, preciseSeconds } from './clock';
import { AuthError } from './errors';
import { classifyError, providerKeys } from './oidc';
import { findProvider, type ProviderConfig } from './providers';
import { jsonResponse, noStore } from './responses';
import { recordLogout } from './revocation-list';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Logout tokens are sent the moment a session ends: one older than this is stale or replayed. */
const MAX_TOKEN_AGE = 300;

// Library objects stay per bundle (see oidc.ts); only this route uses them.
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function keySetFor(provider: ProviderConfig, jwksUri: string, config: Env) {
  let keys = keySets.get(provider.id);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: config.PROVIDER_TIMEOUT * 1000 });
    keySets.set(provider.id, keys);
  }
  return keys;
}

/**
 * OpenID Connect Back-Channel Logout 1.0, section 2.6: validate the logout token like an ID
 * token (signature with the pinned algorithm, iss, aud, iat, exp), then the parts that make it a
 * logout token: the back-channel `events` member, a `jti`, no `nonce`, and a `sid` or `sub`.
 */
export async function validateLogoutToken(provider: ProviderConfig, config: Env, token: string, now: number): Promise<JWTPayload & { sid?: string; sub?: string }> {
  const { issuer, jwksUri } = await providerKeys(provider, config);
  const { payload, protectedHeader } = await jwtVerify(token, keySetFor(provider, jwksUri, config), {
    issuer,
    audience: provider.clientId,
    algorithms: ['RS256'],
    requiredClaims: ['iat', 'exp', 'jti', 'events'],
    maxTokenAge: MAX_TOKEN_AGE,
    clockTolerance: 60,
    currentDate: new Date(now * 1000),
  });
  // 2.4: typ is optional; when present it must not claim to be something else (an ID token).
  if (protectedHeader.typ !== undefined && !/^(logout\+jwt|jwt)$/i.test(protectedHeader.typ)) throw new AuthError('invalid_response', `typ ${protectedHeader.typ}`);
  const events = payload.events;
  if (!events || typeof events !== 'object' || Array.isArray(events) || typeof (events as Record<string, unknown>)[BACKCHANNEL_EVENT] !== 'object') {
    throw new AuthError('invalid_response', 'no back-channel logout event');
  }
  if (payload.nonce !== undefined) throw new AuthError('invalid_response', 'a logout token must not contain a nonce');
  const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
  const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
  if (!sid && !sub) throw new AuthError('invalid_response', 'neither sid nor sub');
  return { ...payload, sid, sub };
}

function invalid(description: string): Response {
  // 2.8: 400 with an OAuth error; the description is ours, never the token's content.
  return jsonResponse({ error: 'invalid_request', error_description: description }, 400);
}

/** POST /auth/backchannel-logout/[provider]: the provider tells us a session ended. */
export async function backchannelLogout(request: NextRequest, providerId: string): Promise<Response> {
  const config = env();
  const provider = findProvider(config, providerId);
  if (!provider) return invalid('unknown provider');
  const form = await request.formData().catch(() => undefined);
  const token = form?.get('logout_token');
  if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) return invalid('missing logout_token');
  const now = nowSeconds();
  let claims: Awaited<ReturnType<typeof validateLogoutToken>>;
  try {
    claims = await validateLogoutToken(provider, config, token, now);
  } catch (error) {
    console.warn(`[auth] back-channel logout from ${provider.id} refused: ${error instanceof Error ? error.message : classifyError(error).code}`);
    return invalid('invalid logout_token');
  }
  // 2.6 step 10 (optional, recommended): refuse a replayed token, remembered until it expires.
  const fresh = await getStore(config).setIfAbsent(`logout:jti:${provider.id}:${String(claims.jti)}`, '1', (Math.max(0, Number(claims.exp) - now) + 120) * 1000);
  if (!fresh) return invalid('replayed logout_token');
  await recordLogout(config, provider.id, claims.sid ? { sid: claims.sid } : { sub: claims.sub as string }, preciseSeconds());
  return noStore(new Response(null, { status: 200 }));
}
