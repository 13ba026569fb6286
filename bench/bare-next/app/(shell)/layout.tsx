// The app's root layout itself (markup, session read, metadata, stylesheet).
export { default, metadata, viewport } from '@/app/layout';
