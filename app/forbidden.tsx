import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusPage } from '@/components/status-page';
import { primaryButton } from '@/components/ui';

export const metadata: Metadata = { title: 'No access' };

export default function Forbidden() {
  return (
    <StatusPage
      eyebrow="403 · Forbidden"
      title="You don’t have access to this page"
      testId="forbidden"
      actions={
        <Link href="/dashboard" className={primaryButton}>
          Back to your dashboard
        </Link>
      }
    >
      <p>Your account is signed in, but it lacks the role this page needs. Ask an administrator if you think that is a mistake.</p>
    </StatusPage>
  );
}
