/** A tRPC call over HTTP against the test server (GET for queries, POST for mutations); a failure names the procedure and status. */
export type TrpcCall = <T>(procedure: string, input: unknown, method?: 'GET' | 'POST') => Promise<T>;

/** `baseUrl` is read at each call: the server starts in beforeAll. */
export function trpcAt(baseUrl: () => string): TrpcCall {
  return async <T>(procedure: string, input: unknown, method: 'GET' | 'POST' = 'POST'): Promise<T> => {
    const url = method === 'GET' ? `${baseUrl()}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}` : `${baseUrl()}/api/trpc/${procedure}`;
    const r = await fetch(url, method === 'GET' ? {} : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) });
    const body = (await r.json()) as { result?: { data: T }; error?: unknown };
    if (!r.ok || body.result === undefined) throw new Error(`${procedure}: HTTP ${r.status} ${JSON.stringify(body.error).slice(0, 300)}`);
    return body.result.data;
  };
}
