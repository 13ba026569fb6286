import { apiRoute } from '@/lib/bff/next/api-route';

// The person's own token; the demo API itself decides (admin role, else its 403 comes through).
export const GET = apiRoute('reports');
