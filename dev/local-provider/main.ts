import nextEnv from '@next/env';
import { readSettings } from './settings';
import { startDevIdp } from './server';

/** `npm run dev:idp`: the local OpenID Provider on its own. `npm run dev` starts it with the app. */
if (process.env.NODE_ENV === 'production') {
  console.error('[dev-idp] refusing to start: NODE_ENV=production. The local provider signs anyone in as a demo user; it is for development and tests only.');
  process.exit(1);
}

// Read .env, .env.local, ... exactly as Next does for the app, so both agree on APP_URL.
nextEnv.loadEnvConfig(process.cwd(), process.env.NODE_ENV !== 'test');
const settings = readSettings(process.env);
const idp = await startDevIdp(settings);
console.log(`[dev-idp] ready: Keycloak-shaped ${settings.demo.issuer}, Google-shaped ${settings.google.issuer} (app ${settings.appUrl}; access tokens live ${settings.ttl.accessToken} s)`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void idp.close().then(() => process.exit(0));
  });
}
