import { expect, test } from '@playwright/test';
import { AppPages } from '../kit/pages/app-pages';

test.describe("the dashboard calls APIs through the app's own routes", () => {
  test("a person's call reaches the demo API with their token, and no token reaches the page", async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('alice');
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
    });
    const me = await app.callApi('Demo API: who am I?');
    expect(me).toMatchObject({ status: 200, body: { service: 'demo-api', username: 'alice', roles: ['admin', 'user'] } });
    // The request line, then the status as a pill.
    await expect(page.getByTestId('api-result')).toContainText(/GET \/api\/me\s*200 OK/);
    await expect(page.getByTestId('api-result')).not.toContainText('eyJ');
    // The browser spoke only to the app's origin.
    expect(apiCalls.every((url) => new URL(url).origin === new URL(page.url()).origin)).toBe(true);

    const invoices = await app.callApi('Billing: my invoices');
    expect(invoices).toMatchObject({ status: 200, body: { service: 'billing' } });
    const status = await app.callApi('Demo API: service status');
    expect(status).toMatchObject({ status: 200, body: { status: 'ok', user: null } });
  });

  test("the resource server's 403 shows as it came", async ({ page }) => {
    const app = new AppPages(page);
    await app.signIn('bob');
    expect(await app.callApi('Demo API: admin report')).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
  });
});
