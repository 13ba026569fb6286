/**
 * The product's surface for client components: the session (no token, ever) and fetch() for the
 * app's own API routes. Import it only where it is used: pages without it carry no auth
 * JavaScript.
 */
export { SIGN_IN_REQUIRED_EVENT, bffFetch, type SignInRequired } from './bff-fetch';
export { SessionProvider, useSession, type SessionContextValue, type SessionStatus } from './session-provider';
export type { SessionSnapshot } from '../session/snapshot';
