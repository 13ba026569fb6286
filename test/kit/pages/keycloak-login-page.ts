import { expect, type Page } from '@playwright/test';

/**
 * Keycloak's own login page (the keycloak.v2 theme). Its element ids are the theme's stable
 * hooks (custom themes keep them), so they are used rather than copy that changes per locale.
 */
export class KeycloakLoginPage {
  constructor(private readonly page: Page) {}

  async expectVisible(): Promise<void> {
    await expect(this.page.locator('#kc-form-login')).toBeVisible();
    await expect(this.page.locator('#password')).toBeVisible();
  }

  async signIn(username: string, password = username): Promise<void> {
    await this.expectVisible();
    await this.page.locator('#username').fill(username);
    await this.page.locator('#password').fill(password);
    await this.page.locator('#kc-login').click();
  }
}
