/**
 * Requests from other sites, against the real production server on loopback (issue 20, item 1): a
 * foreign Host is refused (DNS rebinding), cross-site state-changing requests are refused whatever
 * their content type (a text/plain tRPC mutation, a multipart upload), same-origin ones and clients
 * without browser headers pass, every response carries the CSP with frame-ancestors 'none', and
 * `npm run start` refuses a non-loopback HOST. A path whose percent-escapes do not decode is a 400
 * (issue 20, item 5), not a server error.
 */
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../../../test/support/shared-data.ts';
import { startServer, type RunningServer } from './support/server.ts';

/** A case id of the right form (the streaming routes of a real case id are not behind the proxy). */
const SOME_CASE = '00000000-0000-4000-8000-000000000000';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

/** One HTTP request with exactly the headers given (fetch cannot set Host). */
function send(url: string, method: string, headers: Record<string, string>, body?: string | Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

describe('requests from other sites (real server on loopback)', () => {
  let server: RunningServer;
  let host = '';
  let origin = '';
  beforeAll(async () => {
    server = await startServer({ timeoutMs: 600_000 });
    origin = server.url;
    host = new URL(server.url).host;
  }, 900_000);
  afterAll(async () => { await server?.stop(); });

  const trpc = (path: string) => `${origin}/api/trpc/${path}`;
  /** cases.create as a simple (no-preflight) text/plain request, as another site's page can send it, or as JSON. */
  const createCase = (headers: Record<string, string>, contentType = 'text/plain') =>
    send(trpc('cases.create'), 'POST', { 'content-type': contentType, ...headers }, JSON.stringify({ disease: null }));

  it('serves its own Host with the security headers; a foreign Host gets 403 on pages and the API', async () => {
    const page = await send(`${origin}/`, 'GET', { host });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect((await send(`${origin}/`, 'GET', { host: `localhost:${new URL(origin).port}` })).status).toBe(200);
    for (const path of ['/', '/api/trpc/cases.list']) {
      const r = await send(`${origin}${path}`, 'GET', { host: `rebind.attacker.test:${new URL(origin).port}` });
      expect(r.status, path).toBe(403);
      expect(r.body).not.toContain('caseId');
    }
  }, 120_000);

  it('refuses cross-site state-changing requests whatever their content type; same-origin and header-less clients pass', async () => {
    const before = JSON.parse((await send(trpc('cases.list'), 'GET', { host })).body) as { result: { data: unknown[] } };
    const foreign = await createCase({ host, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await createCase({ host, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await createCase({ host, origin: 'null' })).status).toBe(403);
    // A multipart upload to a case from another site: refused before the route reads it.
    const boundary = 'x-boundary';
    const upload = await send(`${origin}/api/cases/c000000000000000000000000/upload`, 'POST',
      { host, origin: 'http://evil.example', 'content-type': `multipart/form-data; boundary=${boundary}` },
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.nii"\r\n\r\nxx\r\n--${boundary}--\r\n`);
    expect(upload.status).toBe(403);
    // The streaming routes check for themselves (they are not behind the proxy): foreign Host, cross-site mask.
    const foreignHost = await send(`${origin}/api/cases/${SOME_CASE}/upload`, 'POST', { host: 'rebind.attacker.test', 'content-type': 'application/octet-stream' }, 'xx');
    expect(foreignHost.status).toBe(403);
    expect(foreignHost.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const mask = await send(`${origin}/api/cases/${SOME_CASE}/lesion-mask`, 'POST', { host, 'sec-fetch-site': 'cross-site', 'content-type': 'application/octet-stream' }, 'xx');
    expect(mask.status).toBe(403);
    const after = JSON.parse((await send(trpc('cases.list'), 'GET', { host })).body) as { result: { data: unknown[] } };
    expect(after.result.data).toHaveLength(before.result.data.length); // nothing was created
    const same = await createCase({ host, origin, 'sec-fetch-site': 'same-origin' }, 'application/json');
    expect(same.status, same.body).toBe(200);
    expect((await createCase({ host }, 'application/json')).status).toBe(200); // curl-like: no Origin, no Sec-Fetch-Site
    const listed = JSON.parse((await send(trpc('cases.list'), 'GET', { host })).body) as { result: { data: unknown[] } };
    expect(listed.result.data).toHaveLength(before.result.data.length + 2);
  }, 120_000);
});

describe('malformed URLs (real server on loopback)', () => {
  let server: RunningServer;
  beforeAll(async () => { server = await startServer({ timeoutMs: 600_000 }); }, 900_000);
  afterAll(async () => { await server?.stop(); });

  it('a percent-escape that does not decode is a 400 with a JSON error, on pages, the API and the upload route', async () => {
    const host = new URL(server.url).host;
    for (const [method, path] of [['GET', '/cases/%E0%A4%A'], ['GET', '/api/trpc/cases.list%ZZ'], ['POST', '/api/cases/%E0%A4%A/upload'], ['POST', '/api/cases/%C0/lesion-mask']] as const) {
      const r = await send(`${server.url}${path}`, method, { host, 'content-type': 'application/octet-stream' }, method === 'POST' ? 'xx' : undefined);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(JSON.parse(r.body), `${method} ${path}`).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    }
    expect(server.log()).not.toMatch(/URIError/);
  }, 120_000);
});

describe('npm run start with a non-loopback HOST', () => {
  it('refuses to start (exit 2), saying why, before building anything', () => {
    const r = spawnSync(process.execPath, [join(repoRoot, 'apps', 'web', 'scripts', 'start.mjs')], {
      env: { ...process.env, HOST: '0.0.0.0', PORT: '3999' }, encoding: 'utf8', timeout: 60_000,
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/HOST=0\.0\.0\.0 is not a loopback address.*no accounts/);
  });
});
