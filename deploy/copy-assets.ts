/**
 * The second step of `npm run build`: makes <distDir>/standalone a directory that runs on its own
 * (`node server.js`), as the Docker image and the test suites run it. Next traces the server and
 * the node_modules files it needs into it, but not the browser's assets: it expects a CDN to
 * serve `_next/static` and `public/` (next.config.js `output` docs, "Automatically Copying Traced
 * Files"). Without them every page would load without its JavaScript and CSS, so this copies both
 * where server.js serves them from.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import nextConfig from '../next.config';

// From the config itself: `npm run bench` builds into its own distDir (BENCHMARK_BUILD=1).
const distDir = nextConfig.distDir ?? '.next';
const standalone = join(distDir, 'standalone');

if (!existsSync(join(standalone, 'server.js'))) {
  console.error(`[copy-assets] ${standalone}/server.js is missing: next.config.ts must keep output: 'standalone', and next build must have succeeded.`);
  process.exit(1);
}

const copies: [from: string, to: string][] = [
  [join(distDir, 'static'), join(standalone, distDir, 'static')],
  ['public', join(standalone, 'public')],
];
for (const [from, to] of copies) {
  if (!existsSync(from)) continue; // this app has no public/ today
  // Replaced, not merged: an earlier copy's hashed files must not outlive their build.
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  console.log(`[copy-assets] ${from} → ${to}`);
}
