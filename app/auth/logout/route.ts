import { handleLogout } from '@/lib/auth/routes';

export const POST = handleLogout;
