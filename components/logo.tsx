/** The app's mark: a padlock (app/icon.svg is the same drawing). Decorative: the text beside it names the app. */
export function Logo({ className = 'size-7' }: { className?: string }) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <rect width="32" height="32" rx="8" className="fill-indigo-600" />
      <path d="M11 14v-3a5 5 0 0 1 10 0v3" fill="none" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      <rect x="8" y="14" width="16" height="12" rx="2.5" fill="#fff" />
      <circle cx="16" cy="19.3" r="1.9" className="fill-indigo-600" />
      <rect x="15.15" y="19.5" width="1.7" height="3.8" rx="0.85" className="fill-indigo-600" />
    </svg>
  );
}
