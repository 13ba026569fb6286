import { handleLogin } from '@/lib/auth/routes';

export const GET = handleLogin;
