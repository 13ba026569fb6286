import 'server-only';
import pino from 'pino';

/**
 * Audit events: one JSON line per thing that happened to a session, for the team's log pipeline
 * (who signed in, out, was refreshed, refused, ended by the provider). Never a token, a secret
 * or a cookie: the fields are the event's own, typed below, and pino's redaction drops anything
 * token-shaped that a future field might carry by mistake.
 */
export type AuditEvent =
  | { event: 'sign_in'; provider: string; sub: string; sid?: string; stepUp?: boolean }
  | { event: 'sign_in_refused'; provider: string; code: string; reason?: string }
  | { event: 'sign_out'; provider: string; sub: string; everywhere: boolean }
  /** Someone else (an admin) ended every session of `sub`; `by` is who. */
  | { event: 'sessions_ended'; provider: string; sub: string; by: string }
  | { event: 'refresh'; provider: string; sub: string }
  | { event: 'refresh_failed'; provider: string; sub: string; outcome: 'ended' | 'unavailable'; reason: string }
  | { event: 'backchannel_logout'; provider: string; sid?: string; sub?: string }
  | { event: 'backchannel_logout_refused'; provider: string; reason: string };

const logger = pino({
  base: { component: 'auth' },
  messageKey: 'message',
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Defence in depth: the event types above carry no such fields.
  redact: { paths: ['*.access_token', '*.refresh_token', '*.id_token', 'accessToken', 'refreshToken', 'idToken', 'cookie', 'authorization'], remove: true },
  enabled: process.env.AUTH_AUDIT_LOG !== 'off',
});

export function audit(entry: AuditEvent): void {
  logger.info(entry, entry.event);
}
