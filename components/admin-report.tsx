import { z } from 'zod';
import type { DownstreamResult } from '@/lib/bff';
import { StatusPill } from './status-pill';

/** What the sample API's /api/reports answers (dev/sample-api); anything else is shown as JSON. */
const Report = z.object({
  requestedBy: z.string().optional(),
  reports: z.array(z.object({ name: z.string(), value: z.union([z.number(), z.string()]) })),
});

/** The admin report, already fetched on the server: its figures, or the API's refusal as it came. */
export function AdminReport({ result }: { result: DownstreamResult }) {
  const report = result.status < 300 ? Report.safeParse(result.body) : null;
  return (
    <div className="space-y-4" data-testid="admin-report" data-status={result.status}>
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono font-medium">GET /api/reports</span>
        <StatusPill status={result.status} />
        <span className="text-slate-600 dark:text-slate-400">fetched by the server for this page</span>
      </p>
      {report?.success ? (
        <>
          <ul className="grid gap-3 sm:grid-cols-2">
            {report.data.reports.map((entry) => (
              <li key={entry.name} className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
                <p className="text-sm text-slate-600 dark:text-slate-400">{entry.name}</p>
                <p className="mt-1 text-3xl font-semibold tabular-nums">{entry.value}</p>
              </li>
            ))}
          </ul>
          {report.data.requestedBy ? <p className="text-sm text-slate-600 dark:text-slate-400">The API saw the request as coming from {report.data.requestedBy}: your token, with its admin role.</p> : null}
        </>
      ) : (
        <pre tabIndex={0} aria-label="Answer from /api/reports" className="overflow-auto rounded-md bg-slate-50 p-3 font-mono text-xs leading-5 break-words whitespace-pre-wrap ring-1 ring-slate-200 dark:bg-slate-950 dark:ring-slate-800">{JSON.stringify(result.body, null, 2)}</pre>
      )}
    </div>
  );
}
