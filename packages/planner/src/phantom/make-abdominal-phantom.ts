/**
 * A procedural abdominal CT phantom with a liver lesion: the embedded default case of `npm run demo`
 * (no download needed). Deterministic: the same options give the same bytes.
 *
 * Steps: tissue labels at voxel centres (phantom-anatomy.ts) → HU per tissue (phantom-tissues.ts) →
 * partial-volume blur (the scanner's point-spread function) → spatially correlated Gaussian noise →
 * rounded to Int16 HU, clamped to ≥ −1024. Masks come from the labels (before blur and noise).
 * Research use only, not for clinical use.
 */
import { applyAffine, type LabelVolume, type Mat4, type Vec3, type Volume } from '@mewm/dicom';
import {
  DEFAULT_LESION_CENTRE_RAS, DEFAULT_LESION_RADIUS_MM, LIVER_MASK_TISSUES, lesionInsideLiver, tissueAt, type Lesion,
} from './phantom-anatomy.ts';
import { PhantomOptionsError } from './phantom-errors.ts';
import { formPhantomImage } from './phantom-image.ts';
import { PHANTOM_TISSUES, type PhantomTissueName } from './phantom-tissues.ts';

export interface AbdominalPhantomOptions {
  /** Seed of the noise (integer); default 1. */
  seed?: number;
  /** Voxels per axis; default [256, 256, 64]. */
  dims?: Vec3;
  /** Voxel spacing, mm; default [1.5, 1.5, 2.5] (field of view 384 × 384 × 160 mm). */
  spacingMm?: Vec3;
  /** Standard deviation of the image noise, HU; default 12. */
  noiseSigmaHu?: number;
  /** Lesion radius, mm (2..30); default 15 (a 3 cm lesion). */
  lesionRadiusMm?: number;
  /** Lesion centre, RAS+ mm; default [75, 15, 5] (right lobe). Must leave 3 mm of liver around the lesion. */
  lesionCentreRas?: Vec3;
}

export interface AbdominalPhantom {
  ct: Volume;
  /** 1 = 'lesion' (core and enhancing rim). */
  lesionMask: LabelVolume;
  /** 1 = 'liver' (parenchyma, hepatic vein and the lesion). */
  liverMask: LabelVolume;
  lesionCentreRas: Vec3;
}

export { PHANTOM_NOISE_CORRELATION_MM, PHANTOM_PSF_SIGMA_MM } from './phantom-image.ts';

export const PHANTOM_DEFAULTS = {
  seed: 1,
  dims: [256, 256, 64] as Vec3,
  spacingMm: [1.5, 1.5, 2.5] as Vec3,
  noiseSigmaHu: 12,
  lesionRadiusMm: DEFAULT_LESION_RADIUS_MM,
  lesionCentreRas: DEFAULT_LESION_CENTRE_RAS,
} as const;

const TISSUE_NAMES = Object.keys(PHANTOM_TISSUES) as PhantomTissueName[];

