/**
 * Shared helpers for the dicom-* tests: read a real series, and ask independent tools
 * (pydicom, dcm2niix + nibabel) for reference values at test time.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDicom, type DicomInstance } from '../src/dicom/index.ts';
import type { Vec3 } from '../src/geometry.ts';
import { sharedData } from '../../../test/support/shared-data.ts';
import { SYSTEM_PYTHON } from '../../../test/support/external-tool.ts';

export const SERIES = {
  hcc048: () => sharedData('hcc-tace-seg-hcc048', 'dicom'),
  crlm1004: () => sharedData('crlm-ct', 'CRLM-CT-1004'),
  crlm1006: () => sharedData('crlm-ct', 'CRLM-CT-1006'),
  jpeg2000: () => sharedData('totalsegmentator-example', 'example_ct_dicom_jpeg2000'),
  ct3slice: () => sharedData('dcmqi-ct3slice', 'segmentations', 'ct-3slice'),
};

export function seriesFiles(dir: string): string[] {
  return readdirSync(dir).sort().map((f) => join(dir, f));
}

export function readInstances(dir: string): DicomInstance[] {
  return seriesFiles(dir).map((p) => parseDicom(readFileSync(p), p.slice(dir.length + 1)));
}

/** Run a Python snippet with Debian's python3 (SYSTEM_PYTHON); `input` is passed as JSON on stdin, stdout parsed as JSON. */
export function python<T>(code: string, input: unknown): T {
  const out = execFileSync(SYSTEM_PYTHON, ['-c', code], { input: JSON.stringify(input), maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out.toString('utf8')) as T;
}

/** Deterministic pseudo-random integers in [0, n) (LCG), for sampling voxels. */
export function samplesOf(count: number, seed: number, n: number): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(s % n);
  }
  return out;
}

export interface NiftiSample {
  affine: number[][];
  shape: number[];
  values: number[];
  /** Largest distance of a point's continuous voxel index from the nearest integer. */
  maxIndexOffset: number;
}

/**
 * Convert a DICOM folder with dcm2niix, read the NIfTI with nibabel (scaling applied) and
 * return its values at RAS+ world points (nearest voxel).
 */
export function dcm2niixValuesAt(dir: string, pointsRas: Vec3[]): NiftiSample {
  const tmp = mkdtempSync(join(tmpdir(), 'mewm-dcm2niix-'));
  try {
    execFileSync('dcm2niix', ['-z', 'n', '-f', 'out', '-o', tmp, dir], { stdio: 'ignore' });
    return python<NiftiSample>(
      `
import json, sys, numpy as np, nibabel as nib
req = json.load(sys.stdin)
img = nib.load(req['path'])
data = np.asarray(img.get_fdata(dtype=np.float64))
inv = np.linalg.inv(img.affine)
pts = np.array(req['points'], dtype=np.float64)
ijk = (inv[:3, :3] @ pts.T).T + inv[:3, 3]
r = np.rint(ijk).astype(int)
vals = [float(data[a, b, c]) for a, b, c in r]
print(json.dumps({'affine': img.affine.tolist(), 'shape': list(img.shape), 'values': vals,
                  'maxIndexOffset': float(np.abs(ijk - r).max())}))
`,
      { path: join(tmp, 'out.nii'), points: pointsRas },
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
