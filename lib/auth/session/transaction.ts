import 'server-only';
import { z } from 'zod';
import type { Env } from '../config';
import { TRANSACTION_COOKIE_PREFIX, cookieName, cookieOptions, deletion, isSecureOrigin, type CookieReader, type CookieWrite } from './cookies';
import { MAX_RETURN_TO_LENGTH } from '../http';
import { seal, unseal } from './seal';

/**
 * The one-time login transaction: what the callback needs to validate the response it gets.
 * One cookie per login, named by its state, so two tabs can sign in at once (each callback
 * finds its own). Short-lived, bound to this browser, deleted on every callback branch.
 */
export const TRANSACTION_TTL = 600;
/**
 * A hostile page can open /auth/login many times for a visitor; each leaves a cookie. Three
 * pending logins (each at most ~1 KB, returnTo is capped at MAX_RETURN_TO_LENGTH) keep every
 * auth cookie together inside AUTH_COOKIE_BUDGET, so later requests never hit HTTP 431.
 */
export const MAX_PENDING_TRANSACTIONS = 3;

const TransactionSchema = z.object({
  v: z.literal(1),
  provider: z.string().min(1),
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  returnTo: z.string().startsWith('/').max(MAX_RETURN_TO_LENGTH),
  /** A step-up asked for: the callback checks the new ID token's auth_time / acr against it. */
  stepUp: z.object({ maxAge: z.number().int().min(0).optional(), acr: z.array(z.string()).max(5).optional() }).optional(),
  createdAt: z.number().int(),
});

export type Transaction = z.infer<typeof TransactionSchema>;

/** openid-client's randomState() is 43 base64url characters; refuse anything else as a cookie name. */
const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

function prefix(env: Env): string {
  return cookieName(TRANSACTION_COOKIE_PREFIX, isSecureOrigin(env.APP_URL));
}

async function unsealTransaction(sealed: string, env: Env): Promise<Transaction | null> {
  const parsed = TransactionSchema.safeParse(await unseal(sealed, env));
  return parsed.success ? parsed.data : null;
}

/** The new transaction's cookie, plus deletions that keep at most MAX_PENDING_TRANSACTIONS pending. */
export async function transactionCookieWrites(transaction: Transaction, reader: CookieReader, env: Env): Promise<CookieWrite[]> {
  const secure = isSecureOrigin(env.APP_URL);
  const pending = await Promise.all(
    reader
      .getAll()
      .filter((cookie) => cookie.name.startsWith(prefix(env)))
      .map(async (cookie) => ({ name: cookie.name, createdAt: (await unsealTransaction(cookie.value, env))?.createdAt ?? -1 })),
  );
  // Oldest (and unreadable, at -1) first: those are the ones to drop.
  pending.sort((a, b) => a.createdAt - b.createdAt);
  const evicted = pending.slice(0, Math.max(0, pending.length - (MAX_PENDING_TRANSACTIONS - 1)));
  const sealed = await seal(transaction, env, TRANSACTION_TTL);
  return [
    ...evicted.map((cookie) => deletion(cookie.name, secure)),
    { name: `${prefix(env)}${transaction.state}`, value: sealed, options: cookieOptions(secure, TRANSACTION_TTL) },
  ];
}

/**
 * Finds and opens the transaction for a callback's state. Whatever it finds, the cookie is
 * deleted (one-time use): `writes` must reach the response on success and on failure alike.
 */
export async function consumeTransaction(reader: CookieReader, state: string | null, env: Env, now: number): Promise<{ transaction: Transaction | null; writes: CookieWrite[] }> {
  if (!state || !STATE_PATTERN.test(state)) return { transaction: null, writes: [] };
  const name = `${prefix(env)}${state}`;
  const sealed = reader.get(name)?.value;
  if (!sealed) return { transaction: null, writes: [] };
  const writes = [deletion(name, isSecureOrigin(env.APP_URL))];
  const transaction = await unsealTransaction(sealed, env);
  // The seal carries its own TTL; the timestamp check is belt and braces for a clock-skewed seal.
  const valid = transaction && transaction.state === state && now - transaction.createdAt <= TRANSACTION_TTL;
  return { transaction: valid ? transaction : null, writes };
}
