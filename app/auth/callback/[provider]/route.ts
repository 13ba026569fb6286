import { authHooks } from '@/app/auth-hooks';
import { callbackRoute } from '@/lib/auth/routes';

export const GET = callbackRoute(authHooks);
