import { describe, expect, it } from 'vitest';
import { parseEnv } from '../lib/auth/config/env';
import { zeroConfig } from './zero-config';

describe('npm run dev: zero configuration', () => {
  it('supplies what a new clone needs, one notice per value, and the app accepts it', () => {
    const { env, notices } = zeroConfig({});
    expect(Object.keys(env)).toEqual(['APP_URL', 'SESSION_SECRET', 'KEYCLOAK_ISSUER', 'KEYCLOAK_CLIENT_ID', 'KEYCLOAK_CLIENT_SECRET', 'DEMO_API_URL']);
    expect(notices).toHaveLength(4);
    const config = parseEnv({ NODE_ENV: 'development', ...env });
    expect(config.APP_URL).toBe('http://localhost:3000');
    expect(config.providers.map((provider) => provider.issuer)).toEqual(['http://localhost:4000/realms/demo']);
  });

  it('keeps what is configured: no local provider when another is set, no secret when one is set', () => {
    const { env, notices } = zeroConfig({ GOOGLE_CLIENT_ID: 'g', GOOGLE_CLIENT_SECRET: 's', SESSION_SECRET: 'x'.repeat(40), APP_URL: 'http://127.0.0.1:3000' });
    expect(env).toEqual({ DEMO_API_URL: 'http://localhost:4001' });
    expect(notices).toHaveLength(1);
  });

  it('applies nothing for a public APP_URL, and says so', () => {
    expect(zeroConfig({ APP_URL: 'https://staging.example.com' })).toEqual({ env: {}, notices: [expect.stringMatching(/not a loopback origin: no development defaults applied/)] });
  });
});
