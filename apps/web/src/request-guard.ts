/**
 * Which requests the server answers at all (run by src/proxy.ts before every route):
 *
 * - `Host` must name this server: loopback names (127.0.0.1, localhost, [::1]), the HOST it listens
 *   on (unless a wildcard), and the names in MEWM_ALLOWED_HOSTS (comma-separated, e.g. a reverse
 *   proxy's name). Any other Host gets 403: a web page on another site that rebinds its DNS name to
 *   this machine's address cannot read the cases through the visitor's browser.
 * - A state-changing request (any method but GET, HEAD, OPTIONS) from a browser must come from this
 *   origin: `Sec-Fetch-Site` other than same-origin or none, or an `Origin` whose host is not the
 *   request's Host, gets 403, whatever the content type (forms and `text/plain` uploads included).
 *   Requests without either header (curl, the CLI, scripts on this machine) are not browser
 *   cross-site requests and pass.
 * Ports are compared as given: `Host: 127.0.0.1:3000` and `Origin: http://127.0.0.1:3000` match.
 *
 * The two routes that stream large bodies (uploads, lesion masks) run the same check themselves
 * (`refusedRequest`): Next's proxy would buffer their bodies, and cuts them at 10 MB.
 */

/** Host names every server answers to (loopback). */
export const LOOPBACK_HOST_NAMES: readonly string[] = ['127.0.0.1', 'localhost', '[::1]', '::1'];

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface GuardInput {
  readonly method: string;
  readonly host: string | null;
  readonly origin: string | null;
  readonly secFetchSite: string | null;
}

export interface GuardRefusal {
  readonly status: 400 | 403;
  /** What was refused, without echoing the header or path values. */
  readonly reason: 'host-not-allowed' | 'cross-site-request' | 'malformed-url';
}

/** Whether every percent-escape of a URL path decodes (a bad one, e.g. '%E0%A4%A', is a 400, not a server error). */
export function pathDecodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The host name of a Host header value ("127.0.0.1:3000" → "127.0.0.1", "[::1]:3000" → "[::1]"), lower case. */
export function hostName(host: string): string {
  const h = host.trim().toLowerCase();
  if (h.startsWith('[')) {
    const end = h.indexOf(']');
    return end < 0 ? h : h.slice(0, end + 1);
  }
  const colon = h.indexOf(':');
  return colon < 0 ? h : h.slice(0, colon);
}

/** Allowed host names: loopback, the listening HOST (unless a wildcard) and MEWM_ALLOWED_HOSTS. */
export function allowedHostNames(env: { HOST?: string; MEWM_ALLOWED_HOSTS?: string }): ReadonlySet<string> {
  const names = new Set(LOOPBACK_HOST_NAMES);
  const listen = env.HOST?.trim().toLowerCase();
  if (listen && !WILDCARDS.has(listen)) names.add(listen.includes(':') && !listen.startsWith('[') ? `[${listen}]` : listen);
  for (const extra of (env.MEWM_ALLOWED_HOSTS ?? '').split(',')) {
    const name = extra.trim();
    if (name) names.add(hostName(name));
  }
  return names;
}

/** null when the request may go on; else the refusal (403). */
export function guardRequest(req: GuardInput, allowed: ReadonlySet<string>): GuardRefusal | null {
  if (!req.host || !allowed.has(hostName(req.host))) return { status: 403, reason: 'host-not-allowed' };
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const site = req.secFetchSite?.toLowerCase();
  if (site && site !== 'same-origin' && site !== 'none') return { status: 403, reason: 'cross-site-request' };
  if (req.origin) {
    let originHost: string;
    try {
      originHost = new URL(req.origin).host.toLowerCase();
    } catch {
      return { status: 403, reason: 'cross-site-request' }; // "null" (sandboxed frames, file://) or garbage
    }
    if (originHost !== req.host.trim().toLowerCase()) return { status: 403, reason: 'cross-site-request' };
  }
  return null;
}

/**
 * Response headers on every page and route: no framing by other sites (CSP frame-ancestors and the
 * older X-Frame-Options), no plugins, no base-URL rewriting, no MIME sniffing, no referrer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

let allowedFromEnv: ReadonlySet<string> | null = null;

/**
 * The 403 answer for a request the guard refuses (JSON `{ error: { code: 'FORBIDDEN', message } }`
 * with the security headers), or null when it may go on. Allowed hosts come from the environment
 * (HOST, MEWM_ALLOWED_HOSTS), read once.
 */
export function refusedRequest(request: Request): Response | null {
  allowedFromEnv ??= allowedHostNames({ HOST: process.env.HOST, MEWM_ALLOWED_HOSTS: process.env.MEWM_ALLOWED_HOSTS });
  const refusal = guardRequest({
    method: request.method,
    host: request.headers.get('host'),
    origin: request.headers.get('origin'),
    secFetchSite: request.headers.get('sec-fetch-site'),
  }, allowedFromEnv);
  if (!refusal) return null;
  const message = refusal.reason === 'host-not-allowed' ? 'this server does not answer for that Host' : 'cross-site requests may not change data';
  return Response.json({ error: { code: 'FORBIDDEN', message } }, { status: refusal.status, headers: SECURITY_HEADERS });
}

/** The 400 answer for a path with a percent-escape that does not decode, or null. */
export function malformedUrl(request: Request): Response | null {
  if (pathDecodes(new URL(request.url).pathname)) return null;
  return Response.json({ error: { code: 'BAD_REQUEST', message: 'the URL has a percent-escape that does not decode' } }, { status: 400, headers: SECURITY_HEADERS });
}

/** The largest tRPC request body (JSON of forms and ids; files go through the streaming upload routes). */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;

/** The 413 answer for a body over `limit` bytes. */
export function bodyTooLarge(limit: number): Response {
  return Response.json(
    { error: { code: 'PAYLOAD_TOO_LARGE', message: `the request body is over the limit of ${limit} bytes` } },
    { status: 413, headers: SECURITY_HEADERS },
  );
}

/**
 * The 413 answer for a tRPC request that declares (Content-Length) a body over TRPC_MAX_BODY_BYTES, or
 * null: refused before the body is read. A body without a declared length is counted by the tRPC route.
 */
export function oversizedTrpcBody(request: Request): Response | null {
  if (!new URL(request.url).pathname.startsWith('/api/trpc/')) return null;
  const declared = Number(request.headers.get('content-length') ?? '0');
  return Number.isFinite(declared) && declared > TRPC_MAX_BODY_BYTES ? bodyTooLarge(TRPC_MAX_BODY_BYTES) : null;
}
