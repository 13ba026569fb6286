import type { Metadata } from 'next';
import { apiTable } from '@/app/api-table';
import { requireSession } from '@/lib/auth';
import { callApiForSession } from '@/lib/bff';

export const metadata: Metadata = { title: 'Confirm a transfer' };

/** Five minutes: the step-up this page asks for (the sample API asks the same of its token). */
const RECENT_SIGN_IN_SECONDS = 300;

/**
 * An action that needs a recent sign-in: a session signed in more than five minutes ago goes
 * through the provider again (max_age=300), and comes back here with a fresh authentication.
 */
export default async function TransfersPage() {
  const session = await requireSession('/transfers', { maxAge: RECENT_SIGN_IN_SECONDS });
  const { status, body } = await callApiForSession(apiTable, 'transfers', session);
  const signedInAt = new Date((session.authTime ?? Math.floor(session.createdAt)) * 1000);
  return (
    <section className="space-y-6" data-testid="transfers">
      <h1 className="text-2xl font-bold tracking-tight">Confirm a transfer</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <p>
          This page needs a sign-in within the last five minutes. Yours was at{' '}
          <time dateTime={signedInAt.toISOString()} data-testid="signed-in-at">
            {signedInAt.toISOString().slice(11, 19)} UTC
          </time>
          .
        </p>
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300" data-testid="transfer-api" data-status={status}>
          The API, which checks the same thing on its token: HTTP {status} {status === 200 ? '(ready to confirm)' : `(${JSON.stringify(body)})`}
        </p>
      </div>
    </section>
  );
}
