import type { Metadata, Viewport } from 'next';
import { SITE_METADATA, SITE_VIEWPORT } from '@/app/site';
import { shellLayout } from '../../shell';

// The app's shell without its stylesheet: app/layout.tsx would bring it, so its metadata comes from app/site.ts.
export const metadata: Metadata = SITE_METADATA;
export const viewport: Viewport = SITE_VIEWPORT;
export default shellLayout({ session: true, header: true, footer: true });
