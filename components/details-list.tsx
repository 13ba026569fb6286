import type { ReactNode } from 'react';

/**
 * Label/value pairs that read as pairs at every width: each pair is one group (a div in the dl,
 * as HTML allows), label above value on phones, side by side from `sm` up, a rule between groups.
 */
export function DetailsList({ items }: { items: { label: string; value: ReactNode }[] }) {
  return (
    <dl className="divide-y divide-slate-200 text-sm dark:divide-slate-800">
      {items.map(({ label, value }) => (
        <div key={label} className="grid gap-1 py-3 first:pt-0 last:pb-0 sm:grid-cols-[8.5rem_minmax(0,1fr)] sm:gap-4">
          <dt className="font-medium text-slate-600 dark:text-slate-400">{label}</dt>
          <dd className="min-w-0 break-words">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
