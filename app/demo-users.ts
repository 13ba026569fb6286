import 'server-only';
import { z } from 'zod';

/**
 * The local provider's demo people, as `npm run dev` hands them to the app (DEV_DEMO_USERS, JSON,
 * from dev/local-provider/accounts.ts): the app names them without importing the dev tooling,
 * and shows nothing when it runs against a real provider. Public on purpose: the provider's own
 * login page prints the same list.
 */
const DemoUsers = z.array(
  z.object({
    username: z.string(),
    password: z.string(),
    roles: z.array(z.string()),
    note: z.string().optional(),
  }),
);

export type DemoUser = z.infer<typeof DemoUsers>[number];

export function demoUsers(): DemoUser[] {
  const raw = process.env.DEV_DEMO_USERS;
  if (!raw?.trim()) return [];
  try {
    const parsed = DemoUsers.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
