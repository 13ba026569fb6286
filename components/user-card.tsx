import type { SessionUser } from '@/lib/auth';

export function UserCard({ user }: { user: SessionUser }) {
  const initials = (user.name ?? user.email ?? '?')
    .split(/\s+/)
    .map((part) => part[0]?.toUpperCase())
    .join('')
    .slice(0, 2);
  return (
    <div className="flex items-center gap-4">
      <div aria-hidden className="flex size-12 items-center justify-center rounded-full bg-indigo-100 text-lg font-semibold text-indigo-700 dark:bg-indigo-900 dark:text-indigo-200">
        {initials}
      </div>
      <div>
        <p className="text-lg font-semibold" data-testid="user-name">
          {user.name ?? user.sub}
        </p>
        {user.email ? (
          <p className="text-sm text-slate-600 dark:text-slate-300" data-testid="user-email">
            {user.email}
          </p>
        ) : null}
      </div>
    </div>
  );
}
