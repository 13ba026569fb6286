import type { NextRequest } from 'next/server';
import { startLogin } from '@/lib/auth/next/login';

export async function GET(request: NextRequest, { params }: RouteContext<'/auth/login/[provider]'>) {
  return startLogin(request, (await params).provider);
}
