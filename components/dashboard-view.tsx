import { ApiPanel } from '@/components/api-panel';
import { Expiry } from '@/components/expiry';
import { RoleList } from '@/components/role-list';
import { SignOutEverywhereButton } from '@/components/sign-out-button';
import { UserCard } from '@/components/user-card';
import type { SessionView } from '@/lib/auth';

/** The dashboard's content, given a view of the session. Shared with the benchmark baseline. */
export function DashboardView({ view, now }: { view: SessionView; now: number }) {
  return (
    <section className="space-y-8">
      <h1 className="text-2xl font-bold tracking-tight">Dashboard</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <UserCard user={view.user} />
        <dl className="mt-6 grid grid-cols-1 gap-x-6 gap-y-4 text-sm sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-500 dark:text-slate-400">Roles</dt>
          <dd>
            <RoleList roles={view.user.roles} />
          </dd>
          <dt className="font-medium text-slate-500 dark:text-slate-400">Signed in with</dt>
          <dd data-testid="provider">{view.provider}</dd>
          <dt className="font-medium text-slate-500 dark:text-slate-400">Session expires</dt>
          <dd>
            <Expiry at={view.sessionExpiresAt} now={now} testId="session-expires" />
          </dd>
          <dt className="font-medium text-slate-500 dark:text-slate-400">Access token expires</dt>
          <dd>
            <Expiry at={view.accessTokenExpiresAt} now={now} testId="access-token-expires" />
            <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">Refreshed on the server before it expires; the token itself never reaches this page.</p>
          </dd>
        </dl>
      </div>
      <ApiPanel />
      <div className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-6 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800 dark:bg-slate-900">
        <p className="text-sm text-slate-600 dark:text-slate-300">Signed in on another device you no longer have? End every session of yours in this app, and sign out at {view.provider}.</p>
        <SignOutEverywhereButton />
      </div>
    </section>
  );
}
