import { defineApiTable } from '@/lib/bff';
import { apiRoutes } from '@/lib/bff/next/api-route';

/**
 * The APIs this example calls, and which token each gets: the sample API of dev/sample-api
 * (`npm run dev` runs it on :4001). Replace these with your own APIs; the route handlers and
 * the token plumbing stay the same. DEMO_API_URL is where they live (unset: 503
 * api_not_configured); their audiences are the names the APIs know themselves by.
 */
export const apiTable = defineApiTable({
  baseUrl: process.env.DEMO_API_URL,
  acceptsTokensOf: 'keycloak',
  apis: {
    me: { path: '/api/me', token: { kind: 'user' } },
    reports: { path: '/api/reports', token: { kind: 'user' } },
    // Needs a sign-in within five minutes: the API says so (RFC 9470), the app turns it into a step-up.
    transfers: { path: '/api/transfers', token: { kind: 'user' } },
    invoices: { path: '/billing/invoices', token: { kind: 'exchange', audience: 'urn:demo:billing', scope: 'billing:read' } },
    status: { path: '/api/status', token: { kind: 'service', resource: 'urn:demo:api', scope: 'api:service' } },
  },
});

export const apiRoute = apiRoutes(apiTable);
