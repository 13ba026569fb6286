import type { Metadata } from 'next';
import { RoleList } from '@/components/role-list';
import { requireRole } from '@/lib/auth';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage() {
  const session = await requireRole('admin', '/admin');
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight">Admin</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
        <p>
          Only people with the <code className="rounded bg-slate-100 px-1 dark:bg-slate-800">admin</code> role see this page. You are{' '}
          <strong data-testid="admin-user">{session.user.name ?? session.user.sub}</strong>, signed in with {session.provider}.
        </p>
        <div className="mt-4 flex items-center gap-3 text-sm">
          <span className="font-medium text-slate-500 dark:text-slate-400">Your roles</span>
          <RoleList roles={session.user.roles} />
        </div>
      </div>
    </section>
  );
}
