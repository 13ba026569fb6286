import { expect, type Page } from '@playwright/test';
import { IdpLoginPage } from './idp-login-page';

/** The app as a person sees it: home, dashboard, the header's sign-out button. */
export class AppPages {
  readonly idp: IdpLoginPage;

  constructor(private readonly page: Page) {
    this.idp = new IdpLoginPage(page);
  }

  /** From the home page, through the named provider's button, to the dashboard. */
  async signIn(username: string, provider = 'Keycloak'): Promise<void> {
    await this.page.goto('/');
    await this.chooseProvider(provider);
    await this.idp.signIn(username);
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }

  /** The sign-in button: "Sign in" when one provider is configured, "Sign in with X" otherwise. */
  async chooseProvider(provider = 'Keycloak'): Promise<void> {
    const buttons = this.page.getByRole('link', { name: /^Sign in/ });
    await expect(buttons.first()).toBeVisible();
    if ((await buttons.count()) === 1) await buttons.click();
    else await this.page.getByRole('link', { name: `Sign in with ${provider}` }).click();
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out', exact: true }).click();
  }

  async expectDashboardFor(name: string, email: string, roles: string[]): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await expect(this.page.getByTestId('user-name')).toHaveText(name);
    await expect(this.page.getByTestId('user-email')).toHaveText(email);
    await expect(this.page.getByTestId('user-roles').getByRole('listitem')).toHaveText(roles);
  }

  /** Epoch seconds at which the dashboard says the access token expires. */
  async accessTokenExpiresAt(): Promise<number> {
    return Number(await this.page.getByTestId('access-token-expires').getAttribute('data-epoch'));
  }

  /**
   * Reloads the dashboard until it shows an access token expiring after `previous`: waiting for
   * the condition (a refresh), not for a fixed time. Bounded by `timeoutMs`.
   */
  async waitForNewAccessToken(previous: number, timeoutMs: number): Promise<void> {
    await expect
      .poll(
        async () => {
          await this.page.reload();
          return this.accessTokenExpiresAt();
        },
        { timeout: timeoutMs, intervals: [1000] },
      )
      .toBeGreaterThan(previous);
  }

  /** Presses one of the dashboard's API buttons and waits for the answer it shows. */
  async callApi(label: string): Promise<{ status: number; body: Record<string, unknown> }> {
    const [response] = await Promise.all([
      this.page.waitForResponse((candidate) => new URL(candidate.url()).pathname.startsWith('/api/')),
      this.page.getByRole('button', { name: new RegExp(`^${label}`) }).click(),
    ]);
    const result = this.page.getByTestId('api-result');
    await expect(result).toHaveAttribute('data-path', new URL(response.url()).pathname);
    await expect(result).toHaveAttribute('data-status', String(response.status()));
    return { status: Number(await result.getAttribute('data-status')), body: JSON.parse(await result.locator('pre').innerText()) as Record<string, unknown> };
  }

  async expectSignedOut(): Promise<void> {
    await expect(this.page.getByRole('link', { name: /^Sign in/ }).first()).toBeVisible();
    await expect(this.page.getByRole('button', { name: /^Sign out/ })).toHaveCount(0);
  }
}
