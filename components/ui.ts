/**
 * Class names shared by the example UI, so buttons, cards and links look the same on every page.
 * Plain strings (no runtime): server and client components both use them.
 */
export const card = 'rounded-xl border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900';

const button = 'inline-flex items-center justify-center gap-2 whitespace-nowrap rounded-lg px-4 py-2.5 text-sm font-semibold transition-colors disabled:cursor-not-allowed disabled:opacity-60';

export const primaryButton = `${button} bg-indigo-600 text-white shadow-sm hover:bg-indigo-700`;

export const secondaryButton = `${button} border border-slate-300 bg-white text-slate-900 hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800`;

export const dangerButton = `${button} border border-red-300 bg-white text-red-700 hover:bg-red-50 dark:border-red-800 dark:bg-slate-900 dark:text-red-300 dark:hover:bg-red-950`;

export const textLink = 'font-medium text-indigo-700 underline-offset-4 hover:underline dark:text-indigo-300';

export const muted = 'text-slate-600 dark:text-slate-400';

export const code = 'rounded bg-slate-100 px-1.5 py-0.5 font-mono text-[0.85em] text-slate-800 dark:bg-slate-800 dark:text-slate-200';
