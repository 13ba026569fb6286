import { apiRoute } from '@/app/api-table';

// The person's own token; the demo API itself decides (admin role, else its 403 comes through).
export const GET = apiRoute('reports');
