import { handleBackchannelLogout } from '@/lib/auth/routes';

export const POST = handleBackchannelLogout;
