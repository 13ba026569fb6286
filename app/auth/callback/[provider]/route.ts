import { handleCallback } from '@/lib/auth/routes';

export const GET = handleCallback;
