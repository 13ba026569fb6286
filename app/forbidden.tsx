import Link from 'next/link';

export default function Forbidden() {
  return (
    <section className="space-y-4" data-testid="forbidden">
      <h1 className="text-2xl font-bold tracking-tight">You don’t have access to this page</h1>
      <p className="text-slate-600 dark:text-slate-300">Your account is signed in, but it lacks the role this page needs. Ask an administrator if you think that is a mistake.</p>
      <Link href="/dashboard" className="inline-block font-medium text-indigo-600 hover:text-indigo-500 dark:text-indigo-400">
        Back to your dashboard
      </Link>
    </section>
  );
}
