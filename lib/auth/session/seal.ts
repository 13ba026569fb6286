import 'server-only';
import { sealData, unsealData } from 'iron-session';
import type { Env } from '../config';

/**
 * Sealing with secret rotation. SESSION_SECRET holds one or more secrets, newest first: new
 * seals use the newest; a seal made with any listed secret still opens. Each secret is tried on
 * its own (iron-session's numbered password map would renumber when the oldest is dropped).
 * Current seals open on the first try; only seals from before a rotation cost more.
 */
export async function seal(data: unknown, env: Env, ttlSeconds: number): Promise<string> {
  return sealData(data, { password: env.SESSION_SECRET[0] as string, ttl: ttlSeconds });
}

/** The sealed data, or null when no secret opens it (tampered, foreign, expired, malformed). */
export async function unseal(sealed: string, env: Env): Promise<unknown> {
  for (const password of env.SESSION_SECRET) {
    try {
      const data = await unsealData<Record<string, unknown>>(sealed, { password });
      // iron-session reads a bad MAC, an expired seal or another secret as an empty object.
      if (Object.keys(data).length > 0) return data;
    } catch {
      // Malformed seals throw: they open with no secret.
    }
  }
  return null;
}
