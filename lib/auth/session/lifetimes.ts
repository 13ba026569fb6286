import type { Env } from '../config';
import type { Session } from './schema';

type Lifetimes = Pick<Env, 'SESSION_IDLE_TIMEOUT' | 'SESSION_ABSOLUTE_LIFETIME'>;

/** When the session ends: the earlier of the idle timeout and the absolute lifetime. */
export function sessionExpiresAt(session: Session, env: Lifetimes): number {
  return Math.floor(Math.min(session.touchedAt + env.SESSION_IDLE_TIMEOUT, session.createdAt + env.SESSION_ABSOLUTE_LIFETIME));
}

/**
 * How often an active session is re-sealed to push its idle deadline forward. Touching on every
 * request would cost an unseal and a seal each time; a tenth of the idle timeout keeps the
 * deadline accurate to within 10% while the proxy stays out of almost every request.
 */
export function touchInterval(env: Lifetimes): number {
  return Math.max(60, Math.floor(env.SESSION_IDLE_TIMEOUT / 10));
}

/** When the proxy must next look at this session: a refresh is due, or the idle deadline needs a push. */
export function nextCheckAt(session: Session, env: Lifetimes): number {
  return Math.min(session.tokens.refreshAt, session.touchedAt + touchInterval(env));
}
