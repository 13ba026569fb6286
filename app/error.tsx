'use client';

import Link from 'next/link';
import { StatusPage } from '@/components/status-page';
import { primaryButton, secondaryButton } from '@/components/ui';

/**
 * A page that failed to render. Fixed copy: the error's message may hold server details, so only
 * its digest (the id in the server's log) is shown. Next answers such a request with status 500.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <StatusPage
      eyebrow="Error"
      title="This page could not be shown"
      tone="danger"
      testId="error"
      actions={
        <>
          <button type="button" onClick={reset} className={primaryButton}>
            Try again
          </button>
          <Link href="/" className={secondaryButton}>
            Go to the home page
          </Link>
        </>
      }
    >
      <p>Something went wrong on our side. Trying again often works; if it keeps happening, tell the site administrator.</p>
      {error.digest ? (
        <p className="text-sm">
          Reference: <span className="font-mono">{error.digest}</span>
        </p>
      ) : null}
    </StatusPage>
  );
}
