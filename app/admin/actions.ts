'use server';

import { redirect } from 'next/navigation';
import { endSessionsOf, requireRole } from '@/lib/auth';

/**
 * The admin page's "Sign out everywhere" for another person. A server action: Next checks that
 * the POST comes from this origin, and the role is checked again here, not only when the page
 * rendered. The form carries who, never anything about sessions.
 */
export async function signOutPersonEverywhere(form: FormData): Promise<void> {
  const admin = await requireRole('admin', '/admin');
  const provider = form.get('provider');
  const sub = form.get('sub');
  if (typeof provider !== 'string' || typeof sub !== 'string' || !provider || !sub) redirect('/admin');
  await endSessionsOf({ provider, sub }, admin);
  redirect(`/admin?ended=${encodeURIComponent(`${provider} ${sub}`)}`);
}
