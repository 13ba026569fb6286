import type { Metadata } from 'next';
import { DashboardView } from '@/components/dashboard-view';
import { nowSeconds, requireSession, toView } from '@/lib/auth';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const view = toView(await requireSession('/dashboard'));
  return <DashboardView view={view} now={nowSeconds()} />;
}
