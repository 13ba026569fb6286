'use client';

import { useState, useSyncExternalStore } from 'react';
import { bffFetch } from '@/lib/auth/react';
import { SignInPrompt } from './sign-in-prompt';
import { StatusPill } from './status-pill';
import { card } from './ui';

/** The BFF routes this panel calls, and which grant gets each one its token on the server. */
const CALLS = [
  { path: '/api/me', label: 'Demo API: who am I?', grant: 'your access token' },
  { path: '/api/reports', label: 'Demo API: admin report', grant: 'your access token, admin role required' },
  { path: '/api/invoices', label: 'Billing: my invoices', grant: 'token exchange (RFC 8693)' },
  { path: '/api/service-status', label: 'Demo API: service status', grant: "the app's own token (client credentials)" },
] as const;

type Result = { path: string; ms: number } & ({ status: number; body: string } | { error: string });

/** Pretty JSON, or a plain note: a non-JSON answer (a proxy's error page) is not shown raw. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return '(the answer was not JSON)';
  }
}

/** One call, timed. Outside the component: it runs in an event handler, never during render. */
async function request(path: string): Promise<Result> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    // The CSRF header and the session cookie; a 401 also raises the sign-in prompt.
    const response = await bffFetch(path);
    const text = await response.text();
    return { path, ms: ms(), status: response.status, body: readable(text) };
  } catch {
    return { path, ms: ms(), error: 'The request did not complete. Check your connection and try again.' };
  }
}

/**
 * Calls the app's own API routes through bffFetch() (the session cookie and the X-CSRF header);
 * the server attaches the token. The browser never holds one: all it sees is the API's JSON.
 * Needs a <SessionProvider> above it (the dashboard page has one).
 */
/** False on the server and while hydrating, true once React runs here: these buttons need JavaScript. */
const noSubscription = () => () => {};
function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}

export function ApiPanel() {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A click before hydration would do nothing at all: the buttons stay disabled until it is done.
  const hydrated = useHydrated();

  async function call(path: string) {
    setBusy(path);
    setResult(await request(path));
    setBusy(null);
  }

  const announcement = busy ? `Calling ${busy}…` : result ? `GET ${result.path}: ${'status' in result ? `HTTP ${result.status}` : result.error}` : '';
  return (
    <section aria-labelledby="api-heading" className={`${card} p-5 sm:p-6`}>
      <h2 id="api-heading" className="text-lg font-semibold">
        Call an API
      </h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">Your browser calls this app; the app calls the API with a token only the server holds, and passes the answer back.</p>
      <div className="mt-5 grid gap-5 lg:grid-cols-[minmax(0,5fr)_minmax(0,7fr)]">
        <ul className="grid content-start gap-2">
          {CALLS.map((entry) => (
            <li key={entry.path}>
              <button
                type="button"
                disabled={!hydrated || busy !== null}
                data-selected={result?.path === entry.path}
                onClick={() => void call(entry.path)}
                className="flex w-full items-start justify-between gap-3 rounded-lg border border-slate-300 px-3.5 py-2.5 text-left hover:bg-slate-50 disabled:cursor-wait data-[selected=true]:border-indigo-500 data-[selected=true]:bg-indigo-50/60 dark:border-slate-700 dark:hover:bg-slate-800 dark:data-[selected=true]:border-indigo-400 dark:data-[selected=true]:bg-indigo-950/40"
              >
                <span className="min-w-0">
                  <span className="block text-sm font-medium">{entry.label}</span>
                  <span className="block text-xs text-slate-600 dark:text-slate-400">{entry.grant}</span>
                </span>
                <span className="mt-0.5 shrink-0 font-mono text-xs text-slate-600 dark:text-slate-400">{busy === entry.path ? <Spinner /> : <span className="max-sm:hidden">{entry.path}</span>}</span>
              </button>
            </li>
          ))}
        </ul>
        <div className="min-w-0 rounded-lg border border-slate-200 bg-slate-50 p-4 dark:border-slate-800 dark:bg-slate-950" aria-busy={busy !== null}>
          <SignInPrompt />
          {/* Mounted empty before any call, so screen readers announce each answer. */}
          <p aria-live="polite" className="sr-only">
            {announcement}
          </p>
          {result ? (
            <div data-testid="api-result" data-path={result.path} data-status={'status' in result ? result.status : undefined}>
              <p className="flex flex-wrap items-center gap-2 text-sm">
                <span className="font-mono font-medium">GET {result.path}</span>
                {'status' in result ? <StatusPill status={result.status} /> : null}
                <span className="text-xs text-slate-600 dark:text-slate-400">{result.ms} ms</span>
              </p>
              {'body' in result ? (
                <pre tabIndex={0} aria-label={`Answer from ${result.path}`} className="mt-3 max-h-[28rem] overflow-auto rounded-md bg-white p-3 font-mono text-xs leading-5 break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200 dark:bg-slate-900 dark:text-slate-200 dark:ring-slate-800">
                  {result.body}
                </pre>
              ) : (
                <p className="mt-3 text-sm text-red-800 dark:text-red-300">{result.error}</p>
              )}
            </div>
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">Choose a call: its status and JSON show here. No token reaches this page, only the API’s answer.</p>
          )}
        </div>
      </div>
    </section>
  );
}

function Spinner() {
  return (
    <span className="inline-flex items-center gap-1.5">
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-3.5 animate-spin motion-reduce:animate-none">
        <circle cx="12" cy="12" r="9" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      calling
    </span>
  );
}
