import 'server-only';
import { createHash } from 'node:crypto';
import type { NextRequest } from 'next/server';
import { env, findProvider } from '../config';
import { getStore, isStoreUnavailable } from '../store';
import { nowSeconds, preciseSeconds } from '../clock';
import { readFormBody } from '../http';
import { classifyError, validateLogoutToken } from '../oidc';
import { jsonError, noStore } from './responses';
import { recordEnded } from '../lifecycle';
import { audit } from '../observe/audit';
import { forgetSessionOfSid } from '../session';

/** A logout token is a few hundred bytes; the form around it has nothing else. */
const MAX_FORM_BYTES = 32 * 1024;

function invalid(description: string): Response {
  // 2.8: 400 with an OAuth error; the description is ours, never the token's content.
  return jsonError('invalid_request', 400, [], { error_description: description });
}

function unavailable(): Response {
  // Not the token's fault: a 5xx lets the provider retry the delivery (2.8 leaves retries to it).
  const response = jsonError('temporarily_unavailable', 503);
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
  if (form === 'too_large') return jsonError('invalid_request', 413, [], { error_description: 'request body too large' });
  const token = form.get('logout_token');
  if (typeof token !== 'string' || token.length === 0 || token.length > 16_384) return invalid('missing logout_token');
  const now = nowSeconds();
  let claims: Awaited<ReturnType<typeof validateLogoutToken>>;
  try {
    claims = await validateLogoutToken(provider, config, token, now);
  } catch (error) {
    const { code } = classifyError(error);
    console.warn(`[auth] back-channel logout from ${provider.id} refused: ${error instanceof Error ? error.message : code}`);
    audit({ event: 'backchannel_logout_refused', provider: provider.id, reason: code });
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
    if (sid && config.SESSION_STORAGE === 'server') await forgetSessionOfSid(config, issuer, sid);
    audit({ event: 'backchannel_logout', provider: provider.id, ...(sid && { sid }), ...(sub && { sub }) });
    if (sub) await recordEnded(config, sid ? { issuer, sub, withoutSid: true } : { issuer, sub }, at, lifetime);
  } catch (error) {
    if (!isStoreUnavailable(error)) throw error;
    console.warn(`[auth] back-channel logout from ${provider.id} not recorded: ${error.message}`);
    return unavailable();
  }
  return noStore(new Response(null, { status: 200 }));
}
