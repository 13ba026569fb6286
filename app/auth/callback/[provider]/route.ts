import type { NextRequest } from 'next/server';
import { finishLogin } from '@/lib/auth/next/login';

export async function GET(request: NextRequest, { params }: RouteContext<'/auth/callback/[provider]'>) {
  return finishLogin(request, (await params).provider);
}
