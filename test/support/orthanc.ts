/**
 * Debian's Orthanc (`orthanc` package, 1.10) for tests: started with its own configuration file in a
 * temporary folder, its DICOM port off, no plugins unless asked (the PACS tests add orthanc-dicomweb),
 * and gone with `stop()`. Orthanc 1.10 has no bind-address option: its HTTP server listens on every
 * interface, with RemoteAccessAllowed false, so it answers loopback clients only (every other client
 * gets 403; `test/deid-orthanc.test.ts` checks this from the machine's own non-loopback address).
 * Nothing is started outside the test: the packaged service stays off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.ts';

export const ORTHANC_BINARY = process.env.MEWM_ORTHANC ?? '/usr/sbin/Orthanc';

export function orthancAvailable(): boolean {
  try {
    accessSync(ORTHANC_BINARY, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface RunningOrthanc {
  url: string;
  port: number;
  /** POST a DICOM file; Orthanc's instance id. */
  store: (bytes: Uint8Array) => Promise<string>;
  /** The instance anonymized by Orthanc's Basic Profile (`/instances/{id}/anonymize`), as a DICOM file. */
  anonymize: (instanceId: string, body: Record<string, unknown>) => Promise<Uint8Array>;
  log: () => string;
  stop: () => Promise<void>;
}

/** Debian's orthanc-dicomweb plugin (DICOMweb at <url>/dicom-web). */
export const ORTHANC_DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/**
 * @param opts.user HTTP Basic credentials Orthanc requires (AuthenticationEnabled); the harness's own
 *   requests send them.
 */
export async function startOrthanc(opts: { plugins?: string[]; timeoutMs?: number; user?: { name: string; password: string } } = {}): Promise<RunningOrthanc> {
  const dir = mkdtempSync(join(tmpdir(), 'mewm-orthanc-'));
  const port = await freePort();
  const config = {
    Name: 'mewm-test',
    StorageDirectory: join(dir, 'db'),
    IndexDirectory: join(dir, 'db'),
    HttpPort: port,
    DicomServerEnabled: false,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: opts.user !== undefined,
    ...(opts.user === undefined ? {} : { RegisteredUsers: { [opts.user.name]: opts.user.password } }),
    Plugins: opts.plugins ?? [],
    HttpDescribeErrors: true,
    DeidentifyLogs: true,
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  let output = '';
  const child: ChildProcess = spawn(ORTHANC_BINARY, [configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (b: Buffer) => {
    output = (output + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const auth: Record<string, string> = opts.user === undefined ? {} : { authorization: `Basic ${Buffer.from(`${opts.user.name}:${opts.user.password}`).toString('base64')}` };
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((res) => child.once('exit', res));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000))]);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`Orthanc did not start (exit ${child.exitCode}); its output ends:\n${output.slice(-3000)}`);
    }
    const ok = await fetch(`${url}/system`, { headers: auth }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  return {
    url,
    port,
    store: async (bytes) => {
      const res = await fetch(`${url}/instances`, { method: 'POST', headers: auth, body: bytes as Uint8Array<ArrayBuffer> });
      if (!res.ok) throw new Error(`Orthanc refused an instance: HTTP ${res.status}`);
      return ((await res.json()) as { ID: string }).ID;
    },
    anonymize: async (instanceId, body) => {
      const res = await fetch(`${url}/instances/${instanceId}/anonymize`, { method: 'POST', headers: auth, body: JSON.stringify(body) });
      if (!res.ok) throw new Error(`Orthanc could not anonymize: HTTP ${res.status} ${await res.text()}`);
      return new Uint8Array(await res.arrayBuffer());
    },
    log: () => output.slice(-4000),
    stop,
  };
}

/** The HTTP Basic user the PACS tests' Orthanc requires, and the environment that gives it to `mewm`. */
export const PACS_TEST_USER = { name: 'mewm', password: 'loopback-only-test-secret' };
export const PACS_TEST_CREDENTIALS = { MEWM_DICOMWEB_USER: PACS_TEST_USER.name, MEWM_DICOMWEB_PASSWORD: PACS_TEST_USER.password };

/**
 * A research PACS for a test: Orthanc with its DICOMweb plugin on loopback, requiring PACS_TEST_USER,
 * holding the given DICOM files (stored as they are); `web` is its DICOMweb root.
 */
export async function startPacsHolding(paths: readonly string[]): Promise<RunningOrthanc & { web: string }> {
  const orthanc = await startOrthanc({ plugins: [ORTHANC_DICOMWEB_PLUGIN], user: PACS_TEST_USER });
  try {
    for (const p of paths) await orthanc.store(new Uint8Array(readFileSync(p)));
  } catch (e) {
    await orthanc.stop();
    throw e;
  }
  return { ...orthanc, web: `${orthanc.url}/dicom-web` };
}
