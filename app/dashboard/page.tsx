import type { Metadata } from 'next';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds, requireSession, toSnapshot, toView } from '@/lib/auth';
import { SessionProvider } from '@/lib/auth/react';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const session = await requireSession('/dashboard');
  // Times only: the countdown needs when the refresh is due, never the tokens themselves.
  const times = { now: nowSeconds(), refreshAt: session.tokens.refreshAt, signedInAt: Math.floor(session.createdAt) };
  // The one page with auth JavaScript: its API panel signs in again after a 401, and a sign-out
  // in another tab reaches it. Pages without the provider ship none.
  return (
    <SessionProvider initial={toSnapshot(session)}>
      <DashboardView view={toView(session)} times={times} />
    </SessionProvider>
  );
}
