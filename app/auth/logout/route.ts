import { authHooks } from '@/app/auth-hooks';
import { logoutRoute } from '@/lib/auth/routes';

export const POST = logoutRoute(authHooks);
