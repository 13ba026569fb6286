'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';

/**
 * Live times for the dashboard. The server renders UTC (it cannot know the reader's time zone);
 * once hydrated, the reader's local time and a ticking countdown replace it. `now` is the
 * server's clock at render, so a skewed client clock does not skew the countdown.
 */
function useClock(serverNow: number, everyMs: number): { now: number; local: boolean } {
  const [state, setState] = useState({ now: serverNow, local: false });
  useEffect(() => {
    const offset = serverNow * 1000 - Date.now();
    const tick = () => setState({ now: Math.floor((Date.now() + offset) / 1000), local: true });
    tick();
    const timer = setInterval(tick, everyMs);
    return () => clearInterval(timer);
  }, [serverNow, everyMs]);
  return state;
}

function utc(epoch: number): string {
  return `${new Date(epoch * 1000).toISOString().replace('T', ' ').slice(0, 19)} UTC`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "4:07" under an hour, "5 h 3 min" under two days, "6 days" beyond. */
function span(seconds: number): string {
  const s = Math.max(0, seconds);
  if (s < 3600) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  if (s < 172_800) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.round(s / 86_400)} days`;
}

/** A moment, in the reader's time, with how far away it is; updated every half minute. */
export function LiveTime({ at, now: serverNow, testId, past = false, compact = false }: { at: number; now: number; testId?: string; past?: boolean; compact?: boolean }) {
  const { now, local } = useClock(serverNow, 30_000);
  const distance = past ? now - at : at - now;
  const relative = distance < 60 ? (past ? 'just now' : 'in under a minute') : past ? `${span(distance)} ago` : `in ${span(distance)}`;
  if (compact) {
    return (
      <time dateTime={new Date(at * 1000).toISOString()} data-testid={testId} data-epoch={at} title={local ? dateTimeFormat.format(at * 1000) : utc(at)}>
        {relative}
      </time>
    );
  }
  return (
    <time dateTime={new Date(at * 1000).toISOString()} data-testid={testId} data-epoch={at} className="tabular-nums">
      {local ? dateTimeFormat.format(at * 1000) : utc(at)} <span className="text-slate-600 dark:text-slate-400">({relative})</span>
    </time>
  );
}

/**
 * The access token's countdown. When its refresh is due, it asks the server to render the page
 * again (router.refresh): that request finds the freshness marker expired, proxy.ts refreshes
 * the token on the server, and the new expiry arrives here as a prop: "refreshed just now".
 * The token itself never comes to the browser, only its expiry time.
 */
export function AccessTokenClock({ expiresAt, refreshAt, now: serverNow }: { expiresAt: number; refreshAt: number; now: number }) {
  const { now, local } = useClock(serverNow, 1000);
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [seen, setSeen] = useState<{ expiresAt: number; refreshedAt: number | null }>({ expiresAt, refreshedAt: null });
  const attempts = useRef({ expiresAt, count: 0, last: 0 });

  // A later expiry than the one shown before means the server refreshed the token.
  if (seen.expiresAt !== expiresAt) setSeen({ expiresAt, refreshedAt: expiresAt > seen.expiresAt ? now : seen.refreshedAt });
  const { refreshedAt } = seen;

  // One second past refreshAt the marker cookie has expired, so the next request refreshes.
  // A few spaced attempts, in case one lands a moment early or the network hiccups.
  useEffect(() => {
    if (!local || pending || now < refreshAt + 1) return;
    const tries = attempts.current;
    if (tries.expiresAt !== expiresAt) Object.assign(tries, { expiresAt, count: 0, last: 0 });
    if (tries.count >= 5 || now - tries.last < 4) return;
    Object.assign(tries, { count: tries.count + 1, last: now });
    startTransition(() => router.refresh());
  }, [local, now, pending, refreshAt, expiresAt, router]);

  const left = expiresAt - now;
  const due = refreshAt - now;
  const sinceRefresh = refreshedAt === null ? null : Math.max(0, now - refreshedAt);
  return (
    <div className="space-y-1.5">
      <p>
        <time dateTime={new Date(expiresAt * 1000).toISOString()} data-testid="access-token-expires" data-epoch={expiresAt} className="tabular-nums">
          {left > 0 ? (
            <>
              <span className="font-mono text-2xl font-semibold">{span(left)}</span> <span className="text-slate-600 dark:text-slate-400">left, until {local ? timeFormat.format(expiresAt * 1000) : utc(expiresAt)}</span>
            </>
          ) : (
            <span className="font-semibold">Expired at {local ? timeFormat.format(expiresAt * 1000) : utc(expiresAt)}</span>
          )}
        </time>
      </p>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {due > 0 ? (
          <>
            Refresh due in <span className="font-mono tabular-nums">{span(due)}</span>, {expiresAt - refreshAt} s before it expires: the server refreshes it then.
          </>
        ) : (
          'Refresh due: the server refreshes it with this page’s next request.'
        )}
        {sinceRefresh !== null && sinceRefresh >= 10 ? ` Last refreshed ${ago(sinceRefresh)}.` : ''}
      </p>
      {/* Mounted empty: announces the refresh itself, never the ticking countdown. */}
      <p aria-live="polite" className="min-h-5 text-sm font-medium text-emerald-800 dark:text-emerald-300" data-testid="refresh-status">
        {pending ? 'Refreshing on the server…' : sinceRefresh !== null && sinceRefresh < 10 ? 'Refreshed on the server just now.' : ''}
      </p>
    </div>
  );
}

function ago(seconds: number): string {
  return seconds < 60 ? `${seconds} s ago` : `${Math.floor(seconds / 60)} min ago`;
}
