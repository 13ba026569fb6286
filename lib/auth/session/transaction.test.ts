import { describe, expect, it } from 'vitest';
import { testEnv } from '../../../test/kit/env';
import { requestCookies } from '../../../test/kit/request-cookies';
import { AUTH_COOKIE_BUDGET, CHUNK_SIZE, MAX_CHUNKS } from './cookies';
import { MAX_RETURN_TO_LENGTH } from '../http';
import { NOW } from '../../../test/kit/session';
import { MAX_PENDING_TRANSACTIONS, TRANSACTION_TTL, consumeTransaction, transactionCookieWrites, type Transaction } from './transaction';

const env = testEnv();

function transaction(state: string, createdAt = NOW): Transaction {
  return { v: 1, provider: 'keycloak', state, nonce: 'n'.repeat(43), codeVerifier: 'v'.repeat(43), returnTo: '/dashboard', createdAt };
}

const state = (index: number) => `state${String(index).padStart(3, '0')}${'s'.repeat(35)}`;

describe('login transaction', () => {
  it('is one short-lived HttpOnly cookie per login, named by its state', async () => {
    const [write] = await transactionCookieWrites(transaction(state(1)), requestCookies(), env);
    expect(write?.name).toBe(`app_txn.${state(1)}`);
    expect(write?.options).toMatchObject({ httpOnly: true, sameSite: 'lax', maxAge: TRANSACTION_TTL });
    expect(TRANSACTION_TTL).toBeLessThanOrEqual(600);
  });

  it(`keeps at most ${MAX_PENDING_TRANSACTIONS} pending, dropping the oldest`, async () => {
    const cookies: Record<string, string> = {};
    for (let index = 0; index < MAX_PENDING_TRANSACTIONS; index++) {
      const writes = await transactionCookieWrites(transaction(state(index), NOW + index), requestCookies(cookies), env);
      for (const write of writes) cookies[write.name] = write.value;
    }
    const writes = await transactionCookieWrites(transaction(state(99), NOW + 99), requestCookies(cookies), env);
    expect(writes.filter((write) => write.options.maxAge === 0).map((write) => write.name)).toEqual([`app_txn.${state(0)}`]);
    expect(writes.at(-1)?.name).toBe(`app_txn.${state(99)}`);
  });

  it('is consumed once: found by state, and its deletion returned whatever the outcome', async () => {
    const [write] = await transactionCookieWrites(transaction(state(1)), requestCookies(), env);
    const cookies = requestCookies({ [write!.name]: write!.value });
    const consumed = await consumeTransaction(cookies, state(1), env, NOW + 5);
    expect(consumed.transaction?.returnTo).toBe('/dashboard');
    expect(consumed.writes).toEqual([expect.objectContaining({ name: write!.name, value: '', options: expect.objectContaining({ maxAge: 0 }) })]);
    const expired = await consumeTransaction(cookies, state(1), env, NOW + TRANSACTION_TTL + 1);
    expect(expired.transaction).toBeNull();
    expect(expired.writes).toHaveLength(1);
  });

  it('finds nothing for a missing, altered or malformed state', async () => {
    const [write] = await transactionCookieWrites(transaction(state(1)), requestCookies(), env);
    const cookies = requestCookies({ [write!.name]: write!.value });
    expect((await consumeTransaction(cookies, null, env, NOW)).transaction).toBeNull();
    expect((await consumeTransaction(cookies, state(2), env, NOW)).transaction).toBeNull();
    expect((await consumeTransaction(cookies, 'a;b=c', env, NOW)).transaction).toBeNull();
  });

  it('rejects a transaction cookie whose sealed state differs from its name', async () => {
    const [write] = await transactionCookieWrites(transaction(state(1)), requestCookies(), env);
    const swapped = requestCookies({ [`app_txn.${state(2)}`]: write!.value });
    expect((await consumeTransaction(swapped, state(2), env, NOW)).transaction).toBeNull();
  });
});

describe('the auth cookie budget (cookie bombs)', () => {
  it(`keeps the worst case of every auth cookie together within ${AUTH_COOKIE_BUDGET} bytes, under Node's 16 KiB header limit`, async () => {
    // The largest pending login: a 43-character state, nonce and verifier, the longest returnTo.
    const largest = { ...transaction(state(1)), state: 'S'.repeat(43), returnTo: `/${'a'.repeat(MAX_RETURN_TO_LENGTH - 1)}` };
    // On https every name carries the __Host- prefix.
    const [write] = await transactionCookieWrites(largest, requestCookies(), testEnv({ APP_URL: 'https://app.example.com' }));
    expect(write!.name.startsWith('__Host-')).toBe(true);
    const transactionBytes = write!.name.length + 1 + write!.value.length;
    const sessionBytes = MAX_CHUNKS * ('__Host-app_session.N='.length + CHUNK_SIZE) + '__Host-app_session_fresh=1'.length;
    const logoutStateBytes = '__Host-app_logout_state='.length + 43;
    const separators = 2 * (MAX_CHUNKS + MAX_PENDING_TRANSACTIONS + 2);
    const worst = sessionBytes + MAX_PENDING_TRANSACTIONS * transactionBytes + logoutStateBytes + separators;
    console.log(`[measure] largest transaction cookie ${transactionBytes} B; worst case of all auth cookies ${worst} B`);
    expect(worst).toBeLessThanOrEqual(AUTH_COOKIE_BUDGET);
    expect(AUTH_COOKIE_BUDGET).toBeLessThanOrEqual(16 * 1024 - 1024); // a kilobyte for the browser's other headers
  });

  it('refuses a transaction whose returnTo is longer than the cap (a seal made elsewhere)', async () => {
    const long = { ...transaction(state(1)), returnTo: `/${'a'.repeat(MAX_RETURN_TO_LENGTH)}` };
    const [write] = await transactionCookieWrites(long, requestCookies(), env);
    expect((await consumeTransaction(requestCookies({ [write!.name]: write!.value }), state(1), env, NOW)).transaction).toBeNull();
  });
});
