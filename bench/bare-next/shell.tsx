import type { ReactNode } from 'react';
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
 * app/layout.tsx's markup with parts left out, for measuring what each costs. `shell` (the full
 * one) is the app's own layout, re-exported; these are a copy: keep them in step with it.
 */
export function shellLayout(parts: ShellParts) {
  return async function ShellLayout({ children }: { children: ReactNode }) {
    const session = parts.session ? await getSession() : null;
    return (
      <html lang="en">
        <body className="flex min-h-dvh flex-col bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
          <a
            href="#main"
            className="sr-only z-20 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-slate-900 focus:shadow-lg dark:focus:bg-slate-800 dark:focus:text-white"
          >
            Skip to content
          </a>
          {parts.header ? <SiteHeader user={session?.user ?? null} /> : null}
          <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none sm:px-6 sm:py-12">
            {children}
          </main>
          {parts.footer ? <SiteFooter repositoryUrl={REPOSITORY_URL} /> : null}
        </body>
      </html>
    );
  };
}
