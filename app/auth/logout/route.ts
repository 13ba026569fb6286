import type { NextRequest } from 'next/server';
import { logout } from '@/lib/auth/next/logout';

export async function POST(request: NextRequest) {
  return logout(request);
}
