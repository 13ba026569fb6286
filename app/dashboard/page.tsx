import type { Metadata } from 'next';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds, requireSession, toView } from '@/lib/auth';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const session = await requireSession('/dashboard');
  // Times only: the countdown needs when the refresh is due, never the tokens themselves.
  const times = { now: nowSeconds(), refreshAt: session.tokens.refreshAt, signedInAt: Math.floor(session.createdAt) };
  return <DashboardView view={toView(session)} times={times} />;
}
