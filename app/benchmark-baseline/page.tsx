import type { Metadata } from 'next';
import { connection } from 'next/server';
import { notFound } from 'next/navigation';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds } from '@/lib/auth/clock';

export const metadata: Metadata = { title: 'Dashboard', robots: { index: false } };

/**
 * `npm run bench`'s baseline: the dashboard's markup, server-rendered on every request, with no
 * auth at all (a fixed user, no session read). Exists only when BENCHMARK_BASELINE=1.
 */
export default async function BenchmarkBaselinePage() {
  await connection();
  if (process.env.BENCHMARK_BASELINE !== '1') notFound();
  const now = nowSeconds();
  return (
    <DashboardView
      now={now}
      view={{ user: { sub: 'baseline', name: 'Alice Example', email: 'alice@example.com', roles: ['admin', 'user'] }, provider: 'keycloak', sessionExpiresAt: now + 86_400, accessTokenExpiresAt: now + 300 }}
    />
  );
}
