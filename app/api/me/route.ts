import { apiRoute } from '@/app/api-table';

// The signed-in person's own access token, to the demo API (app/api-table.ts).
export const GET = apiRoute('me');
