import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { TEST_VARIABLES } from './test/kit/variables';

export default defineConfig({
  resolve: {
    alias: { 'server-only': fileURLToPath(new URL('./test/kit/server-only.ts', import.meta.url)) },
  },
  test: {
    include: ['lib/**/*.test.ts', 'dev/**/*.test.ts', 'deploy/**/*.test.ts', 'test/kit/**/*.test.ts'],
    environment: 'node',
    // For code that reads the process's configuration (env()): the kit's configuration, a loopback app, one instance.
    // The audit log stays quiet here: unit tests exercise refresh failures on purpose.
    env: { ...TEST_VARIABLES, NODE_ENV: 'test', AUTH_AUDIT_LOG: 'off' },
  },
});