function parseOptions(opts: AbdominalPhantomOptions) {
  const o = { ...PHANTOM_DEFAULTS, ...opts };
  if (!Number.isInteger(o.seed)) throw new PhantomOptionsError(`seed must be an integer, got ${o.seed}`);
  if (!Array.isArray(o.dims) || o.dims.length !== 3 || o.dims.some((d) => !Number.isInteger(d) || d < 16 || d > 512)) {
    throw new PhantomOptionsError(`dims must be three integers 16..512, got ${JSON.stringify(o.dims)}`);
  }
  if (!Array.isArray(o.spacingMm) || o.spacingMm.length !== 3 || o.spacingMm.some((s) => !(s >= 0.3 && s <= 5))) {
    throw new PhantomOptionsError(`spacingMm must be three numbers 0.3..5 mm, got ${JSON.stringify(o.spacingMm)}`);
  }
  if (!(o.noiseSigmaHu >= 0 && o.noiseSigmaHu <= 100)) throw new PhantomOptionsError(`noiseSigmaHu must be 0..100 HU, got ${o.noiseSigmaHu}`);
  if (!(o.lesionRadiusMm >= 2 && o.lesionRadiusMm <= 30)) throw new PhantomOptionsError(`lesionRadiusMm must be 2..30 mm, got ${o.lesionRadiusMm}`);
  if (!Array.isArray(o.lesionCentreRas) || o.lesionCentreRas.length !== 3 || !o.lesionCentreRas.every(Number.isFinite)) {
    throw new PhantomOptionsError('lesionCentreRas must be three finite numbers (RAS+ mm)');
  }
  const lesion: Lesion = { centreRas: [...o.lesionCentreRas] as Vec3, radiusMm: o.lesionRadiusMm };
  if (!lesionInsideLiver(lesion)) {
    throw new PhantomOptionsError(
      `the lesion (centre ${lesion.centreRas.map((v) => v.toFixed(0)).join(', ')} mm, radius ${lesion.radiusMm} mm) must lie inside the liver with 3 mm of parenchyma around it`,
    );
  }
  return { ...o, dims: [...o.dims] as Vec3, spacingMm: [...o.spacingMm] as Vec3, lesion };
}

/** Voxel → RAS+ affine in DICOM-like voxel order (i toward the patient's left, j toward posterior, k toward superior), centred on the origin. */
export function phantomAffineRas(dims: Vec3, spacingMm: Vec3): Mat4 {
  const [sx, sy, sz] = spacingMm;
  return [
    [-sx, 0, 0, (sx * (dims[0] - 1)) / 2],
    [0, -sy, 0, (sy * (dims[1] - 1)) / 2],
    [0, 0, sz, (-sz * (dims[2] - 1)) / 2],
    [0, 0, 0, 1],
  ];
}

/**
 * Generate the phantom.
 * @throws PhantomOptionsError naming the option and its allowed range
 */
export function makeAbdominalPhantom(opts: AbdominalPhantomOptions = {}): AbdominalPhantom {
  const o = parseOptions(opts);
  const { dims, spacingMm, lesion } = o;
  const affineRas = phantomAffineRas(dims, spacingMm);
  const n = dims[0] * dims[1] * dims[2];
  const huOf = TISSUE_NAMES.map((t) => PHANTOM_TISSUES[t].hu);
  const liverIdx = new Set(LIVER_MASK_TISSUES.map((t) => TISSUE_NAMES.indexOf(t)));
  const lesionIdx = new Set((['lesionCore', 'lesionRim'] as const).map((t) => TISSUE_NAMES.indexOf(t)));

  const hu = new Float32Array(n);
  const lesionData = new Uint8Array(n);
  const liverData = new Uint8Array(n);
  for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
    const t = TISSUE_NAMES.indexOf(tissueAt(applyAffine(affineRas, [i, j, k]), lesion));
    hu[v] = huOf[t]!;
    if (liverIdx.has(t)) liverData[v] = 1;
    if (lesionIdx.has(t)) lesionData[v] = 1;
  }

  const data = formPhantomImage(hu, dims, spacingMm, o.noiseSigmaHu, o.seed);
  const grid = { dims, spacingMm, affineRas };
  return {
    ct: {
      ...grid, data,
      meta: {
        source: 'derived', unit: 'HU', modality: 'CT',
        seriesDescription: 'MeWM procedural abdominal phantom (portal-venous phase)',
        notes: [
          `procedural phantom, seed ${o.seed}, noise σ ${o.noiseSigmaHu} HU`,
          'synthetic data, no patient; research use only, not for clinical use',
        ],
      },
    },
    lesionMask: { ...grid, data: lesionData, labels: { 1: 'lesion' } },
    liverMask: { ...grid, data: liverData, labels: { 1: 'liver' } },
    lesionCentreRas: [...lesion.centreRas] as Vec3,
  };
}
