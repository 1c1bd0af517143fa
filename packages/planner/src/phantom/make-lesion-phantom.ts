/**
 * The abdominal phantom with a list of liver lesions of chosen size, attenuation and structure: the
 * fixtures for seeded lesion segmentation (large, multifocal, necrotic, hyper-enhancing, touching
 * the capsule or a vessel). Same anatomy, point-spread function and noise as makeAbdominalPhantom;
 * the default demo phantom is not changed by anything here.
 *
 * A lesion replaces liver parenchyma only: where its sphere reaches past the liver (capsule, the
 * hepatic vein, neighbouring organs) the anatomy is kept, so a large lesion is clipped by the
 * capsule and indented by the vein, like a real tumour that grows up to them. The truth masks are
 * exactly the painted voxels. Research use only, not for clinical use.
 */
import { applyAffine, type LabelVolume, type Vec3, type Volume } from '@mewm/dicom';
import { createRng, gaussianFilterNearest } from '@mewm/world-model';
import { tissueAt } from './phantom-anatomy.ts';
import { PhantomOptionsError } from './phantom-errors.ts';
import { formPhantomImage } from './phantom-image.ts';
import { phantomAffineRas, PHANTOM_DEFAULTS } from './make-abdominal-phantom.ts';
import { PHANTOM_TISSUES, type PhantomTissueName } from './phantom-tissues.ts';

export interface PhantomLesionSpec {
  centreRas: Vec3;
  /** Outer radius, mm (2..90). */
  radiusMm: number;
  /** HU of the lesion body (hypodense below the liver's 110 HU, hyper-enhancing above). */
  bodyHu: number;
  /** Enhancing rim: outer shell of this thickness, mm (0 = none). */
  rimMm?: number;
  rimHu?: number;
  /** Necrotic (fluid) centre: a sphere of this radius, mm (0 = none). */
  necrosisRadiusMm?: number;
  necrosisHu?: number;
  /** Standard deviation of a smooth texture (σ 3 mm correlation) added inside the lesion, HU. */
  textureHu?: number;
}

export interface LesionPhantomOptions {
  lesions: PhantomLesionSpec[];
  seed?: number;
  dims?: Vec3;
  spacingMm?: Vec3;
  noiseSigmaHu?: number;
}

export interface LesionPhantom {
  ct: Volume;
  /** Label l + 1 = lesions[l] (where lesions overlap, the later one). */
  lesionMask: LabelVolume;
  liverMask: LabelVolume;
  /** Painted volume of each lesion, mL. */
  lesionVolumesMl: number[];
}

/** Smooth texture correlation length (σ), mm. */
const TEXTURE_SIGMA_MM = 3;
const LIVER_TISSUES: readonly PhantomTissueName[] = ['liver', 'hepaticVein'];
/** A lesion centre that no voxel is near: the anatomy without the default lesion. */
const NO_LESION = { centreRas: [1e6, 1e6, 1e6] as Vec3, radiusMm: 0 };

function checkLesion(l: PhantomLesionSpec, idx: number): void {
  const name = `lesions[${idx}]`;
  if (!Array.isArray(l.centreRas) || l.centreRas.length !== 3 || !l.centreRas.every(Number.isFinite)) {
    throw new PhantomOptionsError(`${name}.centreRas must be three finite numbers (RAS+ mm)`);
  }
  if (!(l.radiusMm >= 2 && l.radiusMm <= 90)) throw new PhantomOptionsError(`${name}.radiusMm must be 2..90 mm, got ${l.radiusMm}`);
  for (const [k, v, lo, hi] of [
    ['bodyHu', l.bodyHu, -100, 400], ['rimMm', l.rimMm ?? 0, 0, 20], ['rimHu', l.rimHu ?? 0, -100, 400],
    ['necrosisRadiusMm', l.necrosisRadiusMm ?? 0, 0, 80], ['necrosisHu', l.necrosisHu ?? 0, -100, 400], ['textureHu', l.textureHu ?? 0, 0, 100],
  ] as const) {
    if (!(v >= lo && v <= hi)) throw new PhantomOptionsError(`${name}.${k} must be ${lo}..${hi}, got ${v}`);
  }
  if ((l.rimMm ?? 0) > 0 && l.rimHu === undefined) throw new PhantomOptionsError(`${name}.rimHu is required with rimMm`);
  if ((l.necrosisRadiusMm ?? 0) > 0 && l.necrosisHu === undefined) throw new PhantomOptionsError(`${name}.necrosisHu is required with necrosisRadiusMm`);
}

/** HU of lesion `l` at distance `d` mm from its centre. */
function lesionHu(l: PhantomLesionSpec, d: number): number {
  if ((l.necrosisRadiusMm ?? 0) > 0 && d <= l.necrosisRadiusMm!) return l.necrosisHu!;
  if ((l.rimMm ?? 0) > 0 && d > l.radiusMm - l.rimMm!) return l.rimHu!;
  return l.bodyHu;
}

/**
 * Generate the phantom.
 * @throws PhantomOptionsError naming the option and its allowed range, or a lesion that covers no liver
 */
