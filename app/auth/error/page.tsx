import type { Metadata } from 'next';
import Link from 'next/link';
import { ERROR_COPY, isAuthErrorCode } from '@/lib/auth';
import { REFUSALS } from './refusals';

export const metadata: Metadata = { title: 'Sign-in problem' };

export default async function AuthErrorPage({ searchParams }: PageProps<'/auth/error'>) {
  const { code, reason } = await searchParams;
  const key = isAuthErrorCode(code) ? code : 'unknown';
  // The app's own refusal (app/auth-hooks.ts) has its own copy; any other reason gets the code's.
  const refusal = key === 'sign_in_refused' && typeof reason === 'string' && Object.hasOwn(REFUSALS, reason) ? REFUSALS[reason] : undefined;
  const { title, body } = refusal ?? ERROR_COPY[key];
  return (
    <section className="space-y-4" data-testid="auth-error" data-code={key}>
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      <p className="text-slate-600 dark:text-slate-300">{body}</p>
      <Link href="/" className="inline-block font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
        Back to the home page
      </Link>
    </section>
  );
}
