/**
 * The liver parenchyma's HU, estimated from the data: the mode of a histogram of smoothed,
 * locally homogeneous soft-tissue voxels in the patient's right upper abdomen, and the width of
 * that peak. No HU is assumed beyond a plausible range, so unenhanced, portal-venous and arterial
 * scans all work, as long as the liver is the largest homogeneous organ on the patient's right.
 */
import type { Vec3 } from '../geometry.ts';

export interface ParenchymaPeak {
  /** The histogram mode (1 HU bins smoothed over ±3 HU), HU. */
  modeHu: number;
  /** Robust standard deviation of the peak (half width at half maximum / 1.1774), HU. */
  sigmaHu: number;
  /** Voxels that entered the histogram. */
  sampleCount: number;
}

/**
 * @param values smoothed work-grid HU
 * @param region voxels allowed to vote (non-zero = yes)
 * @param hiRange [low, high] HU the mode is sought in
 * @param maxGradientHuPerMm voxels on edges steeper than this are left out (organ borders, vessels)
 */
export function parenchymaPeak(
  values: Float32Array, region: Uint8Array, dims: Vec3, spacingMm: Vec3, huRange: [number, number], maxGradientHuPerMm: number,
): ParenchymaPeak {
  const lo = Math.floor(huRange[0]), hi = Math.ceil(huRange[1]);
  const bins = new Float64Array(hi - lo + 1);
  const [nx, ny, nz] = dims;
  const [sx, sy, sz] = spacingMm;
  const g2max = maxGradientHuPerMm * maxGradientHuPerMm;
  let n = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 1; j < ny - 1; j++) {
      for (let i = 1; i < nx - 1; i++) {
        const v = i + nx * (j + ny * k);
        if (region[v] === 0) continue;
        const x = values[v]!;
        if (x < lo || x > hi) continue;
        const gx = (values[v + 1]! - values[v - 1]!) / (2 * sx);
        const gy = (values[v + nx]! - values[v - nx]!) / (2 * sy);
        const gz = k > 0 && k < nz - 1 ? (values[v + nx * ny]! - values[v - nx * ny]!) / (2 * sz) : 0;
        if (gx * gx + gy * gy + gz * gz > g2max) continue;
        bins[Math.round(x) - lo]! += 1;
        n++;
      }
    }
  }
  // Smooth the histogram (box of ±3 HU) so that the mode is not a noise spike.
  const sm = new Float64Array(bins.length);
  for (let b = 0; b < bins.length; b++) {
    let s = 0;
    for (let d = -3; d <= 3; d++) s += bins[Math.min(bins.length - 1, Math.max(0, b + d))]!;
    sm[b] = s / 7;
  }
  let best = 0;
  for (let b = 1; b < sm.length; b++) if (sm[b]! > sm[best]!) best = b;
  const half = sm[best]! / 2;
  let left = best, right = best;
  while (left > 0 && sm[left]! > half) left--;
  while (right < sm.length - 1 && sm[right]! > half) right++;
  // The narrower side: the other may carry a neighbouring organ's shoulder.
  const hwhm = Math.max(1, Math.min(best - left, right - best));
  return { modeHu: lo + best, sigmaHu: hwhm / 1.1774, sampleCount: n };
}
