import type { Metadata, Viewport } from 'next';
import { shellLayout } from '../../shell';

// The app's shell without its stylesheet. Importing app/layout.tsx would bring it: its metadata, copied.
export const metadata: Metadata = {
  title: { default: 'Next OIDC BFF', template: '%s · Next OIDC BFF' },
  description: 'A Next.js starter that signs people in with OpenID Connect, tokens kept on the server.',
};
export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f172a' },
  ],
};
export default shellLayout({ session: true, header: true, footer: true });
