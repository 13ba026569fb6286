import Link from 'next/link';
import { DemoUsersTable } from '@/components/demo-users-table';
import { FeatureGrid } from '@/components/feature-grid';
import { SignInButtons } from '@/components/sign-in-buttons';
import { card, code, primaryButton, textLink } from '@/components/ui';
import { getSession, isSignOutConfirmed, signInChoices } from '@/lib/auth';
import { demoUsers } from './demo-users';
import { REPOSITORY_URL } from './site';

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const session = await getSession();
  const { returnTo, state } = await searchParams;
  // Back from the provider's sign-out with the state this browser sent: say so.
  const signedOutAtProvider = !session && (await isSignOutConfirmed(state));
  const choices = signInChoices(typeof returnTo === 'string' ? returnTo : undefined);
  const users = demoUsers();
  return (
    <div className="space-y-14 sm:space-y-16">
      <section aria-labelledby="intro" className="max-w-3xl space-y-6">
        {signedOutAtProvider ? (
          <p role="status" data-testid="signed-out" className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm font-medium text-emerald-900 dark:border-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
            You are signed out, here and at your sign-in provider.
          </p>
        ) : null}
        <p className="text-sm font-semibold tracking-wide text-indigo-700 uppercase dark:text-indigo-300">OpenID Connect · Backend-for-Frontend · Next.js</p>
        <h1 id="intro" className="text-3xl font-bold tracking-tight text-balance sm:text-5xl">
          Sign in the way security reviewers want it done
        </h1>
        <p className="text-lg leading-8 text-pretty text-slate-600 dark:text-slate-300">
          A starter that signs people in with OpenID Connect (state, nonce, PKCE, verified ID tokens) and keeps every token on the server. Your browser holds a sealed, HttpOnly cookie it cannot open.
        </p>
        {session ? (
          <div className={`${card} flex flex-col gap-4 p-5 sm:flex-row sm:items-center sm:justify-between`}>
            <p>
              Signed in as <strong>{session.user.name ?? session.user.email ?? session.user.sub}</strong>.
            </p>
            <Link href="/dashboard" className={primaryButton}>
              Go to your dashboard
            </Link>
          </div>
        ) : (
          <SignInButtons providers={choices.providers} returnTo={choices.returnTo} />
        )}
      </section>

      <section aria-labelledby="what-it-shows" className="space-y-6">
        <div className="max-w-3xl space-y-2">
          <h2 id="what-it-shows" className="text-2xl font-bold tracking-tight">
            What this demo shows
          </h2>
          <p className="text-slate-600 dark:text-slate-300">Sign in, then watch each of these on the dashboard.</p>
        </div>
        <FeatureGrid />
      </section>

      <section aria-labelledby="next-steps" className={`grid items-start gap-6 ${users.length > 0 ? 'lg:grid-cols-2' : ''}`}>
        <h2 id="next-steps" className="sr-only">
          Next steps
        </h2>
        {users.length > 0 ? <DemoUsersTable users={users} /> : null}
        <div className={`${card} p-5`}>
          <h3 className="font-semibold">Make it yours</h3>
          <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-300">
            The product is <code className={code}>lib/</code>; this example app is <code className={code}>app/</code> and <code className={code}>components/</code>; the local provider, the sample API and the device-login CLI are in <code className={code}>dev/</code>, to delete once a real provider is configured.
          </p>
          <p className="mt-3 text-sm leading-6 text-slate-600 dark:text-slate-300">
            {REPOSITORY_URL ? (
              <a href={`${REPOSITORY_URL}#readme`} className={textLink}>
                Read the README
              </a>
            ) : (
              <>
                The <span className="font-mono">README.md</span> of this repository
              </>
            )}{' '}
            explains how it works, how to call APIs, every route and every setting.
          </p>
        </div>
      </section>
    </div>
  );
}
