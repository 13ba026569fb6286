/** An epoch-seconds instant as UTC time plus how far away it is, relative to `now`. */
export function Expiry({ at, now, testId }: { at: number; now: number; testId?: string }) {
  const date = new Date(at * 1000);
  const seconds = at - now;
  const relative = seconds <= 0 ? 'expired' : seconds < 120 ? `in ${seconds} s` : seconds < 7200 ? `in ${Math.round(seconds / 60)} min` : `in ${Math.round(seconds / 3600)} h`;
  return (
    <time dateTime={date.toISOString()} data-testid={testId} data-epoch={at}>
      {date.toISOString().replace('T', ' ').slice(0, 19)} UTC <span className="text-slate-500 dark:text-slate-400">({relative})</span>
    </time>
  );
}
