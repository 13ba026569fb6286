import { handleSession } from '@/lib/auth/routes';

export const GET = handleSession;
