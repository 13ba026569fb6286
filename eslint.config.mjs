import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

/**
 * The layout's boundaries, as import rules (docs/architecture.md: "Import boundaries"):
 * - openid-client only in lib/auth/oidc/, the code that talks to providers;
 * - the product (lib/) imports nothing of the example app, the dev tooling or the test kit;
 * - lib/ outside its next/ folders (and the two entry modules built on them) is framework-free;
 * - the example app reaches lib/auth through its entry modules only.
 */
const openidClient = { name: 'openid-client', message: 'Only lib/auth/oidc/ talks to providers: import openid-client there, and use its index elsewhere.' };
const notProduct = [
  { group: ['@/app', '@/app/**', '**/../app/**'], message: 'The product (lib/) must not import the example app.' },
  { group: ['@/components', '@/components/**', '**/components/**'], message: 'The product (lib/) must not import the example UI.' },
  { group: ['@/dev/**', '**/dev/**'], message: 'The product (lib/) must not import the dev tooling.' },
  { group: ['@/test/**', '**/test/**'], message: 'The product (lib/) must not import the test kit.' },
];
const frameworkFree = [{ group: ['next', 'next/*', 'react', 'react-dom'], message: 'Only the next/ folders, lib/auth/react/ (and lib/auth/index.ts, routes.ts) use Next.js or React.' }];
const authEntries = [
  {
    group: ['@/lib/auth/*', '!@/lib/auth/routes', '!@/lib/auth/react', '**/lib/auth/*/**'],
    message: "Pages and components use lib/auth through its entry modules: '@/lib/auth', '@/lib/auth/routes' and (client components) '@/lib/auth/react'.",
  },
];
const restrict = (patterns, paths = [openidClient]) => ({ 'no-restricted-imports': ['error', { paths, patterns }] });
const tests = ['**/*.test.ts'];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', '.next-bench/**', 'bench/bare-next/.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.cache/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      ...restrict([]),
    },
  },
  { files: ['lib/**/*.{ts,tsx}'], ignores: tests, rules: restrict([...notProduct, ...frameworkFree]) },
  { files: ['lib/auth/next/**/*.ts', 'lib/bff/next/**/*.ts', 'lib/auth/index.ts', 'lib/auth/routes.ts', 'lib/auth/react/**/*.{ts,tsx}'], ignores: tests, rules: restrict(notProduct) },
  { files: ['lib/auth/oidc/**/*.ts'], ignores: tests, rules: restrict([...notProduct, ...frameworkFree], []) },
  { files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'], rules: restrict(authEntries) },
];

export default config;
