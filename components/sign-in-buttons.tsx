import { primaryButton } from './ui';

export interface ProviderChoice {
  id: string;
  label: string;
}

/**
 * Plain anchors, not next/link: a prefetch of /auth/login would start a login transaction.
 */
export function SignInButtons({ providers, returnTo }: { providers: ProviderChoice[]; returnTo: string }) {
  return (
    <ul className="flex w-full flex-col gap-3 sm:w-auto sm:flex-row sm:flex-wrap">
      {providers.map((provider) => (
        <li key={provider.id}>
          <a href={`/auth/login/${provider.id}?returnTo=${encodeURIComponent(returnTo)}`} className={`${primaryButton} w-full sm:w-auto`}>
            {providers.length === 1 ? 'Sign in' : `Sign in with ${provider.label}`}
          </a>
        </li>
      ))}
    </ul>
  );
}
