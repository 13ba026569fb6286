import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { AppShell } from '@/components/app-shell';
import { SiteFooter } from '@/components/site-footer';
import { SiteHeader } from '@/components/site-header';
import { getSession } from '@/lib/auth';
import { REPOSITORY_URL, SITE_METADATA, SITE_VIEWPORT } from './site';
import './globals.css';

export const metadata: Metadata = SITE_METADATA;

export const viewport: Viewport = SITE_VIEWPORT;

export default async function RootLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  return (
    <AppShell header={<SiteHeader user={session?.user ?? null} />} footer={<SiteFooter repositoryUrl={REPOSITORY_URL} />}>
      {children}
    </AppShell>
  );
}
