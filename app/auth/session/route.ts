import type { NextRequest } from 'next/server';
import { sessionInfo } from '@/lib/auth/next/session-routes';

export async function GET(request: NextRequest) {
  return sessionInfo(request);
}
