/** A plain form POST: works without JavaScript, and logout is never a GET a link could trigger. */
export function SignOutButton() {
  return (
    <form action="/auth/logout" method="post">
      <button
        type="submit"
        className="rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 dark:border-slate-700 dark:hover:bg-slate-800"
      >
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
      <button
        type="submit"
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-600 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
      >
        Sign out everywhere
      </button>
    </form>
  );
}
