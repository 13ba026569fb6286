import { expect, type Page } from '@playwright/test';

/** The local provider's login page. */
export class IdpLoginPage {
  constructor(private readonly page: Page) {}

  /** Either local provider's login page: the demo realm or the Google imitation. */
  async expectVisible(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: /^Sign in (to the demo realm|with Google)/ })).toBeVisible();
  }

  async signIn(username: string, password = username): Promise<void> {
    await this.expectVisible();
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  async cancel(): Promise<void> {
    await this.page.getByRole('button', { name: 'Cancel' }).click();
  }
}
