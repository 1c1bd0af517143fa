/**
 * HU of the tissue around and inside a lesion, measured on the patient's CT with robust statistics
 * (medians), so the expected-HU map matches this scan's contrast phase and calibration instead of
 * assuming a liver attenuation.
 */
import { appearanceValue } from './appearance-parameters.ts';

export interface LocalHu {
  /** Median HU of the parenchyma shell around the lesion (or the fallback). */
  parenchymaHu: number;
  /** Shell voxels that entered the median (0 when the fallback was used). */
  parenchymaVoxels: number;
  /** Median HU of the lesion's outer part (the baseline viable tumour). */
  viableHu: number;
}

export interface LocalHuInput {
  /** CT HU in the working box. */
  hu: ArrayLike<number>;
  /** 1 = this lesion, in the working box. */
  lesion: Uint8Array;
  /** 1 = any lesion (this or another), in the working box. */
  anyLesion: Uint8Array;
  /** 1 = liver, in the working box; absent = no liver mask. */
  liver?: Uint8Array;
  /** Squared mm distance of each voxel to the lesion (0 inside). */
  outsideSqMm: Float64Array;
  /** Squared mm distance of each lesion voxel to the nearest non-lesion voxel (0 outside). */
  insideSqMm: Float64Array;
}

/** Parenchyma HU from a shell 3–15 mm around the lesion, viable HU from the lesion's outer 5 mm. */
export function estimateLocalHu(input: LocalHuInput): LocalHu {
  const inner = appearanceValue('appearance.parenchyma.shellInnerMm') ** 2;
  const outer = appearanceValue('appearance.parenchyma.shellOuterMm') ** 2;
  const lo = appearanceValue('appearance.parenchyma.minHu');
  const hi = appearanceValue('appearance.parenchyma.maxHu');
  const shell: number[] = [];
  const rim: number[] = [];
  const rimSq = appearanceValue('appearance.viable.measureShellMm') ** 2;
  const n = input.lesion.length;
  for (let v = 0; v < n; v++) {
    const h = input.hu[v]!;
    if (input.lesion[v]) {
      if (input.insideSqMm[v]! <= rimSq) rim.push(h);
      continue;
    }
    if (input.anyLesion[v]) continue;
    const d = input.outsideSqMm[v]!;
    if (d < inner || d > outer) continue;
    if (input.liver && !input.liver[v]) continue;
    if (h < lo || h > hi) continue;
    shell.push(h);
  }
  const minVoxels = appearanceValue('appearance.parenchyma.minVoxels');
  const measured = shell.length >= minVoxels;
  return {
    parenchymaHu: measured ? median(shell) : appearanceValue('appearance.parenchyma.fallbackHu'),
    parenchymaVoxels: measured ? shell.length : 0,
    viableHu: median(rim),
  };
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
