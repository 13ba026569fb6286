import { CSRF_HEADER } from '../../lib/auth/http/csrf-header';

/** What the dashboard's fetch sends to the app's own API routes: Fetch Metadata and the X-CSRF header. */
export const SAME_ORIGIN_FETCH: Readonly<Record<string, string>> = Object.freeze({ [CSRF_HEADER]: '1', 'sec-fetch-site': 'same-origin' });
