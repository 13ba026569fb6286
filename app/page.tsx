import Link from 'next/link';
import { SignInButtons } from '@/components/sign-in-buttons';
import { getSession, isSignOutConfirmed, signInChoices } from '@/lib/auth';

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const session = await getSession();
  const { returnTo, state } = await searchParams;
  // Back from the provider's sign-out with the state this browser sent: say so.
  const signedOutAtProvider = !session && (await isSignOutConfirmed(state));
  const choices = signInChoices(typeof returnTo === 'string' ? returnTo : undefined);
  return (
    <section className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Sign in the way security reviewers want it done</h1>
        <p className="text-slate-600 dark:text-slate-300">
          OpenID Connect with state, nonce and PKCE, verified ID tokens, and a Backend-for-Frontend: your browser holds a sealed, HttpOnly cookie and never a token.
        </p>
      </div>
      {signedOutAtProvider ? (
        <p role="status" data-testid="signed-out" className="rounded-md bg-emerald-50 px-4 py-3 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
          You are signed out, here and at your sign-in provider.
        </p>
      ) : null}
      {session ? (
        <div className="rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
          <p>
            Signed in as <strong>{session.user.name ?? session.user.email ?? session.user.sub}</strong>.
          </p>
          <Link href="/dashboard" className="mt-4 inline-block font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
            Go to your dashboard →
          </Link>
        </div>
      ) : (
        <SignInButtons providers={choices.providers} returnTo={choices.returnTo} />
      )}
    </section>
  );
}
