const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Server Error', 502: 'Bad Gateway', 503: 'Unavailable', 504: 'Gateway Timeout' };

/** An HTTP status as a coloured pill: green for 2xx, amber for 4xx, red for 5xx. Text carries the meaning too. */
export function StatusPill({ status }: { status: number }) {
  const tone =
    status < 300
      ? 'bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-800'
      : status < 500
        ? 'bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-800'
        : 'bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-200 dark:ring-red-800';
  return (
    <span className={`inline-flex items-center rounded-full px-2.5 py-0.5 font-mono text-xs font-semibold whitespace-nowrap ring-1 ring-inset ${tone}`}>
      {status} {REASONS[status] ?? ''}
    </span>
  );
}
