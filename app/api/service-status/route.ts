import { apiRoute } from '@/app/api-table';

// Signed-in people only, but the call is made as the app (client credentials, RFC 6749 4.4).
export const GET = apiRoute('status');
