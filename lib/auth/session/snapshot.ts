import type { SessionUser } from './schema';

/**
 * What client code may know about the session: who, with which provider, until when. Never a
 * token. GET /auth/session answers with it; pages hand it to <SessionProvider initial={…}>.
 */
export interface SessionSnapshot {
  user: Pick<SessionUser, 'sub' | 'name' | 'email' | 'roles'>;
  provider: string;
  /** The provider's name for people ("Keycloak", "Google", OIDC_NAME). */
  providerLabel: string;
  /** When the session ends (idle or absolute lifetime, whichever comes first), epoch seconds. */
  expiresAt: number;
}
