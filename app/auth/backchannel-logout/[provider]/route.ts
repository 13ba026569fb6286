import type { NextRequest } from 'next/server';
import { backchannelLogout } from '@/lib/auth/next/backchannel-logout';

export async function POST(request: NextRequest, { params }: RouteContext<'/auth/backchannel-logout/[provider]'>) {
  return backchannelLogout(request, (await params).provider);
}
