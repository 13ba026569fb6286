import 'server-only';
import type { Env } from '../env';
import { getStore } from '../store';
import type { Session } from './session';

/**
 * Sessions live in sealed cookies, so ending one from the outside (OIDC Back-Channel Logout,
 * "sign out everywhere") means remembering what was ended: the provider session (`sid`) or the
 * person (`sub`), with the time it ended. A session is over when it began at or before a listed
 * logout; signing in again afterwards starts a fresh one. Entries outlive any session they can
 * match (SESSION_ABSOLUTE_LIFETIME), in memory or, with REDIS_URL, across every instance.
 */
type Subject = { sid: string } | { sub: string };

function key(provider: string, subject: Subject): string {
  return 'sid' in subject ? `logout:${provider}:sid:${subject.sid}` : `logout:${provider}:sub:${subject.sub}`;
}

export async function recordLogout(env: Env, provider: string, subject: Subject, at: number): Promise<void> {
  await getStore(env).set(key(provider, subject), String(at), env.SESSION_ABSOLUTE_LIFETIME * 1000);
}

export async function isLoggedOut(env: Env, session: Session): Promise<boolean> {
  const store = getStore(env);
  const keys = [key(session.provider, { sub: session.user.sub }), ...(session.sid ? [key(session.provider, { sid: session.sid })] : [])];
  const times = await Promise.all(keys.map((name) => store.get(name)));
  return times.some((time) => time !== undefined && session.createdAt <= Number(time));
}
