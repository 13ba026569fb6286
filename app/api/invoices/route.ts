import { apiRoute } from '@/lib/bff/api-route';

export const GET = apiRoute('invoices');
