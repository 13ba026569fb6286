import type { Metadata } from 'next';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds } from '@/lib/auth/clock';
import { requireSession, toView } from '@/lib/auth/next/pages';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const view = toView(await requireSession('/dashboard'));
  return <DashboardView view={view} now={nowSeconds()} />;
}
