import type { Metadata, Viewport } from 'next';

/**
 * Your repository's web address (e.g. https://github.com/you/your-app): the home page and the
 * footer then link to its README. Unset, they name README.md in the checkout instead.
 */
export const REPOSITORY_URL: string | undefined = undefined;

/** The root layout's title template and description (app/layout.tsx). */
export const SITE_METADATA: Metadata = {
  title: { default: 'Next OIDC BFF', template: '%s · Next OIDC BFF' },
  description: 'A Next.js starter that signs people in with OpenID Connect, tokens kept on the server.',
};

/** Light and dark follow the system setting; the browser's UI takes the page's background. */
export const SITE_VIEWPORT: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#ffffff' },
    { media: '(prefers-color-scheme: dark)', color: '#0f172a' },
  ],
};
