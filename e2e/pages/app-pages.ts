import { expect, type Page } from '@playwright/test';
import { IdpLoginPage } from './idp-login-page';

/** The app as a person sees it: home, dashboard, the header's sign-out button. */
export class AppPages {
  readonly idp: IdpLoginPage;

  constructor(private readonly page: Page) {
    this.idp = new IdpLoginPage(page);
  }

  async signIn(username: string): Promise<void> {
    await this.page.goto('/');
    await this.page.getByRole('link', { name: 'Sign in' }).click();
    await this.idp.signIn(username);
    await expect(this.page).toHaveURL(/\/dashboard$/);
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
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

  async expectSignedOut(): Promise<void> {
    await expect(this.page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(this.page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  }
}
