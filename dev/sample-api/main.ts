import nextEnv from '@next/env';
import { z } from 'zod';
import { DEV_API_CLIENT_ID, DEV_API_CLIENT_SECRET, DEV_API_PORT, DEV_GOOGLE_PATH, DEV_IDP_PORT, DEV_REALM_PATH } from '../defaults';
import { startDemoApi } from './server';

/**
 * `npm run dev:api`: the sample resource server on its own (`npm run dev` starts it with the
 * provider and the app). It trusts the local provider's demo realm unless told otherwise.
 */
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'test');
const Settings = z.object({
  DEMO_API_PORT: z.coerce.number().int().min(1).max(65535).default(DEV_API_PORT),
  DEMO_API_ISSUER: z.url().optional(),
  /** The issuer of opaque tokens /api/profile introspects (default: the local provider's Google imitation). */
  DEMO_API_INTROSPECTION_ISSUER: z.url().optional(),
  /** `true`: DPoP proofs must carry this server's nonce (RFC 9449 9). */
  DEMO_API_DPOP_NONCE: z.enum(['true', 'false']).default('false'),
  DEV_IDP_PORT: z.coerce.number().int().min(1).max(65535).default(DEV_IDP_PORT),
});
const settings = Settings.parse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value?.trim())));
const issuer = settings.DEMO_API_ISSUER ?? `http://localhost:${settings.DEV_IDP_PORT}${DEV_REALM_PATH}`;
const introspectionIssuer = settings.DEMO_API_INTROSPECTION_ISSUER ?? `http://localhost:${settings.DEV_IDP_PORT}${DEV_GOOGLE_PATH}`;
const api = await startDemoApi({
  port: settings.DEMO_API_PORT,
  issuer,
  introspection: { issuer: introspectionIssuer, clientId: DEV_API_CLIENT_ID, clientSecret: DEV_API_CLIENT_SECRET },
  requireDPoPNonce: settings.DEMO_API_DPOP_NONCE === 'true',
});
console.log(`[demo-api] ready: ${api.url} (/api/me, /api/reports, /api/transfers, /api/status, /api/profile, /billing/invoices), trusting ${issuer}; opaque tokens of ${introspectionIssuer} by introspection`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void api.close().then(() => process.exit(0));
  });
}
