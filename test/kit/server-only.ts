// Stands in for `server-only` in test runners without the react-server condition (vitest.config.ts, test/tsconfig.playwright.json).
export {};
