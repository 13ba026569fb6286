import 'server-only';
import type { Env } from '../config';
import type { CookieReader } from '../session';
import { readSealedSession, type SealedSessionState } from '../session';
import { isStoreUnavailable } from '../store';
import { isEnded } from './revocation-list';

/** `unavailable`: the store (revocation list, server-side sessions) cannot be read now: keep the cookies. */
export type SessionState = SealedSessionState;

/**
 * The session a request carries, as every entry point reads it: the cookies' own verdict
 * (seal, lifetimes), then the revocation list. A session ended by sign-out, back-channel logout
 * or "sign out everywhere" reads as signed out; when the store cannot say, it fails closed
 * without signing anyone out.
 */
export async function readSession(reader: CookieReader, env: Env, now: number): Promise<SessionState> {
  const state = await readSealedSession(reader, env, now);
  if (state.status !== 'active') return state;
  try {
    if (await isEnded(env, state.session)) return { status: 'invalid' };
  } catch (error) {
    if (isStoreUnavailable(error)) return { status: 'unavailable' };
    throw error;
  }
  return state;
}
