import type { Metadata } from 'next';
import { connection } from 'next/server';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds } from '@/lib/auth';
import { SessionProvider } from '@/lib/auth/react';

export const metadata: Metadata = { title: 'Dashboard', robots: { index: false } };

/**
 * `npm run bench`'s baseline: the dashboard's markup, server-rendered on every request, with no
 * auth at all (a fixed user, no session read). Not part of the app: only the bench's own build
 * (BENCHMARK_BUILD=1, see next.config.ts) reads `.bench.tsx` files, into .next-bench/.
 */
export default async function BenchmarkBaselinePage() {
  await connection();
  const now = nowSeconds();
  const user = { sub: 'baseline', name: 'Alice Example', email: 'alice@example.com', roles: ['admin', 'user'] };
  // The same client components as the dashboard, provider included: only the auth work differs.
  return (
    <SessionProvider initial={{ user, provider: 'keycloak', providerLabel: 'Keycloak', expiresAt: now + 86_400 }}>
      <DashboardView times={{ now, refreshAt: now + 240, signedInAt: now - 60 }} view={{ user, provider: 'keycloak', providerLabel: 'Keycloak', sessionExpiresAt: now + 86_400, accessTokenExpiresAt: now + 300 }} />
    </SessionProvider>
  );
}
