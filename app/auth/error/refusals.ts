/** The copy for each reason app/auth-hooks.ts may refuse a sign-in with. */
export const REFUSALS: Record<string, { title: string; body: string }> = {
  account_disabled: { title: 'This account is switched off', body: 'An administrator has disabled your account in this app. Contact them to have it switched back on.' },
};
