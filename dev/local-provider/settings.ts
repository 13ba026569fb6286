import { z } from 'zod';
import { DEV_APP_URL, DEV_CLIENT_ID, DEV_CLIENT_SECRET, DEV_GOOGLE_CLIENT_ID, DEV_GOOGLE_CLIENT_SECRET, DEV_GOOGLE_PATH, DEV_IDP_PORT, DEV_REALM_PATH } from '../defaults';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const SettingsSchema = z.object({
  DEV_IDP_PORT: z.coerce.number().int().min(1).max(65535).default(DEV_IDP_PORT),
  /** The app the provider serves: its redirect and post-logout URIs are registered from this. */
  APP_URL: z.url().default(DEV_APP_URL).transform((value) => new URL(value).origin),
  DEV_IDP_ACCESS_TOKEN_TTL: seconds(300),
  DEV_IDP_ID_TOKEN_TTL: seconds(3600),
  DEV_IDP_REFRESH_TOKEN_TTL: seconds(24 * 60 * 60),
  DEV_IDP_SESSION_TTL: seconds(24 * 60 * 60),
  /** RFC 8628: how long a device code may wait for approval, and the polling interval it asks for. */
  DEV_IDP_DEVICE_CODE_TTL: seconds(600),
  DEV_IDP_DEVICE_POLL_INTERVAL: seconds(5),
});

export interface RealmSettings {
  path: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface Settings {
  port: number;
  appUrl: string;
  /** The Keycloak-shaped realm. */
  demo: RealmSettings;
  /** The Google-shaped issuer. */
  google: RealmSettings;
  ttl: { accessToken: number; idToken: number; refreshToken: number; session: number; deviceCode: number };
  /** Seconds between device-flow polls; faster polling is answered with slow_down (RFC 8628 3.5). */
  devicePollInterval: number;
}

export function readSettings(source: Record<string, string | undefined>): Settings {
  const parsed = SettingsSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, value]) => value?.trim())));
  if (!parsed.success) {
    throw new Error(`Invalid local provider settings:\n${parsed.error.issues.map((issue) => `  - ${issue.path.join('.')}: ${issue.message}`).join('\n')}`);
  }
  const env = parsed.data;
  return {
    port: env.DEV_IDP_PORT,
    appUrl: env.APP_URL,
    demo: { path: DEV_REALM_PATH, issuer: `http://localhost:${env.DEV_IDP_PORT}${DEV_REALM_PATH}`, clientId: DEV_CLIENT_ID, clientSecret: DEV_CLIENT_SECRET },
    google: { path: DEV_GOOGLE_PATH, issuer: `http://localhost:${env.DEV_IDP_PORT}${DEV_GOOGLE_PATH}`, clientId: DEV_GOOGLE_CLIENT_ID, clientSecret: DEV_GOOGLE_CLIENT_SECRET },
    ttl: {
      accessToken: env.DEV_IDP_ACCESS_TOKEN_TTL,
      idToken: env.DEV_IDP_ID_TOKEN_TTL,
      refreshToken: env.DEV_IDP_REFRESH_TOKEN_TTL,
      session: env.DEV_IDP_SESSION_TTL,
      deviceCode: env.DEV_IDP_DEVICE_CODE_TTL,
    },
    devicePollInterval: env.DEV_IDP_DEVICE_POLL_INTERVAL,
  };
}
