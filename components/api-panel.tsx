'use client';

import { useState } from 'react';

/** The BFF routes this panel calls, and which grant gets each one its token on the server. */
const CALLS = [
  { path: '/api/me', label: 'Demo API: who am I?', grant: 'your access token' },
  { path: '/api/reports', label: 'Demo API: admin report', grant: 'your access token, admin role required' },
  { path: '/api/invoices', label: 'Billing: my invoices', grant: 'token exchange (RFC 8693)' },
  { path: '/api/service-status', label: 'Demo API: service status', grant: "the app's own token (client credentials)" },
] as const;

type Result = { path: string; status: number; body: string } | { path: string; error: string };

/** Pretty JSON, or a plain note: a non-JSON answer (a proxy's error page) is not shown raw. */
function readable(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return '(the answer was not JSON)';
  }
}

/**
 * Calls the app's own API routes with the session cookie and the X-CSRF header; the server
 * attaches the token. The browser never holds one: all it sees is the API's JSON.
 */
export function ApiPanel() {
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  async function call(path: string) {
    setBusy(true);
    try {
      const response = await fetch(path, { headers: { 'X-CSRF': '1', Accept: 'application/json' }, cache: 'no-store' });
      const text = await response.text();
      setResult({ path, status: response.status, body: readable(text) });
    } catch {
      setResult({ path, error: 'The request did not complete. Check your connection and try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="text-lg font-semibold">Call an API</h2>
      <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">Your browser calls this app; the app calls the API with a token only the server holds.</p>
      <ul className="mt-4 grid gap-2 sm:grid-cols-2">
        {CALLS.map((entry) => (
          <li key={entry.path}>
            <button
              type="button"
              disabled={busy}
              onClick={() => void call(entry.path)}
              className="w-full rounded-md border border-slate-300 px-3 py-2 text-left text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800"
            >
              <span className="block font-medium">{entry.label}</span>
              <span className="block text-xs text-slate-500 dark:text-slate-400">{entry.grant}</span>
            </button>
          </li>
        ))}
      </ul>
      {result && (
        <div className="mt-4" data-testid="api-result" data-path={result.path} data-status={'status' in result ? result.status : undefined} aria-live="polite">
          <p className="text-sm font-medium">
            GET {result.path}: {'status' in result ? `HTTP ${result.status}` : result.error}
          </p>
          {'body' in result && <pre className="mt-2 overflow-x-auto rounded bg-slate-100 p-3 text-xs dark:bg-slate-800">{result.body}</pre>}
        </div>
      )}
    </div>
  );
}
