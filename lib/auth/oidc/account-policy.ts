import 'server-only';
import { AuthError } from '../errors';
import type { ProviderConfig } from '../config';

/**
 * Who may sign in through a provider, decided on the verified ID token's claims. The `hd`
 * authorization parameter only tailors Google's account chooser; anyone can edit it, so the
 * Workspace domain is enforced here, on the signed `hd` claim.
 */
export function checkAccountPolicy(provider: ProviderConfig, claims: Record<string, unknown>): void {
  if (provider.requireVerifiedEmail && claims.email_verified !== true) {
    throw new AuthError('email_unverified', `${provider.id}: email_verified is ${JSON.stringify(claims.email_verified)}`);
  }
  if (provider.hostedDomain && claims.hd !== provider.hostedDomain) {
    throw new AuthError('domain_not_allowed', `${provider.id}: hd ${JSON.stringify(claims.hd)} is not ${provider.hostedDomain}`);
  }
}
