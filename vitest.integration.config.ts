import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** HTTP-level tests against the production build (`npm run build` first) and real servers. */
export default defineConfig({
  resolve: {
    alias: { 'server-only': fileURLToPath(new URL('./test/kit/server-only.ts', import.meta.url)) },
  },
  test: {
    include: ['test/integration/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
