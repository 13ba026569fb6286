import { textLink } from './ui';

/** `repositoryUrl`: where the README lives on the web (app/site.ts); without one, the file is named. */
export function SiteFooter({ repositoryUrl }: { repositoryUrl?: string }) {
  return (
    <footer className="border-t border-slate-200 dark:border-slate-800">
      <div className="mx-auto flex max-w-5xl flex-col gap-2 px-4 py-6 text-sm text-slate-600 sm:flex-row sm:items-center sm:justify-between sm:px-6 dark:text-slate-400">
        <p>Next OIDC BFF: OpenID Connect sign-in, tokens kept on the server.</p>
        <p>
          {repositoryUrl ? (
            <a href={`${repositoryUrl}#readme`} className={textLink}>
              Read the README
            </a>
          ) : (
            <>
              How it works: <span className="font-mono">README.md</span> in this repository
            </>
          )}
        </p>
      </div>
    </footer>
  );
}
