import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteHeader } from '@/components/site-header';
import { getSession } from '@/lib/auth';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Next OIDC BFF', template: '%s · Next OIDC BFF' },
  description: 'A Next.js starter that signs people in with OpenID Connect, tokens kept on the server.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:text-slate-900">
          Skip to content
        </a>
        <SiteHeader user={session?.user ?? null} />
        <main id="main" className="mx-auto max-w-3xl px-4 py-10 sm:px-6">
          {children}
        </main>
      </body>
    </html>
  );
}
