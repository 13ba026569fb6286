import type { SessionUser } from '@/lib/auth';

export function initials(user: SessionUser): string {
  return (user.name ?? user.email ?? '?')
    .split(/\s+/)
    .map((part) => part[0]?.toUpperCase())
    .join('')
    .slice(0, 2);
}

export function UserCard({ user }: { user: SessionUser }) {
  return (
    <div className="flex min-w-0 items-center gap-4">
      <div aria-hidden className="flex size-12 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-lg font-semibold text-indigo-800 dark:bg-indigo-900 dark:text-indigo-100">
        {initials(user)}
      </div>
      <div className="min-w-0">
        <p className="truncate text-lg font-semibold" data-testid="user-name">
          {user.name ?? user.sub}
        </p>
        {user.email ? (
          <p className="truncate text-sm text-slate-600 dark:text-slate-300" data-testid="user-email">
            {user.email}
          </p>
        ) : null}
      </div>
    </div>
  );
}
