import { CookieJar, get, post, type Answer } from './http';

/**
 * Signing in over HTTP as a browser would: the app's login route, the provider's login page
 * (its form posted), back through the app's callback to `returnTo`. For tests that need many
 * requests with one cookie; the Playwright specs sign in through the real pages instead.
 */

/** A provider's login page: where its form posts, and what a person fills in. */
export interface LoginForm {
  /** The form's absolute action URL, or undefined when `page` is not this login page. */
  action(page: Answer): string | undefined;
  fields(username: string): Record<string, string>;
}

/** The local provider's login page (dev/local-provider): it posts to its interaction's /login. */
export const LOCAL_PROVIDER_LOGIN: LoginForm = {
  action: (page) => {
    const path = new URL(page.url).pathname;
    return page.status === 200 && /\/interaction\/[\w-]+$/.test(path) ? new URL(`${path}/login`, page.url).href : undefined;
  },
  fields: (username) => ({ username, password: username }),
};

/** Keycloak's own login page (keycloak.v2 theme): its form posts to an action URL carrying the login's session code. */
export const KEYCLOAK_LOGIN: LoginForm = {
  action: (page) => {
    const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(page.body)?.[0];
    const action = form && /\baction="([^"]+)"/.exec(form)?.[1]?.replaceAll('&amp;', '&');
    return action && new URL(action, page.url).href;
  },
  fields: (username) => ({ username, password: username, credentialId: '' }),
};

/** Where `page`'s login form posts, or a loud failure when `page` is not that login page. */
export function loginFormAction(page: Answer, form: LoginForm = LOCAL_PROVIDER_LOGIN): string {
  const action = form.action(page);
  if (!action) throw new Error(`expected the provider's login page, got ${page.url} (${page.status})`);
  return action;
}

export interface SignInOptions {
  returnTo?: string;
  /** The provider's login page; the local provider's by default. */
  form?: LoginForm;
  /** The app's provider id in /auth/login/<provider>. */
  provider?: string;
}

function loginUrl(appUrl: string, provider: string, returnTo: string): string {
  return `${appUrl}/auth/login/${provider}?returnTo=${encodeURIComponent(returnTo)}`;
}

function expectLanded(done: Answer, returnTo: string, who: string): void {
  if (new URL(done.url).pathname !== returnTo || done.status !== 200) throw new Error(`sign-in ${who}ended at ${done.url} (${done.status})`);
}

/**
 * Signs `username` in (password = username, as the demo accounts have) and returns the jar. The
 * sign-in starts at `appUrl` because the provider's registered redirect URI names it: the jar
 * keys cookies by host and port, unlike a browser's.
 */
export async function signIn(appUrl: string, username: string, options: SignInOptions = {}): Promise<CookieJar> {
  const { returnTo = '/dashboard', form = LOCAL_PROVIDER_LOGIN, provider = 'keycloak' } = options;
  const jar = new CookieJar();
  const login = await get(loginUrl(appUrl, provider, returnTo), { jar, follow: true });
  expectLanded(await post(loginFormAction(login, form), { jar, form: form.fields(username), follow: true }), returnTo, `as ${username} `);
  return jar;
}

/** Signs in at a provider that answers the authorization request at once, with no page (test/kit/hostile-op.ts). */
export async function signInAtOnce(appUrl: string, options: Omit<SignInOptions, 'form'> = {}): Promise<CookieJar> {
  const { returnTo = '/dashboard', provider = 'keycloak' } = options;
  const jar = new CookieJar();
  expectLanded(await get(loginUrl(appUrl, provider, returnTo), { jar, follow: true }), returnTo, '');
  return jar;
}
