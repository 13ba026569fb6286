import { resolve } from 'node:path';
import type { NextConfig } from 'next';

/**
 * `npm run bench`'s bare Next 16 app: the app's no-auth twin page (app/(bench)) without the app
 * around it, and the app's shell put back around it one part less at a time (app/ here: route
 * groups, each with its own root layout, which the app itself cannot have beside app/layout.tsx).
 * Next's defaults otherwise: no headers, no proxy, no instrumentation, no experiments.
 */
// The repository: the pages import the app's own components and lib/auth. (Next compiles this
// file to CommonJS in this folder, and cannot load the app's next.config.ts from here.)
const root = resolve(__dirname, '../..');

/** The app's response headers for every path (next.config.ts), as bench/run.ts passes them in. */
const appHeaders: { key: string; value: string }[] = JSON.parse(process.env.BENCH_APP_HEADERS ?? 'null') ?? [];

const config: NextConfig = {
  // The same server as the app's (server.js), so only the pages differ.
  output: 'standalone',
  outputFileTracingRoot: root,
  turbopack: { root },
  // Its pages are type-checked by `npm run typecheck` with the rest; a bench build only measures.
  typescript: { ignoreBuildErrors: true },
  // The app's response headers (next.config.ts) on the shell variants, except the one without them.
  async headers() {
    return [{ source: '/:variant(shell(?!-no-headers).*)', headers: appHeaders }];
  },
};

export default config;
