import type { SessionUser } from './session';

/**
 * What the app may do at sign-in and sign-out (app/auth-hooks.ts), passed to the route handlers
 * (`export const GET = callbackRoute(hooks)`): provision or link the person in the team's own
 * database, or refuse them; clean up after them. They run after every check of the product.
 */
export interface SignInContext {
  provider: { id: string; label: string };
  user: SessionUser;
  /** The verified ID token's claims (never the token itself). */
  claims: Readonly<Record<string, unknown>>;
}

export interface SignOutContext {
  provider: { id: string; label: string };
  user: SessionUser;
  everywhere: boolean;
}

export interface AuthHooks {
  /**
   * Throw SignInRefused to refuse: no session is made, and the error page shows the app's own
   * copy for the reason. Any other error refuses too, as `sign_in_refused` without a reason.
   */
  onSignIn?(context: SignInContext): Promise<void> | void;
  /** Errors are logged and never keep anyone signed in. */
  onSignOut?(context: SignOutContext): Promise<void> | void;
}

/** The app's refusal, with a reason its error page has copy for (`/auth/error?code=sign_in_refused&reason=…`). */
export class SignInRefused extends Error {
  constructor(readonly reason: string) {
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(reason)) throw new TypeError('a refusal reason is lowercase letters, digits and underscores');
    super(`sign-in refused: ${reason}`);
    this.name = 'SignInRefused';
  }
}

/** By name: the app's route bundle and the product may hold different copies of the class. */
export function isSignInRefused(error: unknown): error is SignInRefused {
  return error instanceof Error && error.name === 'SignInRefused' && typeof (error as { reason?: unknown }).reason === 'string';
}
