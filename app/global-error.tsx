'use client';

import './globals.css';

/**
 * When the root layout itself fails, this replaces it, <html> and all: no header, no session.
 * Plain anchors reload the app from scratch rather than reuse its broken state.
 */
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body className="flex min-h-dvh items-center justify-center bg-slate-50 px-4 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <main className="w-full max-w-xl rounded-xl border border-slate-200 bg-white p-6 shadow-sm sm:p-8 dark:border-slate-800 dark:bg-slate-900">
          <p className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">Error</p>
          <h1 className="mt-3 text-2xl font-bold tracking-tight">Next OIDC BFF could not load</h1>
          <p className="mt-3 leading-7 text-slate-600 dark:text-slate-300">Something went wrong on our side. Reload the page in a moment; if it keeps happening, tell the site administrator.</p>
          {error.digest ? (
            <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">
              Reference: <span className="font-mono">{error.digest}</span>
            </p>
          ) : null}
          <p className="mt-6">
            {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- a full reload, on purpose */}
            <a href="/" className="inline-flex rounded-lg bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-indigo-700">
              Reload the home page
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}
