'use client';

import Link from 'next/link';
import { StatusPage } from './status-page';
import { primaryButton, secondaryButton } from './ui';

/**
 * The 404 and 403 pages' content (app/not-found.tsx, app/forbidden.tsx), as client components on
 * purpose: Next puts the root's not-found and forbidden boundaries into the payload of every page
 * it renders, in case the browser needs them later. Rendered on the server, they were ~7 KB of
 * markup serialized on every request (measured by npm run bench: the largest part of the shell's
 * cost); as client components each is a reference of a few bytes. StatusPage is in the browser's
 * bundle already (app/error.tsx), so this adds only their copy.
 */
export function NotFoundView() {
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

export function ForbiddenView() {
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
