/**
 * Runs before every page and route (Next.js proxy) except the two that stream large bodies, which
 * check for themselves: refuses requests for another Host and cross-site state-changing requests
 * with 403 (request-guard.ts), and adds the security headers to what it lets through. The headers
 * are also set in next.config.ts, so static files and the streaming routes carry them too.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { refusedRequest, SECURITY_HEADERS } from './request-guard.ts';

export function proxy(request: NextRequest): Response {
  const refused = refusedRequest(request);
  if (refused) return refused;
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the upload and lesion-mask routes (POST /api/cases/<id>/upload|lesion-mask): the proxy would
  // buffer their bodies (cut at 10 MB); they call refusedRequest first themselves.
  matcher: ['/((?!api/cases/[^/]+/upload|api/cases/[^/]+/lesion-mask).*)'],
};
