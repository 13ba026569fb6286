// The app's root layout itself; next.config.ts leaves this path without the app's response headers.
export { default, metadata, viewport } from '@/app/layout';
