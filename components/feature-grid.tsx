import type { ReactNode } from 'react';
import { card, code } from './ui';

const FEATURES: { title: string; icon: ReactNode; body: ReactNode }[] = [
  {
    title: 'No token in the browser',
    icon: <path d="M7 11V8a5 5 0 0 1 10 0v3M6 11h12v9H6z" />,
    body: (
      <>
        Access, refresh and ID tokens are sealed (encrypted and signed) into an HttpOnly cookie that no script can read. Pages render from the session on the server; client code may ask <code className={code}>/auth/session</code> for a name and roles, never a token.
      </>
    ),
  },
  {
    title: 'Refresh ahead of expiry',
    icon: <path d="M20 11a8 8 0 1 0-2.3 5.7M20 5v6h-6" />,
    body: (
      <>
        The server refreshes the access token shortly before it expires (60 s by default), and only when one is due: ordinary requests pay nothing. Many tabs share one refresh. The dashboard counts down and shows it happen.
      </>
    ),
  },
  {
    title: 'Sign-out that ends everything',
    icon: <path d="M15 12H4m0 0 4-4m-4 4 4 4M13 4h6v16h-6" />,
    body: (
      <>
        Sign-out revokes the refresh token (RFC 7009) and ends the session at the provider. A sign-out at the provider reaches the app through Back-Channel Logout, and “Sign out everywhere” ends your sessions on every device.
      </>
    ),
  },
  {
    title: 'API calls with three grants',
    icon: <path d="M8 9 4 12l4 3m8-6 4 3-4 3M14 5l-4 14" />,
    body: (
      <>
        The dashboard calls APIs through the app: with your own token, with a token exchanged for another API (RFC 8693), and with the app’s own (client credentials). <code className={code}>npm run device-login</code> signs a terminal in with the device grant.
      </>
    ),
  },
];

/** What the demo shows, in four cards: the home page's answer to "why this starter". */
export function FeatureGrid() {
  return (
    <ul className="grid gap-4 sm:grid-cols-2">
      {FEATURES.map((feature) => (
        <li key={feature.title} className={`${card} p-5`}>
          <div className="flex items-center gap-3">
            <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-indigo-50 text-indigo-700 dark:bg-indigo-950 dark:text-indigo-300">
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" className="size-5 fill-none stroke-current stroke-2 [stroke-linecap:round] [stroke-linejoin:round]">
                {feature.icon}
              </svg>
            </span>
            <h3 className="font-semibold">{feature.title}</h3>
          </div>
          <p className="mt-3 text-sm leading-6 text-slate-600 dark:text-slate-300">{feature.body}</p>
        </li>
      ))}
    </ul>
  );
}
