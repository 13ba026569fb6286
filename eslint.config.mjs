import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: ['.next/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts', '.cache/**'],
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // openid-client is the single most security-sensitive dependency: one module owns it.
      'no-restricted-imports': ['error', { paths: [{ name: 'openid-client', message: 'Import openid-client only in lib/auth/oidc.ts.' }] }],
    },
  },
  {
    files: ['lib/auth/oidc.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
];

export default config;
