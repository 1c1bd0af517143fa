/**
 * Reference tools and services that tests use as independent checks (Debian's python3 with pydicom,
 * nibabel, scipy, skimage or onnx; dcm2niix; poppler-utils; chromium; R). `.ci/run` installs them.
 *
 * A test file asks `requireTool(...)` (or `hasTool('pydicom')`) at collection time, at the top of the
 * file or inside a `describe`, and gates only the tests that need the tool with `it.skipIf(!have)` /
 * `describe.skipIf(!have)`. When the tool is missing:
 *  - on a developer machine the dependent tests are skipped, and the file gets one skipped test titled
 *    `needs <tool> (Debian package <package>)` and one console line saying the same;
 *  - under CI (`CI` set, and not `false` or `0`) that test fails instead, naming the package.
 * The checks are cheap (a PATH search, one `python3 -c "import x"` per module) and cached.
 *
 * The same rule serves a service a suite needs (a database, a PACS): pass a `check` that says whether
 * it is reachable and, as `debian`, the package that provides it.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { it } from 'vitest';

/** Debian's python3 (the one with python3-pydicom and friends); `MEWM_PYTHON` overrides it. */
export const SYSTEM_PYTHON = process.env.MEWM_PYTHON ?? '/usr/bin/python3';

export interface ToolRequirement {
  /** What the tests use: an executable (`dcm2niix`), a Python module (`pydicom`), a service. */
  name: string;
  /** The Debian package that provides it: what `.ci/run` installs and a developer would install. */
  debian: string;
  /** True when the tool works; called at most once per name and test file. */
  check: () => boolean;
}

/** True under CI (`CI=true`, `CI=1`, ...), where a missing tool fails the suite instead of skipping. */
export function inCi(): boolean {
  const ci = (process.env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== 'false' && ci !== '0';
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when `command` is an executable file in a folder of PATH (no shell, no process started). */
export function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && isExecutableFile(join(dir, command)));
}

function runs(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

/** True when Debian's python3 (SYSTEM_PYTHON) imports `module`. */
export function pythonModule(module: string): boolean {
  return isExecutableFile(SYSTEM_PYTHON) && runs(SYSTEM_PYTHON, ['-c', `import ${module}`]);
}

/** True when Rscript on PATH loads the R package `pkg`. */
export function rPackage(pkg: string): boolean {
  return onPath('Rscript') && runs('Rscript', ['-e', `library(${pkg})`]);
}

/** The reference tools the tests use, by the name they are asked for. */
export const TOOLS = {
  python3: { name: 'python3', debian: 'python3', check: () => isExecutableFile(SYSTEM_PYTHON) },
  pydicom: { name: 'pydicom', debian: 'python3-pydicom', check: () => pythonModule('pydicom') },
  /** pydicom's pixel_array needs it (python3-pydicom only recommends it). */
  numpy: { name: 'numpy', debian: 'python3-numpy', check: () => pythonModule('numpy') },
  nibabel: { name: 'nibabel', debian: 'python3-nibabel', check: () => pythonModule('nibabel') },
  scipy: { name: 'scipy', debian: 'python3-scipy', check: () => pythonModule('scipy.ndimage') },
  skimage: { name: 'skimage', debian: 'python3-skimage', check: () => pythonModule('skimage.feature') },
  onnx: { name: 'onnx.checker', debian: 'python3-onnx', check: () => pythonModule('onnx.checker') },
  dcm2niix: { name: 'dcm2niix', debian: 'dcm2niix', check: () => onPath('dcm2niix') },
  pdftotext: { name: 'pdftotext', debian: 'poppler-utils', check: () => onPath('pdftotext') },
  rSurvival: { name: 'R survival', debian: 'r-cran-survival', check: () => rPackage('survival') },
  dciodvfy: { name: 'dciodvfy', debian: 'dicom3tools', check: () => onPath('dciodvfy') },
  dsrdump: { name: 'dsrdump', debian: 'dcmtk', check: () => onPath('dsrdump') },
} as const satisfies Record<string, ToolRequirement>;

export type ToolName = keyof typeof TOOLS;

const available = new Map<string, boolean>();
const reported = new Set<string>();

/** `needs pydicom (Debian package python3-pydicom)`: the title of the note or failure a missing tool leaves. */
export function needsTitle(req: Pick<ToolRequirement, 'name' | 'debian'>): string {
  return `needs ${req.name} (Debian package ${req.debian})`;
}

/** Leave one skipped test (locally) or one failing test (CI) naming the package, once per tool and file. */
function reportMissing(req: ToolRequirement): void {
  if (reported.has(req.name)) return;
  reported.add(req.name);
  const title = needsTitle(req);
  const ci = inCi();
  const failure = `${req.name} is missing: install the Debian package ${req.debian} (.ci/run installs it); under CI a missing reference tool is a failure`;
  try {
    if (ci) {
      it(title, () => {
        throw new Error(failure);
      });
    } else {
      it.skip(title, () => undefined);
    }
  } catch (e) {
    // Called outside collection (inside a running test or hook): no test can be added there.
    if (ci) throw new Error(failure, { cause: e });
  }
  if (!ci) console.warn(`[tests] skipped: ${title}; the tests that use it are skipped here and fail under CI`);
}

/**
 * True when the tool is available. When it is not: false, and a skipped test (locally) or a failing
 * test (CI) named `needs <tool> (Debian package <package>)` in the suite being collected.
 */
export function requireTool(req: ToolRequirement): boolean {
  let ok = available.get(req.name);
  if (ok === undefined) {
    ok = req.check();
    available.set(req.name, ok);
  }
  if (!ok) reportMissing(req);
  return ok;
}

/** requireTool for the reference tools in TOOLS; with several names, true when all are available (each missing one is reported). */
export function hasTool(...names: [ToolName, ...ToolName[]]): boolean {
  return names.map((n) => requireTool(TOOLS[n])).every(Boolean);
}

/** Run Debian's python3 with a script; returns parsed JSON printed on stdout. */
export function runPythonJson<T = unknown>(script: string, args: string[] = []): T {
  const out = execFileSync(SYSTEM_PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  return JSON.parse(out) as T;
}
