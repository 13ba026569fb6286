import 'server-only';
import { createHash } from 'node:crypto';
import { jwtVerify, type JWTPayload } from 'jose';
import type { NextRequest } from 'next/server';
import { env, type Env } from '../config/env';
import { getStore } from '../store';
import { isStoreUnavailable } from '../store/store';
import { nowSeconds, preciseSeconds } from '../clock';
import { AuthError } from '../errors';
import { readFormBody } from '../http/form-body';
import { classifyError, providerKeys } from '../oidc/client';
import { verifyWithProviderKeys } from '../oidc/provider-keys';
import { findProvider, type ProviderConfig } from '../config/providers';
import { jsonResponse, noStore } from './responses';
import { recordEnded } from '../lifecycle/revocation-list';

const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** Logout tokens are sent the moment a session ends: one older than this is stale or replayed. */
const MAX_TOKEN_AGE = 300;
/** A logout token is a few hundred bytes; the form around it has nothing else. */
const MAX_FORM_BYTES = 32 * 1024;

/**
 * OpenID Connect Back-Channel Logout 1.0, section 2.6: validate the logout token like an ID
 * token (signature with the pinned algorithm, iss, aud, iat, exp), then the parts that make it a
 * logout token: the back-channel `events` member, a `jti`, no `nonce`, and a `sid` or `sub`.
 */
export async function validateLogoutToken(provider: ProviderConfig, config: Env, token: string, now: number): Promise<JWTPayload & { iss: string; sid?: string; sub?: string }> {
  const { issuer, jwksUri } = await providerKeys(provider, config);
  const verdict = await verifyWithProviderKeys(jwksUri, config.PROVIDER_TIMEOUT * 1000, (keys) =>
    jwtVerify(token, keys, {
      issuer,
      audience: provider.clientId,
      algorithms: ['RS256'],
      requiredClaims: ['iat', 'exp', 'jti', 'events'],
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: 60,
      currentDate: new Date(now * 1000),
    }),
  );
  if (verdict.status === 'keys_unavailable') throw new AuthError('provider_unavailable', `the signing keys of ${provider.id} are unreachable`);
  if (verdict.status === 'invalid') throw new AuthError('invalid_response', verdict.reason);
  const { payload, protectedHeader } = verdict.result;
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
  return { ...payload, iss: issuer, sid, sub };
}

function invalid(description: string): Response {
  // 2.8: 400 with an OAuth error; the description is ours, never the token's content.
  return jsonResponse({ error: 'invalid_request', error_description: description }, 400);
}

function unavailable(): Response {
  // Not the token's fault: a 5xx lets the provider retry the delivery (2.8 leaves retries to it).
  const response = jsonResponse({ error: 'temporarily_unavailable' }, 503);
  response.headers.set('Retry-After', '30');
  return response;
}

/**
 * POST /auth/backchannel-logout/[provider]: the provider tells us a session ended. Entries are
 * keyed by the token's issuer, so every provider entry of this app on that issuer ends its
 * sessions; a token naming both sid and sub ends the sessions of that provider session and
 * the person's sessions that carry no sid (see revocation-list.ts).
 */
export async function backchannelLogout(request: NextRequest, providerId: string): Promise<Response> {
  const config = env();
  const provider = findProvider(config, providerId);
  if (!provider) return invalid('unknown provider');
  const form = await readFormBody(request, MAX_FORM_BYTES);
  if (form === 'too_large') return jsonResponse({ error: 'invalid_request', error_description: 'request body too large' }, 413);
  const token = form.get('logout_token');
  if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) return invalid('missing logout_token');
  const now = nowSeconds();
  let claims: Awaited<ReturnType<typeof validateLogoutToken>>;
  try {
    claims = await validateLogoutToken(provider, config, token, now);
  } catch (error) {
    const { code } = classifyError(error);
    console.warn(`[auth] back-channel logout from ${provider.id} refused: ${error instanceof Error ? error.message : code}`);
    return code === 'provider_unavailable' ? unavailable() : invalid('invalid logout_token');
  }
  try {
    // 2.6 step 10 (optional, recommended): refuse a replayed token, remembered until it expires.
    const jti = createHash('sha256').update(`${claims.iss}\n${String(claims.jti)}`).digest('base64url');
    const fresh = await getStore(config).setIfAbsent(`logout:jti:${jti}`, '1', (Math.max(0, Number(claims.exp) - now) + 120) * 1000);
    if (!fresh) return invalid('replayed logout_token');
    const at = preciseSeconds();
    const lifetime = config.SESSION_ABSOLUTE_LIFETIME;
    const { iss: issuer, sid, sub } = claims;
    if (sid) await recordEnded(config, { issuer, sid }, at, lifetime);
    if (sub) await recordEnded(config, sid ? { issuer, sub, withoutSid: true } : { issuer, sub }, at, lifetime);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    console.warn(`[auth] back-channel logout from ${provider.id} not recorded: ${error.message}`);
    return unavailable();
  }
  return noStore(new Response(null, { status: 200 }));
}
