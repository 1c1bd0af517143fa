/**
 * Independent reference tools (dcm2niix, Debian's python3 with pydicom/nibabel) used to cross-check
 * our readers. `.ci/run` installs them; on a developer machine without them the cross-check tests
 * are skipped with a note, but under CI (CI=true) a missing tool is a failure.
 */
import { execFileSync } from 'node:child_process';

export const SYSTEM_PYTHON = '/usr/bin/python3';

function probe(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const cache = new Map<string, boolean>();

/** True when the tool works; throws under CI when it does not. */
export function hasTool(name: 'dcm2niix' | 'pydicom' | 'nibabel' | 'scipy' | 'skimage'): boolean {
  let ok = cache.get(name);
  if (ok === undefined) {
    ok =
      name === 'dcm2niix'
        ? probe('dcm2niix', ['-v']) || probe('dcm2niix', ['-h'])
        : probe(SYSTEM_PYTHON, ['-c', `import ${name}`]);
    cache.set(name, ok);
  }
  if (!ok && process.env.CI) throw new Error(`${name} is required in CI (installed by .ci/run)`);
  return ok;
}

/** Run Debian's python3 with a script; returns parsed JSON printed on stdout. */
export function runPythonJson<T = unknown>(script: string, args: string[] = []): T {
  const out = execFileSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  return JSON.parse(out) as T;
}
