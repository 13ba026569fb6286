import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { getSession } from '@/lib/auth';
import { REPOSITORY_URL } from '@/app/site';

export interface ShellParts {
  /** The root layout reads the session for the header (app/layout.tsx: getSession()). */
  session: boolean;
  header: boolean;
  footer: boolean;
}

/**
 * app/layout.tsx with parts left out, for measuring what each costs: the same AppShell, with the
 * header and footer it passes, or nothing in their place. `shell` (the full one) is the app's own
 * layout, re-exported.
 */
export function shellLayout(parts: ShellParts) {
  return async function ShellLayout({ children }: { children: ReactNode }) {
    const session = parts.session ? await getSession() : null;
    return (
      <AppShell header={parts.header ? <SiteHeader user={session?.user ?? null} /> : null} footer={parts.footer ? <SiteFooter repositoryUrl={REPOSITORY_URL} /> : null}>
        {children}
      </AppShell>
    );
  };
}
