import Link from 'next/link';
import { SignInButtons } from '@/components/sign-in-buttons';
import { configuredProviders } from '@/lib/auth/providers';
import { safeReturnTo } from '@/lib/auth/redirects';
import { getSession } from '@/lib/auth/server';
import { env } from '@/lib/env';

export default async function HomePage({ searchParams }: PageProps<'/'>) {
  const session = await getSession();
  const { returnTo } = await searchParams;
  const providers = configuredProviders(env()).map(({ id, label }) => ({ id, label }));
  return (
    <section className="space-y-8">
      <div className="space-y-3">
        <h1 className="text-3xl font-bold tracking-tight">Sign in the way security reviewers want it done</h1>
        <p className="text-slate-600 dark:text-slate-300">
          OpenID Connect with state, nonce and PKCE, verified ID tokens, and a Backend-for-Frontend: your browser holds a sealed, HttpOnly cookie and never a token.
        </p>
      </div>
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
        <SignInButtons providers={providers} returnTo={safeReturnTo(typeof returnTo === 'string' ? returnTo : '/dashboard', env().APP_URL)} />
      )}
    </section>
  );
}
