import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusPage } from '@/components/status-page';
import { primaryButton, secondaryButton } from '@/components/ui';

export const metadata: Metadata = { title: 'Page not found' };

export default function NotFound() {
  return (
    <StatusPage
      eyebrow="404 · Not found"
      title="There is no page at this address"
      tone="neutral"
      testId="not-found"
      actions={
        <>
          <Link href="/" className={primaryButton}>
            Go to the home page
          </Link>
          <Link href="/dashboard" className={secondaryButton}>
            Your dashboard
          </Link>
        </>
      }
    >
      <p>Check the address for a typo. If a link brought you here, it is out of date.</p>
    </StatusPage>
  );
}
