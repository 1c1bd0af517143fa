/**
 * Test helper: run codecs-pydicom-reference.py (system Python with pydicom) and load its output.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameInfo } from '../src/codecs/index.ts';
import { SYSTEM_PYTHON } from '../../../test/support/external-tool.ts';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'codecs-pydicom-reference.py');

export interface ReferenceCaseSpec {
  id: string;
  file: string;
  frame: number;
  refFile: string;
  refFrame: number;
}

export interface ReferenceCase {
  transferSyntaxUid: string;
  info: FrameInfo;
  /** The encapsulated frame as pydicom splits it. */
  frame: Uint8Array;
  /** Reference pixel values (pixel-interleaved) from pydicom's pixel_array. */
  reference: number[];
}

/** Run pydicom once for all cases; the temporary folder is removed before returning. */
export function loadPydicomReference(cases: ReferenceCaseSpec[]): Map<string, ReferenceCase> {
  const out = mkdtempSync(join(tmpdir(), 'mewm-codecs-'));
  try {
    const spec = cases.map((c) => ({ id: c.id, file: c.file, frame: c.frame, ref_file: c.refFile, ref_frame: c.refFrame }));
    execFileSync(SYSTEM_PYTHON, ['-W', 'ignore', SCRIPT, out, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    const result = new Map<string, ReferenceCase>();
    for (const c of cases) {
      const m = manifest[c.id];
      if (!m) throw new Error(`pydicom produced no reference for ${c.id}`);
      const refBytes = readFileSync(join(out, `${c.id}.ref.bin`));
      const ref64 = new BigInt64Array(refBytes.buffer, refBytes.byteOffset, refBytes.byteLength / 8);
      result.set(c.id, {
        transferSyntaxUid: String(m.transferSyntaxUid),
        info: {
          rows: Number(m.rows),
          columns: Number(m.columns),
          bitsAllocated: Number(m.bitsAllocated),
          bitsStored: Number(m.bitsStored),
          pixelRepresentation: Number(m.pixelRepresentation) === 1 ? 1 : 0,
          samplesPerPixel: Number(m.samplesPerPixel),
          photometricInterpretation: String(m.photometricInterpretation),
        },
        frame: new Uint8Array(readFileSync(join(out, `${c.id}.frame.bin`))),
        reference: Array.from(ref64, (v) => Number(v)),
      });
    }
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Largest and mean absolute difference between two equally long sequences. */
export function absDiff(a: ArrayLike<number>, b: ArrayLike<number>): { max: number; mean: number } {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] ?? 0) - (b[i] ?? 0));
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: a.length ? sum / a.length : 0 };
}
