import 'server-only';
import { env, findProvider } from '../config';
import { preciseSeconds } from '../clock';
import { AuthError } from '../errors';
import { recordEnded } from '../lifecycle';
import { audit } from '../observe/audit';
import type { Session } from '../session';

/**
 * Ends every session of one person in this app, on every instance: what "sign out everywhere"
 * records for oneself, done by someone else (an admin, after a role check by the caller). Each
 * session begun before now is refused at its next request (the revocation list is keyed by
 * issuer and subject); sign-ins after now are not affected. The person's session at the
 * provider is not: end it there for a complete sign-out (its back-channel logout lands here too).
 * While the store is down the record waits in this process's memory and is written when the
 * store answers again, as sign-out's is.
 */
export async function endSessionsOf(person: { provider: string; sub: string }, by: Session): Promise<void> {
  const config = env();
  const provider = findProvider(config, person.provider);
  if (!provider) throw new AuthError('unknown_provider', `no provider ${person.provider}`);
  await recordEnded(config, { issuer: provider.issuer, sub: person.sub }, preciseSeconds(), config.SESSION_ABSOLUTE_LIFETIME).catch((error: unknown) => {
    console.warn(`[auth] ended sessions not yet recorded in the store: ${error instanceof Error ? error.message : String(error)}`);
  });
  audit({ event: 'sessions_ended', provider: provider.id, sub: person.sub, by: by.user.sub });
}
