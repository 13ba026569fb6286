import type { Metadata } from 'next';
import { NotFoundView } from '@/components/status-views';

export const metadata: Metadata = { title: 'Page not found' };

// A client component: this boundary rides in every page's payload (components/status-views.tsx).
export default function NotFound() {
  return <NotFoundView />;
}
