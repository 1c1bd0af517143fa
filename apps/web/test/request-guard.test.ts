/**
 * The request guard's rules (src/request-guard.ts), case by case; the same rules against
 * the real server on loopback are in e2e/request-guard-server.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { allowedHostNames, guardRequest, hostName, pathDecodes } from '../src/request-guard.ts';

const allowed = allowedHostNames({ HOST: '127.0.0.1', MEWM_ALLOWED_HOSTS: 'mewm.radiology.example, proxy.example:8443' });
const req = (over: Partial<Parameters<typeof guardRequest>[0]>) => guardRequest({ method: 'GET', host: '127.0.0.1:3000', origin: null, secFetchSite: null, ...over }, allowed);

describe('request guard', () => {
  it('reads host names with and without ports, IPv6 in brackets', () => {
    expect(hostName('127.0.0.1:3000')).toBe('127.0.0.1');
    expect(hostName('[::1]:3000')).toBe('[::1]');
    expect(hostName('LocalHost')).toBe('localhost');
  });

  it('answers loopback names, the listening HOST and MEWM_ALLOWED_HOSTS; any other Host is 403', () => {
    for (const host of ['127.0.0.1:3000', 'localhost:3000', '[::1]:3000', 'mewm.radiology.example', 'proxy.example:8443']) expect(req({ host }), host).toBeNull();
    for (const host of ['evil.example:3000', 'rebind.attacker.test', '192.168.1.5:3000', '']) expect(req({ host }), host).toEqual({ status: 403, reason: 'host-not-allowed' });
    expect(req({ host: null })).toEqual({ status: 403, reason: 'host-not-allowed' });
    // A wildcard HOST is not a name anyone uses: it adds nothing.
    expect(allowedHostNames({ HOST: '0.0.0.0' }).has('0.0.0.0')).toBe(false);
  });

  it('lets state-changing requests through from this origin or from non-browser clients only', () => {
    expect(req({ method: 'POST', origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin' })).toBeNull();
    expect(req({ method: 'POST' })).toBeNull(); // curl, scripts: no Origin, no Sec-Fetch-Site
    expect(req({ method: 'POST', secFetchSite: 'none' })).toBeNull(); // typed into the address bar
    for (const over of [
      { origin: 'http://evil.example' },
      { origin: 'http://127.0.0.1:4000' }, // another port is another origin
      { origin: 'null' },
      { secFetchSite: 'cross-site' },
      { secFetchSite: 'same-site' },
      { origin: 'http://127.0.0.1:3000', secFetchSite: 'cross-site' },
    ]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(req({ method, ...over }), `${method} ${JSON.stringify(over)}`).toEqual({ status: 403, reason: 'cross-site-request' });
    }
    // Reads are not refused for their origin (the Host check covers them).
    expect(req({ method: 'GET', origin: 'http://evil.example', secFetchSite: 'cross-site' })).toBeNull();
  });

  it('tells paths whose percent-escapes decode from those that do not', () => {
    for (const ok of ['/cases/0f0e', '/api/trpc/cases.list', '/cases/a%20b', '/%E2%82%AC']) expect(pathDecodes(ok), ok).toBe(true);
    for (const bad of ['/cases/%E0%A4%A', '/%ZZ', '/%C0', '/x%']) expect(pathDecodes(bad), bad).toBe(false);
  });
});
