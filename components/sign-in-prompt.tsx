'use client';

import { useSession } from '@/lib/auth/react';
import { primaryButton, secondaryButton } from './ui';

/**
 * What a 401 from an API call becomes (bffFetch, through the session provider): the next step,
 * not a raw status. A step-up (RFC 9470) asks for a fresh sign-in; anything else, a new one.
 */
export function SignInPrompt() {
  const { signInRequired, dismissSignInRequired } = useSession();
  if (!signInRequired) return null;
  const stepUp = signInRequired.reason === 'step_up_required';
  return (
    <div role="alert" data-testid="sign-in-prompt" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/40 dark:text-amber-100">
      <p className="font-semibold">{stepUp ? 'This needs a recent sign-in' : 'Your session has ended'}</p>
      <p className="mt-1">{stepUp ? 'Confirm it is you: sign in again, and you come back here.' : 'Sign in again to go on; you come back to this page.'}</p>
      <div className="mt-3 flex flex-wrap gap-2">
        <a href={signInRequired.href} className={`${primaryButton} px-3 py-1.5`}>
          Sign in again
        </a>
        <button type="button" onClick={dismissSignInRequired} className={`${secondaryButton} px-3 py-1.5`}>
          Not now
        </button>
      </div>
    </div>
  );
}
