import { handleRefresh } from '@/lib/auth/routes';

export const GET = handleRefresh;
