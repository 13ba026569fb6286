import type { Metadata } from 'next';
import { ForbiddenView } from '@/components/status-views';

export const metadata: Metadata = { title: 'No access' };

// A client component: this boundary rides in every page's payload (components/status-views.tsx).
export default function Forbidden() {
  return <ForbiddenView />;
}
