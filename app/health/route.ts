import { handleHealth } from '@/lib/auth/routes';

export const GET = handleHealth;
