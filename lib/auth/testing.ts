/**
 * For your own tests, not for the app: a signed-in session's cookies without a provider round
 * trip. They are sealed by the product's own code (packing, seal, chunks, freshness marker) with
 * the configuration you pass, which must be the one the app under test runs with (its
 * SESSION_SECRET, APP_URL and provider). The app opens them as it opens its own.
 *
 *   const cookies = await mintSessionCookies(appVariables, { user: { sub: 'u1', roles: ['admin'] } });
 *   await context.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL })));   // Playwright
 *   await fetch(url, { headers: { cookie: cookieHeader(cookies) } });                     // anything else
 *
 * The tokens are placeholders: pages and session checks work; an API that verifies the access
 * token refuses it, and no refresh is possible (there is no refresh token), so the session ends
 * when `lifetime` runs out. Test the real flow through the provider as well (test/e2e/auth.setup.ts
 * signs in once and reuses the browser state).
 *
 * Outside Next, modules marked `server-only` need that import mapped to an empty module (see
 * vitest.config.ts and test/tsconfig.playwright.json).
 */
import { nowSeconds } from './clock';
import { findProvider, parseEnv, type Env } from './config';
import { newSessionId } from './lifecycle';
import { sessionCookieWrites, type Session, type SessionUser } from './session';

export interface MintOptions {
  user: Pick<SessionUser, 'sub'> & Partial<SessionUser>;
  /** The provider id the session says it came from. Default: the first configured. */
  provider?: string;
  /** Seconds until the access token, and so this session, expires. Default 3600. */
  lifetime?: number;
  /** Epoch seconds: when the person signed in (step-up checks read it). Default now. */
  authTime?: number;
  acr?: string;
}

export interface MintedCookie {
  name: string;
  value: string;
}

/**
 * The cookies of a signed-in session for the app configured by `variables` (the environment the
 * app runs with). Refuses a server-side session store in memory: that memory is the app's, not
 * this test's, so the cookie would point at nothing.
 */
export async function mintSessionCookies(variables: Record<string, string | undefined>, options: MintOptions): Promise<MintedCookie[]> {
  const config: Env = parseEnv(variables);
  if (config.SESSION_STORAGE === 'server' && !config.REDIS_URL) throw new Error('mintSessionCookies: SESSION_STORAGE=server keeps sessions in the app’s memory; use Redis (REDIS_URL) or sign in through the provider');
  const provider = options.provider ? findProvider(config, options.provider) : config.providers[0];
  if (!provider) throw new Error(`mintSessionCookies: no provider ${options.provider ?? ''} in this configuration`);
  const now = nowSeconds();
  const expiresAt = now + (options.lifetime ?? 3600);
  const session: Session = {
    v: 2,
    id: newSessionId(),
    provider: provider.id,
    issuer: provider.issuer,
    user: { roles: [], ...options.user },
    tokens: { accessToken: 'minted-for-tests', expiresAt, refreshAt: expiresAt, type: 'Bearer' },
    authTime: options.authTime ?? now,
    ...(options.acr && { acr: options.acr }),
    createdAt: now,
    touchedAt: now,
  };
  const noCookies = { get: () => undefined, getAll: () => [] };
  const writes = await sessionCookieWrites(session, noCookies, config, now);
  return writes.filter((write) => write.options.maxAge > 0).map(({ name, value }) => ({ name, value }));
}

/** The minted cookies as a Cookie request header. */
export function cookieHeader(cookies: readonly MintedCookie[]): string {
  return cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
}
