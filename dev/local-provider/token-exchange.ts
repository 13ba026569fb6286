import { EmbeddedJWK, calculateJwkThumbprint, jwtVerify, type JWTPayload, type KeyObject } from 'jose';
import Provider, { errors, type KoaContextWithOIDC } from 'oidc-provider';
import { DEMO_API_AUDIENCE } from '../defaults';
import { accountBySub } from './accounts';
import type { ResourceServerInfo } from './resource-servers';

/** RFC 8693 2.1 and 3: the grant, and the one token type this provider exchanges. */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

const PARAMETERS = ['subject_token', 'subject_token_type', 'requested_token_type', 'audience', 'scope'];

function audiences(payload: JWTPayload): string[] {
  return typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
}

/** How far a proof's iat may be from our clock (RFC 9449 11.1). */
const PROOF_WINDOW_SECONDS = 60;

/**
 * RFC 9449 5, at the token endpoint: the key of a valid DPoP proof for this request, as its
 * thumbprint, which the issued token is bound to (cnf.jkt). oidc-provider does this for its own
 * grants; a registered grant does it itself. No proof: undefined.
 */
async function proofThumbprint(ctx: KoaContextWithOIDC): Promise<string | undefined> {
  const proof = ctx.get('DPoP');
  if (!proof) return undefined;
  try {
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: ['ES256', 'PS256'] });
    const fresh = typeof payload.iat === 'number' && Math.abs(Date.now() / 1000 - payload.iat) <= PROOF_WINDOW_SECONDS;
    if (!fresh || typeof payload.jti !== 'string' || payload.htm !== 'POST' || payload.htu !== ctx.oidc.urlFor('token') || !protectedHeader.jwk) throw new Error('claims');
    return await calculateJwkThumbprint(protectedHeader.jwk);
  } catch {
    throw new errors.InvalidDpopProof('invalid DPoP proof');
  }
}

/**
 * Token exchange as Keycloak's "standard token exchange" does it: a client trades a user's
 * access token that was issued to it (for the demo API) for one scoped to another audience,
 * so the demo API's token is never forwarded to a service it was not meant for (RFC 8693 1.1).
 * Delegation (`actor_token`, `act`) is not offered; the new token speaks for the same user.
 * With a DPoP proof the new token is bound to its key; a client whose tokens must be bound
 * (dpop_bound_access_tokens) gets none without one, as Keycloak requires on every grant.
 */
export function registerTokenExchange(provider: Provider, publicKey: KeyObject, resourceServer: (audience: string) => ResourceServerInfo | undefined): void {
  provider.registerGrantType(
    TOKEN_EXCHANGE_GRANT,
    async (ctx: KoaContextWithOIDC) => {
      const params = ctx.oidc.params as Record<string, string | undefined>;
      const client = ctx.oidc.client;
      if (!client) throw new errors.InvalidClient('client authentication failed');
      if (!params.subject_token) throw new errors.InvalidRequest('missing required parameter subject_token');
      if (params.subject_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest(`subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
      if (params.requested_token_type && params.requested_token_type !== ACCESS_TOKEN_TYPE) throw new errors.InvalidRequest(`requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
      // RFC 8693 2.2.2: an unknown or unacceptable target is invalid_target.
      const target = params.audience ? resourceServer(params.audience) : undefined;
      if (!params.audience || !target || params.audience === DEMO_API_AUDIENCE) throw new errors.InvalidTarget('audience must name another resource server');

      let subject: JWTPayload;
      try {
        ({ payload: subject } = await jwtVerify(params.subject_token, publicKey, { issuer: provider.issuer, algorithms: ['RS256'], typ: 'at+jwt' }));
      } catch {
        throw new errors.InvalidGrant('subject_token is invalid or expired');
      }
      if (subject.client_id !== client.clientId) throw new errors.InvalidGrant('subject_token was issued to another client');
      if (!audiences(subject).includes(DEMO_API_AUDIENCE)) throw new errors.InvalidGrant('subject_token is not a demo API token');
      if (!subject.sub || !accountBySub(subject.sub)) throw new errors.InvalidGrant('subject_token does not speak for a user');

      const allowed = target.scope.split(' ');
      const requested = params.scope ? params.scope.split(' ') : allowed;
      if (requested.some((scope) => !allowed.includes(scope))) throw new errors.InvalidScope('requested scope is not offered by the audience', params.scope ?? '');

      // A grant of its own, so the exchanged token can be revoked without touching the sign-in.
      const grant = new provider.Grant({ accountId: subject.sub, clientId: client.clientId });
      grant.addResourceScope(params.audience, requested.join(' '));
      const grantId = await grant.save();
      const token = new provider.AccessToken({ accountId: subject.sub, client, grantId, scope: requested.join(' '), gty: 'token_exchange' });
      token.resourceServer = new provider.ResourceServer(params.audience, target);
      const jkt = await proofThumbprint(ctx);
      if (jkt) token.setThumbprint('jkt', jkt);
      else if (client.dpopBoundAccessTokens) throw new errors.InvalidGrant('DPoP proof JWT not provided');
      ctx.body = {
        access_token: await token.save(),
        issued_token_type: ACCESS_TOKEN_TYPE,
        token_type: jkt ? 'DPoP' : 'Bearer',
        expires_in: token.expiration,
        scope: requested.join(' '),
      };
    },
    PARAMETERS,
  );
}
