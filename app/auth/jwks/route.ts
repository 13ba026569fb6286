import { handleJwks } from '@/lib/auth/routes';

export const GET = handleJwks;
