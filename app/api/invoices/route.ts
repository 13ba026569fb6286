import { apiRoute } from '@/app/api-table';

// The person's token exchanged for the billing audience (RFC 8693), to the billing service.
export const GET = apiRoute('invoices');
