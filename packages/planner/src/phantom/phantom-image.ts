/**
 * Image formation shared by the procedural phantoms: tissue HU map → partial-volume blur (the
 * scanner's point-spread function) → spatially correlated Gaussian noise → Int16 HU, clamped to
 * ≥ −1024. Deterministic: the same inputs and seed give the same bytes.
 */
import type { Vec3 } from '@mewm/dicom';
import { createRng, gaussianFilterNearest, gaussianWeights } from '@mewm/world-model';

/** Blur of the scanner's point-spread function (σ, mm): in-plane ≈ 0.6 mm; along z a 2.5 mm slice profile (FWHM 2.5 mm → σ 1.06 mm). */
export const PHANTOM_PSF_SIGMA_MM: Vec3 = [0.6, 0.6, 1.06];
/** In-plane correlation of the noise (σ of the Gaussian that colours white noise), mm; none along z. */
export const PHANTOM_NOISE_CORRELATION_MM = 1.0;

/**
 * Blur `hu` (noiseless tissue HU per voxel), add noise of standard deviation `noiseSigmaHu` drawn
 * from `createRng(seed).fork('phantom-noise')`, round to Int16.
 */
export function formPhantomImage(hu: Float32Array, dims: Vec3, spacingMm: Vec3, noiseSigmaHu: number, seed: number): Int16Array {
  const n = dims[0] * dims[1] * dims[2];
  const blurred = gaussianFilterNearest(hu, dims, [0, 1, 2].map((a) => PHANTOM_PSF_SIGMA_MM[a]! / spacingMm[a]!) as Vec3);

  if (noiseSigmaHu > 0) {
    const rng = createRng(seed).fork('phantom-noise');
    const white = new Float32Array(n);
    for (let v = 0; v < n; v++) white[v] = rng.normal();
    const sigmaVox: Vec3 = [PHANTOM_NOISE_CORRELATION_MM / spacingMm[0], PHANTOM_NOISE_CORRELATION_MM / spacingMm[1], 0];
    const noise = gaussianFilterNearest(white, dims, sigmaVox);
    // Filtering white noise of unit variance leaves variance Σw² per axis: rescale to σ exactly (away from edges).
    let gain = 1;
    for (const s of sigmaVox) if (s > 0) gain *= Math.sqrt(gaussianWeights(s, 3).reduce((acc, w) => acc + w * w, 0));
    const scale = noiseSigmaHu / gain;
    for (let v = 0; v < n; v++) blurred[v] = blurred[v]! + scale * noise[v]!;
  }

  const data = new Int16Array(n);
  for (let v = 0; v < n; v++) data[v] = Math.max(-1024, Math.min(3071, Math.round(blurred[v]!)));
  return data;
}
