import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: { 'server-only': fileURLToPath(new URL('./test/kit/server-only.ts', import.meta.url)) },
  },
  test: {
    include: ['lib/**/*.test.ts', 'dev/**/*.test.ts', 'deploy/**/*.test.ts'],
    environment: 'node',
    // For code that reads the process's configuration (env()): a loopback app, one instance.
    env: {
      NODE_ENV: 'test',
      APP_URL: 'http://localhost:3000',
      SESSION_SECRET: 'unit-test-secret-that-is-long-enough-123',
      KEYCLOAK_ISSUER: 'http://127.0.0.1:9/realms/demo',
      KEYCLOAK_CLIENT_ID: 'app',
      KEYCLOAK_CLIENT_SECRET: 'secret',
      STORE: 'memory',
    },
  },
});
