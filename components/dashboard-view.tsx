import { ApiPanel } from '@/components/api-panel';
import { DetailsList } from '@/components/details-list';
import { RoleList } from '@/components/role-list';
import { AccessTokenClock, LiveTime } from '@/components/session-clock';
import { SignOutEverywhereButton } from '@/components/sign-out-button';
import { UserCard } from '@/components/user-card';
import { card } from '@/components/ui';
import type { SessionView } from '@/lib/auth';

export interface SessionTimes {
  /** Epoch seconds: the server's clock at render, when the access token's refresh is due, and sign-in. */
  now: number;
  refreshAt: number;
  signedInAt: number;
}

/** The dashboard's content, given a view of the session. Shared with the benchmark baseline. */
export function DashboardView({ view, times }: { view: SessionView; times: SessionTimes }) {
  return (
    <div className="space-y-8">
      <div className="space-y-2">
        <h1 className="text-3xl font-bold tracking-tight">Dashboard</h1>
        <p className="text-slate-600 dark:text-slate-300">Rendered on the server from your session. Your browser holds a sealed cookie, never a token.</p>
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section aria-labelledby="you-heading" className={`${card} space-y-5 p-5 sm:p-6`}>
          <h2 id="you-heading" className="sr-only">
            You
          </h2>
          <UserCard user={view.user} />
          <DetailsList
            items={[
              { label: 'Roles', value: <RoleList roles={view.user.roles} /> },
              { label: 'Signed in with', value: <span data-testid="provider">{view.providerLabel}</span> },
              { label: 'Signed in', value: <LiveTime at={times.signedInAt} now={times.now} past testId="signed-in-at" /> },
            ]}
          />
        </section>
        <section aria-labelledby="session-heading" className={`${card} space-y-4 p-5 sm:p-6`}>
          <h2 id="session-heading" className="text-lg font-semibold">
            Your session
          </h2>
          <DetailsList
            items={[
              { label: 'Access token', value: <AccessTokenClock expiresAt={view.accessTokenExpiresAt} refreshAt={times.refreshAt} now={times.now} /> },
              { label: 'Session ends', value: <LiveTime at={view.sessionExpiresAt} now={times.now} testId="session-expires" /> },
            ]}
          />
        </section>
      </div>
      <ApiPanel />
      <section aria-labelledby="everywhere-heading" className={`${card} flex flex-col gap-4 p-5 sm:flex-row sm:items-center sm:justify-between sm:p-6`}>
        <div className="space-y-1">
          <h2 id="everywhere-heading" className="font-semibold">
            Signed in on a device you no longer have?
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">End every session of yours in this app, on every device, and sign out at {view.providerLabel}.</p>
        </div>
        <div className="shrink-0">
          <SignOutEverywhereButton />
        </div>
      </section>
    </div>
  );
}
