/**
 * Runs before every page and route (Next.js proxy) except the two that stream large bodies, which
 * check for themselves: refuses requests for another Host and cross-site state-changing requests
 * with 403, paths whose percent-escapes do not decode with 400 and tRPC bodies declared over 1 MiB with
 * 413 (request-guard.ts), and adds the security headers to what it lets through. The headers
 * are also set in next.config.ts, so static files and the streaming routes carry them too.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { malformedUrl, oversizedTrpcBody, refusedRequest, SECURITY_HEADERS } from './request-guard.ts';

export function proxy(request: NextRequest): Response {
  const refused = refusedRequest(request) ?? malformedUrl(request) ?? oversizedTrpcBody(request);
  if (refused) return refused;
  const response = NextResponse.next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the upload and lesion-mask routes of a case (POST /api/cases/<uuid>/upload|lesion-mask): the
  // proxy would buffer their bodies (cut at 10 MB); they call refusedRequest first themselves. Any other
  // id (a malformed escape among them) comes through here and is refused before the route.
  matcher: ['/((?!api/cases/[0-9A-Fa-f-]{36}/upload|api/cases/[0-9A-Fa-f-]{36}/lesion-mask).*)'],
};
