import type { ReactNode } from 'react';

/**
 * The document every page renders in (app/layout.tsx): a skip link, the header, the page's content
 * as `main`, the footer. Header and footer are slots, so the root layout decides what fills them
 * (and `npm run bench` can leave either out to measure what it costs).
 */
export function AppShell({ header, footer, children }: { header: ReactNode; footer: ReactNode; children: ReactNode }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh flex-col bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a
          href="#main"
          className="sr-only z-20 focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:text-sm focus:font-semibold focus:text-slate-900 focus:shadow-lg dark:focus:bg-slate-800 dark:focus:text-white"
        >
          Skip to content
        </a>
        {header}
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 focus:outline-none sm:px-6 sm:py-12">
          {children}
        </main>
        {footer}
      </body>
    </html>
  );
}
