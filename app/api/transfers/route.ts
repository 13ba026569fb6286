import { apiRoute } from '@/app/api-table';

// Needs a recent sign-in: the API's RFC 9470 challenge comes back as 401 step_up_required with a signIn link.
export const GET = apiRoute('transfers');
