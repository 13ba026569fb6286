import type { NextRequest } from 'next/server';
import { refreshAndReturn } from '@/lib/auth/next/session-routes';

export async function GET(request: NextRequest) {
  return refreshAndReturn(request);
}
