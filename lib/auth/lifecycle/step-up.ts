import type { Session } from '../session';

/** What a page or route may ask of the sign-in behind a session (OIDC Core 3.1.2.1, RFC 9470). */
export interface Recency {
  /** The person authenticated at most this many seconds ago. */
  maxAge?: number;
  /** The provider reported one of these authentication context classes. */
  acr?: readonly string[];
}

/** True when the session's sign-in meets `recency`; false means: send the person through a step-up. */
export function meetsRecency(session: Session, recency: Recency, now: number): boolean {
  if (recency.maxAge !== undefined && now - (session.authTime ?? Math.floor(session.createdAt)) > recency.maxAge) return false;
  if (recency.acr?.length && !recency.acr.includes(session.acr ?? '')) return false;
  return true;
}
