import { expect, test } from '@playwright/test';
import { BILLING_API_AUDIENCE, DEV_CLIENT_ID, DEV_CLIENT_SECRET } from '../../dev/defaults';
import { post } from '../kit/http';
import { AppWithKeycloak } from '../kit/pages/app-with-keycloak';
import { keycloakSuite } from './support/fixtures';
import { KeycloakAdmin } from './support/keycloak-admin';

/**
 * The BFF's API routes with Keycloak's tokens, checked by the sample resource server (signature,
 * typ at+jwt, iss, aud, exp, scope, role): the person's own token (/api/me), Keycloak's standard
 * token exchange (/api/invoices, RFC 8693) and client credentials (/api/service-status).
 */
const kc = keycloakSuite();
const admin = new KeycloakAdmin(kc);

test.describe("the dashboard's API calls with Keycloak's tokens", () => {
  test("alice's own token, an exchanged billing token and the app's service token each reach their API", async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('alice');
    const since = Date.now();
    expect(await flow.app.callApi('Demo API: who am I?')).toMatchObject({ status: 200, body: { service: 'demo-api', username: 'alice', roles: ['admin', 'user'], client: DEV_CLIENT_ID } });
    expect(await flow.app.callApi('Demo API: admin report')).toMatchObject({ status: 200, body: { requestedBy: 'alice' } });
    expect(await flow.app.callApi('Billing: my invoices')).toMatchObject({ status: 200, body: { service: 'billing', invoices: [{ id: 'INV-1001' }, { id: 'INV-1002' }] } });
    expect(await flow.app.callApi('Demo API: service status')).toMatchObject({ status: 200, body: { status: 'ok', caller: DEV_CLIENT_ID } });
    await expect(page.getByTestId('api-result')).not.toContainText('eyJ');

    // Keycloak did the exchange (standard token exchange) and the client credentials grant.
    const events = await admin.events(['TOKEN_EXCHANGE', 'TOKEN_EXCHANGE_ERROR', 'CLIENT_LOGIN', 'CLIENT_LOGIN_ERROR'], since);
    expect(events.filter((event) => event.type.endsWith('_ERROR'))).toEqual([]);
    expect(events.filter((event) => event.type === 'TOKEN_EXCHANGE').map((event) => event.details?.audience)).toEqual([BILLING_API_AUDIENCE]);
    expect(events.filter((event) => event.type === 'CLIENT_LOGIN')).toHaveLength(1);
  });

  test("bob's token lacks the admin role: the resource server's 403 shows as it came", async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('bob');
    expect(await flow.app.callApi('Demo API: admin report')).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
  });

  // Keycloak's client-credentials token names the service-account *user* in `sub` (a UUID), not the
  // client id (RFC 9068 2.2 leaves that to the server): the sample API must still see no person.
  test("the service-status answer says no person is behind the app's service token", async ({ page }) => {
    const flow = new AppWithKeycloak(page);
    await flow.signIn('alice');
    expect(await flow.app.callApi('Demo API: service status')).toMatchObject({ status: 200, body: { user: null } });
  });

  test("the sample resource server refuses Keycloak tokens meant for another audience or lacking the scope", async ({ request }) => {
    const token = async (scope: string) => {
      const response = await post(`${kc.issuer}/protocol/openid-connect/token`, {
        headers: { authorization: `Basic ${Buffer.from(`${DEV_CLIENT_ID}:${DEV_CLIENT_SECRET}`).toString('base64')}` },
        form: { grant_type: 'client_credentials', scope },
        follow: true,
      });
      expect(response.status).toBe(200);
      return response.json<{ access_token: string }>().access_token;
    };
    const service = await token('api:service');
    const noScope = await token('profile');
    const call = async (path: string, bearer: string) => {
      const response = await request.get(`${kc.apiUrl}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      return { status: response.status(), challenge: response.headers()['www-authenticate'] };
    };
    expect(await call('/api/status', service)).toMatchObject({ status: 200 });
    expect(await call('/billing/invoices', service)).toEqual({ status: 401, challenge: expect.stringContaining('error="invalid_token"') });
    expect(await call('/api/status', noScope)).toEqual({ status: 403, challenge: expect.stringContaining('scope="api:service"') });
  });
});
