import type { ReactNode } from 'react';
import { card } from './ui';

type Tone = 'warning' | 'danger' | 'neutral';

const TONES: Record<Tone, string> = {
  warning: 'bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300',
  danger: 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-300',
  neutral: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
};

/**
 * The one look of every error and refusal page (404, 403, sign-in problems, errors): what
 * happened, in fixed copy, and the next step as the primary action. Fits a phone's viewport.
 */
export function StatusPage({ eyebrow, title, children, actions, tone = 'warning', testId, code }: { eyebrow: string; title: string; children: ReactNode; actions: ReactNode; tone?: Tone; testId?: string; code?: string }) {
  return (
    <section className={`${card} mx-auto max-w-xl p-6 sm:p-8`} data-testid={testId} data-code={code}>
      <div className="flex items-center gap-3">
        <span className={`flex size-10 shrink-0 items-center justify-center rounded-full ${TONES[tone]}`}>
          <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="size-5 fill-none stroke-current stroke-2 [stroke-linecap:round] [stroke-linejoin:round]">
            <path d="M12 8v5m0 3.5v.01M10.3 3.9 2.5 17.5A2 2 0 0 0 4.2 20.5h15.6a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z" />
          </svg>
        </span>
        <p className="text-sm font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-400">{eyebrow}</p>
      </div>
      <h1 className="mt-5 text-2xl font-bold tracking-tight text-balance sm:text-3xl">{title}</h1>
      <div className="mt-3 space-y-3 leading-7 text-slate-600 dark:text-slate-300">{children}</div>
      <div className="mt-6 flex flex-col gap-3 sm:flex-row">{actions}</div>
    </section>
  );
}
