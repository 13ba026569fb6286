import type { NextConfig } from 'next';

/** `npm run bench` builds its own copy with the no-auth twin page (app/(bench)/…/page.bench.tsx). */
const benchmarkBuild = process.env.BENCHMARK_BUILD === '1';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  pageExtensions: benchmarkBuild ? ['bench.tsx', 'tsx', 'ts'] : ['tsx', 'ts'],
  distDir: benchmarkBuild ? '.next-bench' : '.next',
  // The bench build type-checks nothing (npm run typecheck does) and names its own tsconfig, one
  // that extends tsconfig.json: next build then leaves both files as they are, instead of adding
  // .next-bench's type folders to tsconfig.json on every npm run bench.
  ...(benchmarkBuild && { typescript: { tsconfigPath: 'bench/tsconfig.next-bench.json', ignoreBuildErrors: true } }),
  // <distDir>/standalone: server.js and only the node_modules files it traces, what the Docker
  // image ships; `npm run build` then copies the static assets beside it (deploy/copy-assets.ts).
  // `next start` warns with this on, so every suite starts server.js (test/kit/harness.ts).
  output: 'standalone',
  // forbidden() renders app/forbidden.tsx with status 403 (requireRole).
  experimental: { authInterrupts: true },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          // The floor for every response (JSON, redirects, assets). HTML documents get the full
          // policy with a script nonce from proxy.ts (lib/auth/http/csp.ts); browsers enforce both.
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'none'; object-src 'none'" },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()' },
          // Browsers ignore HSTS over plain http (RFC 6797 8.1), so sending it always is the same
          // as sending it "when APP_URL is https", and needs no build-time configuration.
          { key: 'Strict-Transport-Security', value: 'max-age=63072000' },
        ],
      },
      {
        // The callback URL carries an authorization code: never leak it in a Referer.
        source: '/auth/:path*',
        headers: [{ key: 'Referrer-Policy', value: 'no-referrer' }],
      },
    ];
  },
};

export default nextConfig;
