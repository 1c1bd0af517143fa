/**
 * Independent DICOM validators for the objects we write: dicom3tools' `dciodvfy` (IOD, modules,
 * attribute types and VRs) and dcmtk's `dsrdump` (reads a structured report's content tree and reports
 * what it cannot accept). Both are Debian packages `.ci/run` installs (see external-tool.ts).
 */
import { spawnSync } from 'node:child_process';

/**
 * dciodvfy findings that are gaps in the validator, not in the object. Debian 12's dicom3tools
 * (snapshot 2022-06-18) predates Synthetic Data (0008,001C, CS, added to the General Image module by
 * CP 2079; PS3.6 2024b lists it), so it calls the attribute unknown.
 */
const DCIODVFY_KNOWN_GAPS = [/^Error - Attribute with an even group number is not a recognized standard attribute - \(0x0008,0x001c\)/];

export interface DciodvfyResult {
  /** The IOD dciodvfy recognised (first line naming it, e.g. CTImage, Segmentation). */
  iod: string | undefined;
  errors: string[];
  warnings: string[];
}

export function dciodvfy(path: string): DciodvfyResult {
  const run = spawnSync('dciodvfy', [path], { encoding: 'utf8', timeout: 60_000 });
  const lines = `${run.stdout ?? ''}\n${run.stderr ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return {
    iod: lines.find((l) => /^[A-Za-z0-9]+$/.test(l)),
    errors: lines.filter((l) => l.startsWith('Error') && !DCIODVFY_KNOWN_GAPS.some((re) => re.test(l))),
    warnings: lines.filter((l) => l.startsWith('Warning')),
  };
}

/** dsrdump's reading of an SR: exit status, the content tree as text, and whatever it printed to stderr. */
export function dsrdump(path: string): { status: number | null; tree: string; stderr: string } {
  const run = spawnSync('dsrdump', ['+Pl', path], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, tree: run.stdout ?? '', stderr: (run.stderr ?? '').trim() };
}
