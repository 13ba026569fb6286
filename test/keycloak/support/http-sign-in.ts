import { CookieJar, browse } from '../../kit/harness';

/** Keycloak's login form posts to an action URL with the login's session code in its query. */
export function loginFormAction(html: string): string | undefined {
  const form = /<form\b[^>]*\bid="kc-form-login"[^>]*>/.exec(html)?.[0];
  return form && /\baction="([^"]+)"/.exec(form)?.[1]?.replaceAll('&amp;', '&');
}

/**
 * Signs in as a browser would, over plain HTTP: the app's login route, Keycloak's own login
 * page (username and password posted to its form), back through the app's callback to
 * `returnTo`. For the tests that need many requests with one cookie; the Playwright specs sign
 * in through the real page instead. The sign-in starts at `appUrl` because the realm's redirect
 * URI names it: the jar is keyed by host and port, unlike a browser's.
 */
export async function signInOverHttp(appUrl: string, username: string, returnTo = '/dashboard'): Promise<CookieJar> {
  const jar = new CookieJar();
  const login = await browse(jar, `${appUrl}/auth/login/keycloak?returnTo=${encodeURIComponent(returnTo)}`);
  const action = loginFormAction(await login.response.text());
  if (!action) throw new Error(`expected Keycloak's login form, got ${login.url} (${login.response.status})`);
  const done = await browse(jar, new URL(action, login.url).href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username, password: username, credentialId: '' }).toString(),
  });
  if (new URL(done.url).pathname !== returnTo || done.response.status !== 200) throw new Error(`sign-in as ${username} ended at ${done.url} (${done.response.status})`);
  await done.response.body?.cancel();
  return jar;
}
