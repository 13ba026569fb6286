import { apiRoute } from '@/app/api-table';

// The signed-in person's own access token, to the demo API (lib/bff/downstream-apis.ts).
export const GET = apiRoute('me');
