import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';
import { SignOutButton } from './sign-out-button';

export function SiteHeader({ user }: { user: SessionUser | null }) {
  const isAdmin = user?.roles.includes('admin') ?? false;
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <nav aria-label="Main" className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
        <div className="flex items-center gap-6">
          <Link href="/" className="font-semibold tracking-tight">
            Next OIDC BFF
          </Link>
          <Link href="/dashboard" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
            Dashboard
          </Link>
          {isAdmin ? (
            <Link href="/admin" className="text-sm text-slate-600 hover:text-slate-900 dark:text-slate-300 dark:hover:text-white">
              Admin
            </Link>
          ) : null}
        </div>
        {user ? (
          <div className="flex items-center gap-3">
            <span className="hidden text-sm text-slate-600 sm:inline dark:text-slate-300">{user.name ?? user.email ?? user.sub}</span>
            <SignOutButton />
          </div>
        ) : null}
      </nav>
    </header>
  );
}
