import { dangerButton, secondaryButton } from './ui';

/** A plain form POST: works without JavaScript, and logout is never a GET a link could trigger. */
export function SignOutButton() {
  return (
    <form action="/auth/logout" method="post">
      <button type="submit" className={`${secondaryButton} px-3 py-1.5`}>
        Sign out
      </button>
    </form>
  );
}

/**
 * Ends every session of this person in this app (all devices, all instances) and signs out at
 * the provider. Same route, one extra field.
 */
export function SignOutEverywhereButton() {
  return (
    <form action="/auth/logout" method="post">
      <input type="hidden" name="scope" value="everywhere" />
      <button type="submit" className={dangerButton}>
        Sign out everywhere
      </button>
    </form>
  );
}
