import { expect, test, type Page } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';

/**
 * The strict script policy is enforced by the browser on every page, and the app still works:
 * hydrated client components, the API panel, sign-out through the provider. Any violation the
 * browser reports (a script without the nonce, a form posting elsewhere) fails the test.
 */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} on ${location.pathname}`);
    });
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

test.describe('Content-Security-Policy in the browser', () => {
  test('every page runs under the nonce policy with no violation, and the app works', async ({ page, baseURL }) => {
    const violations = await watchViolations(page);
    const app = new AppPages(page);
    const policies = new Set<string>();
    page.on('response', (response) => {
      const policy = response.headers()['content-security-policy'];
      // HTML documents of this app (redirects carry no scripts, and the provider's pages are its own).
      const html = /text\/html/.test(response.headers()['content-type'] ?? '');
      if (response.request().resourceType() === 'document' && html && response.url().startsWith(`${baseURL}/`) && policy) policies.add(policy);
    });

    await page.goto('/');
    await app.signIn('alice');
    // A client component hydrated and ran: the API panel fetches and shows the answer.
    const result = await app.callApi('Demo API: who am I?');
    expect(result.status).toBe(200);
    for (const path of ['/admin', '/auth/error?code=access_denied', '/no-such-page', '/dashboard']) {
      await page.goto(path);
      await expect(page.locator('main')).toBeVisible();
    }
    // The sign-out form's redirect to the provider is allowed by form-action.
    await app.signOut();
    await expect(page).toHaveURL(/\/\?state=[\w-]+$/);
    await app.expectSignedOut();

    expect(violations).toEqual([]);
    expect(policies.size).toBeGreaterThanOrEqual(6);
    for (const policy of policies) expect(policy).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  });
});
