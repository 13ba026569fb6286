import 'server-only';
import { SignInRefused, type AuthHooks } from '@/lib/auth/routes';
import { rememberSignIn } from './people';

/**
 * What this example does at sign-in and sign-out. Replace with your own: link the provider's
 * person to your user table, refuse whom your app does not serve. A refusal's reason picks the
 * copy on the error page (app/auth/error/refusals.ts).
 *
 * DISABLED_ACCOUNTS (comma-separated emails) plays an operator who switched accounts off.
 */
const disabled = new Set(
  (process.env.DISABLED_ACCOUNTS ?? '')
    .split(',')
    .map((email) => email.trim().toLowerCase())
    .filter(Boolean),
);

export const authHooks: AuthHooks = {
  onSignIn({ provider, user }) {
    if (user.email && disabled.has(user.email.toLowerCase())) throw new SignInRefused('account_disabled');
    rememberSignIn(provider.id, user.sub, user.name);
  },
  onSignOut({ provider, user, everywhere }) {
    console.log(`[app] ${user.name ?? user.sub} signed out of ${provider.label}${everywhere ? ' everywhere' : ''}`);
  },
};
