import Link from 'next/link';
import type { SessionUser } from '@/lib/auth';
import { Logo } from './logo';
import { NavLinks } from './nav-links';
import { SignOutButton } from './sign-out-button';

/** Same height signed in or out (h-14), and no wrapping at 390 px: nothing here may shift the page. */
export function SiteHeader({ user }: { user: SessionUser | null }) {
  const links = [{ href: '/dashboard', label: 'Dashboard' }];
  if (user?.roles.includes('admin')) links.push({ href: '/admin', label: 'Admin' });
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <nav aria-label="Main" className="mx-auto flex h-14 max-w-5xl items-center justify-between gap-3 px-4 sm:px-6">
        <div className="flex min-w-0 items-center gap-2 sm:gap-5">
          <Link href="/" className="flex shrink-0 items-center gap-2 rounded-md font-semibold tracking-tight whitespace-nowrap">
            <Logo />
            <span className={user ? 'max-sm:sr-only' : undefined}>Next OIDC BFF</span>
          </Link>
          <NavLinks links={links} />
        </div>
        {user ? (
          <div className="flex shrink-0 items-center gap-3">
            <span className="hidden max-w-48 truncate text-sm text-slate-600 md:inline dark:text-slate-300" data-testid="header-user">
              {user.name ?? user.email ?? user.sub}
            </span>
            <SignOutButton />
          </div>
        ) : null}
      </nav>
    </header>
  );
}
