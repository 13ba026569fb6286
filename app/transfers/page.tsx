import type { Metadata } from 'next';
import { apiTable } from '@/app/api-table';
import { DetailsList } from '@/components/details-list';
import { LiveTime } from '@/components/session-clock';
import { StatusPill } from '@/components/status-pill';
import { card, code } from '@/components/ui';
import { nowSeconds, requireSession } from '@/lib/auth';
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
  const signedInAt = session.authTime ?? Math.floor(session.createdAt);
  return (
    <div className="space-y-8" data-testid="transfers">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Confirm a transfer</h1>
        <p className="text-slate-600 dark:text-slate-300">
          An action that needs a recent sign-in. Older than five minutes, the session goes through the provider again (<code className={code}>max_age=300</code>) and comes back here.
        </p>
      </div>
      <section aria-labelledby="recency-heading" className={`${card} space-y-4 p-5 sm:p-6`}>
        <h2 id="recency-heading" className="text-lg font-semibold">
          Your sign-in
        </h2>
        <DetailsList
          items={[
            { label: 'Signed in', value: <LiveTime at={signedInAt} now={nowSeconds()} past testId="signed-in-at" /> },
            { label: 'Needed', value: 'within the last 5 minutes' },
            {
              label: 'The API',
              value: (
                <span className="flex flex-wrap items-center gap-2" data-testid="transfer-api" data-status={status}>
                  <StatusPill status={status} />
                  <span className="text-slate-600 dark:text-slate-400">{status === 200 ? 'it checks the same on its token: ready to confirm' : JSON.stringify(body)}</span>
                </span>
              ),
            },
          ]}
        />
      </section>
    </div>
  );
}
