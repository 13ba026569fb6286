import type { Metadata } from 'next';
import Link from 'next/link';
import { StatusPage } from '@/components/status-page';
import { primaryButton, secondaryButton } from '@/components/ui';
import { ERROR_COPY, isAuthErrorCode, signInPath, type AuthErrorCode } from '@/lib/auth';
import { REFUSALS } from './refusals';

export const metadata: Metadata = { title: 'Sign-in problem' };

type Next = 'sign-in' | 'retry' | 'home';

/** The next step after each problem: most need a new sign-in; an outage needs a moment; a few need neither. */
const NEXT_STEP: Record<AuthErrorCode | 'unknown', Next> = {
  unknown_provider: 'home',
  invalid_callback: 'sign-in',
  login_expired: 'sign-in',
  access_denied: 'sign-in',
  email_unverified: 'sign-in',
  domain_not_allowed: 'sign-in',
  provider_error: 'sign-in',
  invalid_response: 'sign-in',
  provider_unavailable: 'retry',
  store_unavailable: 'retry',
  session_too_large: 'home',
  step_up_failed: 'sign-in',
  // The app refused the account (app/auth-hooks.ts): signing in again would be refused again.
  sign_in_refused: 'home',
  unknown: 'sign-in',
};

/**
 * Fixed copy per code; a provider's own error text is never shown. proxy.ts gives the page its
 * status (4xx for the request, 5xx for an outage).
 */
export default async function AuthErrorPage({ searchParams }: PageProps<'/auth/error'>) {
  const { code, reason } = await searchParams;
  const key = isAuthErrorCode(code) ? code : 'unknown';
  // The app's own refusal (app/auth-hooks.ts) has its own copy; any other reason gets the code's.
  const refusal = key === 'sign_in_refused' && typeof reason === 'string' && Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason] : undefined;
  const { title, body } = refusal ?? ERROR_COPY[key];
  const next = NEXT_STEP[key];
  const home = (
    <Link href="/" className={next === 'home' ? primaryButton : secondaryButton}>
      Go to the home page
    </Link>
  );
  return (
    <StatusPage
      eyebrow="Sign-in problem"
      title={title}
      tone={next === 'retry' ? 'danger' : 'warning'}
      testId="auth-error"
      code={key}
      actions={
        <>
          {/* Plain anchors: a prefetch of /auth/login would start a login transaction. */}
          {next === 'sign-in' ? (
            <a href={signInPath('/dashboard')} className={primaryButton}>
              Sign in again
            </a>
          ) : null}
          {next === 'retry' ? (
            <a href="/dashboard" className={primaryButton}>
              Try again
            </a>
          ) : null}
          {home}
        </>
      }
    >
      <p>{body}</p>
      <p className="text-sm">
        Error code: <span className="font-mono">{key}</span>
      </p>
    </StatusPage>
  );
}