export function makeLesionPhantom(opts: LesionPhantomOptions): LesionPhantom {
  const seed = opts.seed ?? PHANTOM_DEFAULTS.seed;
  const dims: Vec3 = [...(opts.dims ?? PHANTOM_DEFAULTS.dims)];
  const spacingMm: Vec3 = [...(opts.spacingMm ?? PHANTOM_DEFAULTS.spacingMm)];
  const noiseSigmaHu = opts.noiseSigmaHu ?? PHANTOM_DEFAULTS.noiseSigmaHu;
  if (!Number.isInteger(seed)) throw new PhantomOptionsError(`seed must be an integer, got ${seed}`);
  if (dims.some((d) => !Number.isInteger(d) || d < 16 || d > 512)) throw new PhantomOptionsError(`dims must be three integers 16..512, got ${JSON.stringify(dims)}`);
  if (spacingMm.some((s) => !(s >= 0.3 && s <= 5))) throw new PhantomOptionsError(`spacingMm must be three numbers 0.3..5 mm, got ${JSON.stringify(spacingMm)}`);
  if (!(noiseSigmaHu >= 0 && noiseSigmaHu <= 100)) throw new PhantomOptionsError(`noiseSigmaHu must be 0..100 HU, got ${noiseSigmaHu}`);
  if (!Array.isArray(opts.lesions) || opts.lesions.length < 1 || opts.lesions.length > 20) throw new PhantomOptionsError('lesions must list 1..20 lesions');
  opts.lesions.forEach(checkLesion);

  const affineRas = phantomAffineRas(dims, spacingMm);
  const n = dims[0] * dims[1] * dims[2];
  const hu = new Float32Array(n);
  const lesionData = new Uint8Array(n);
  const liverData = new Uint8Array(n);
  const texture = opts.lesions.some((l) => (l.textureHu ?? 0) > 0) ? smoothTexture(dims, spacingMm, seed) : undefined;
  const counts = new Array<number>(opts.lesions.length).fill(0);
  for (let k = 0, v = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++, v++) {
    const p = applyAffine(affineRas, [i, j, k]);
    const t = tissueAt(p, NO_LESION);
    hu[v] = PHANTOM_TISSUES[t].hu;
    if (!LIVER_TISSUES.includes(t)) continue;
    liverData[v] = 1;
    if (t !== 'liver') continue; // the vein stays: a tumour grows up to it
    for (let l = opts.lesions.length - 1; l >= 0; l--) {
      const les = opts.lesions[l]!;
      const d = Math.hypot(p[0] - les.centreRas[0], p[1] - les.centreRas[1], p[2] - les.centreRas[2]);
      if (d > les.radiusMm) continue;
      hu[v] = lesionHu(les, d) + (texture === undefined ? 0 : (les.textureHu ?? 0) * texture[v]!);
      lesionData[v] = l + 1;
      counts[l]!++;
      break;
    }
  }
  const voxelMl = (spacingMm[0] * spacingMm[1] * spacingMm[2]) / 1000;
  counts.forEach((c, l) => {
    if (c === 0) throw new PhantomOptionsError(`lesions[${l}] covers no liver voxel: move its centre into the liver`);
  });
  const data = formPhantomImage(hu, dims, spacingMm, noiseSigmaHu, seed);
  const grid = { dims, spacingMm, affineRas };
  const labels: Record<number, string> = {};
  opts.lesions.forEach((_, l) => (labels[l + 1] = `lesion ${l + 1}`));
  return {
    ct: {
      ...grid, data,
      meta: {
        source: 'derived', unit: 'HU', modality: 'CT',
        seriesDescription: 'MeWM procedural lesion phantom (portal-venous phase)',
        notes: [`procedural lesion phantom, seed ${seed}, noise σ ${noiseSigmaHu} HU`, 'synthetic data, no patient; research use only, not for clinical use'],
      },
    },
    lesionMask: { ...grid, data: lesionData, labels },
    liverMask: { ...grid, data: liverData, labels: { 1: 'liver' } },
    lesionVolumesMl: counts.map((c) => c * voxelMl),
  };
}

/** Unit-variance smooth noise (white noise blurred by σ = TEXTURE_SIGMA_MM, normalised). */
function smoothTexture(dims: Vec3, spacingMm: Vec3, seed: number): Float32Array {
  const n = dims[0] * dims[1] * dims[2];
  const rng = createRng(seed).fork('lesion-texture');
  const white = new Float32Array(n);
  for (let v = 0; v < n; v++) white[v] = rng.normal();
  const out = gaussianFilterNearest(white, dims, [0, 1, 2].map((a) => TEXTURE_SIGMA_MM / spacingMm[a]!) as Vec3);
  let s2 = 0;
  for (let v = 0; v < n; v++) s2 += out[v]! * out[v]!;
  const scale = 1 / Math.sqrt(s2 / n || 1);
  for (let v = 0; v < n; v++) out[v] = out[v]! * scale;
  return out;
}
