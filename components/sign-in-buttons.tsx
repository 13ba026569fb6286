export interface ProviderChoice {
  id: string;
  label: string;
}

/**
 * Plain anchors, not next/link: a prefetch of /auth/login would start a login transaction.
 */
export function SignInButtons({ providers, returnTo }: { providers: ProviderChoice[]; returnTo: string }) {
  return (
    <ul className="flex flex-col gap-3 sm:flex-row">
      {providers.map((provider) => (
        <li key={provider.id}>
          <a
            href={`/auth/login/${provider.id}?returnTo=${encodeURIComponent(returnTo)}`}
            className="inline-flex w-full items-center justify-center rounded-md bg-indigo-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 sm:w-auto"
          >
            {providers.length === 1 ? 'Sign in' : `Sign in with ${provider.label}`}
          </a>
        </li>
      ))}
    </ul>
  );
}
