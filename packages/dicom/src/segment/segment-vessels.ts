/**
 * Contrast-enhanced hepatic and portal vessels of at least 3 mm inside a liver mask (classical).
 *
 * 1. Work on the liver's bounding box at the CT's own resolution (vessels of 3 mm are 4 voxels
 *    across at 0.8 mm; a coarser grid would lose them), smoothed with σ 1 mm.
 * 2. **Threshold relative to this liver.** The parenchyma is the median of the smoothed HU 5 mm or
 *    more inside the liver surface; its spread is 1.4826 × the median absolute deviation. Vessel
 *    candidates are liver voxels brighter than median + max(25 HU, 3 × spread). Relative, so the
 *    contrast phase and the scanner's calibration do not matter; hypodense lesions never qualify.
 * 3. **≥ 3 mm, enforced with the distance transform.** Each candidate voxel's inscribed radius is its
 *    distance to the nearest non-candidate voxel centre minus half an in-plane voxel. Voxels of radius
 *    ≥ 1.5 mm (minDiameterMm / 2) are vessel cores; the vessels are the candidates within that radius
 *    (+ one voxel) of a core: an opening by a ball of 1.5 mm, which removes every branch, spot or
 *    enhancing rim thinner than 3 mm. The estimate is good to about one voxel, so a vessel a little
 *    under 3 mm can pass where it lies favourably on the grid.
 * 4. The outline is set midway between the parenchyma and the cores' median HU (the edge of a blurred
 *    step), noise holes are filled, pieces smaller than 50 mm³ are dropped (a 3 mm vessel 7 mm long).
 * 5. **Enhancing rims.** A piece with half or more of its voxels within 3 mm of hypodense liver tissue
 *    (darker than the parenchyma by 25 HU, 5 mm inside the surface) wraps a lesion: it is a rim, not a
 *    vessel, and is left out with a warning. A vessel passing a lesion touches it on one side only.
 */
import { InputError, MaskGridError } from '../errors.ts';
import { connectedComponents, det3 } from '../ops/index.ts';
import { assertGrid, sameGrid, type LabelVolume, type Volume } from '../volume.ts';
import type { Vec3 } from '../geometry.ts';
import { closeMm, dilateMm, erodeMm } from './binary-morphology.ts';
import { fillHolesAxial } from './fill-holes.ts';
import { squaredDistanceMm } from './distance-transform.ts';
import { gaussianSmoothMm } from './gaussian-smooth.ts';
import { boundingBox, cropToBox, pasteMask } from './roi-box.ts';
import { inscribedRadiusMm } from './vessel-diameter.ts';
import { parseVesselOptions, type VesselOptionsInput } from './vessel-options.ts';

/** Portal-venous parenchyma is ≈ 100–140 HU; unenhanced ≈ 50–65 HU (Bae, Radiology 2010;256:32–61). Below this, no contrast. */
const UNENHANCED_LIVER_HU = 80;

export interface VesselStats {
  voxelCount: number;
  /** Vessel volume, mL. */
  volumeMl: number;
  /** Connected vessel pieces kept (26-connected). */
  componentCount: number;
  /** Median smoothed HU of the parenchyma (5 mm inside the liver surface). */
  parenchymaHu: number;
  /** Robust spread of the parenchyma, 1.4826 × MAD, HU. */
  parenchymaSpreadHu: number;
  /** Vessel cores are brighter than this (smoothed), HU. */
  thresholdHu: number;
  /** Median smoothed HU of the vessel cores, HU (NaN when none). */
  vesselHu: number;
  /** Outline level: midway between parenchyma and vessel, at most thresholdHu, HU. */
  edgeHu: number;
  /** Largest inscribed diameter found, mm (2 × the largest inscribed radius). */
  maxDiameterMm: number;
  /** Fraction of the liver's volume that is vessel (0..1). */
  liverFraction: number;
}

export interface VesselSegmentation {
  /** Label map on the CT grid: 1 = 'vessel'. */
  mask: LabelVolume;
  stats: VesselStats;
  warnings: string[];
}

/**
 * Segment enhanced vessels ≥ minDiameterMm (default 3 mm) inside the liver.
 * @param ct CT in HU
 * @param liverMask liver label map on the CT's grid (any non-zero label = liver), e.g. from segmentLiver
 * @throws InputError for invalid options or an empty liver mask
 * @throws MaskGridError when the liver mask is not on the CT's grid
 * @throws VolumeShapeError when the CT's or the mask's dims, data and affine disagree
 */
export function segmentVessels(ct: Volume, liverMask: LabelVolume, opts?: VesselOptionsInput): VesselSegmentation {
  assertGrid(ct, 'ct');
  assertGrid(liverMask, 'liverMask');
  if (!sameGrid(ct, liverMask)) throw new MaskGridError('segmentVessels: the liver mask is not on the CT\'s grid (dims or affine differ); resample it with loadMask or conformMask first');
  const o = parseVesselOptions(opts);
  const warnings: string[] = [];
  if (ct.meta.unit !== 'HU') warnings.push('CT values are not declared as calibrated HU');

  const sp = ct.spacingMm;
  const margin: Vec3 = [0, 1, 2].map((a) => Math.ceil(1 / sp[a]!) + 1) as Vec3;
  const box = boundingBox(liverMask.data, ct.dims, margin);
  if (box === undefined) throw new InputError('segmentVessels: the liver mask is empty; segment the liver first (segmentLiver)');
  const dims = box.dims;
  const n = dims[0] * dims[1] * dims[2];
  if (n > o.maxBoxVoxels) {
    throw new InputError(
      `segmentVessels: the liver's bounding box holds ${n} voxels at this spacing, over maxBoxVoxels = ${o.maxBoxVoxels}; ` +
        'resample the CT to coarser slices (e.g. 1–2 mm) or raise maxBoxVoxels if the memory is there',
    );
  }
  const liver = Uint8Array.from(cropToBox(liverMask.data, ct.dims, box), (x) => (x !== 0 ? 1 : 0));
  const smooth = gaussianSmoothMm(cropToBox(ct.data, ct.dims, box), dims, sp, o.smoothingSigmaMm);

  // Parenchyma statistics away from the surface (partial volume with fat and neighbours).
  let inset = o.parenchymaInsetMm > 0 ? erodeMm(liver, dims, sp, o.parenchymaInsetMm, true) : liver;
  if (!inset.some((x) => x !== 0)) inset = liver;
  const xs: number[] = [];
  for (let v = 0; v < n; v++) if (inset[v] !== 0) xs.push(smooth[v]!);
  const med = median(xs);
  const spread = 1.4826 * median(xs.map((x) => Math.abs(x - med)));
  const thresholdHu = med + Math.max(o.minContrastHu, o.contrastSigmas * spread);

  const cand = new Uint8Array(n);
  for (let v = 0; v < n; v++) cand[v] = liver[v] !== 0 && smooth[v]! > thresholdHu ? 1 : 0;

  // ≥ minDiameterMm: cores of inscribed radius ≥ half of it, grown back within the candidates.
  const rMin = o.minDiameterMm / 2;
  const d2 = squaredDistanceMm(cand, dims, sp, false);
  const core = new Uint8Array(n);
  let maxR = 0;
  for (let v = 0; v < n; v++) {
    if (cand[v] === 0) continue;
    const r = inscribedRadiusMm(Math.sqrt(d2[v]!), sp);
    if (r >= rMin) { core[v] = 1; if (r > maxR) maxR = r; }
  }
  const grown = dilateMm(core, dims, sp, rMin + Math.max(sp[0], sp[1]));
  let vessels: Uint8Array = new Uint8Array(n);
  for (let v = 0; v < n; v++) vessels[v] = grown[v]! & cand[v]!;

  // Outline at the midway level between parenchyma and vessel (the true edge of a blurred step),
  // grown by at most one in-plane voxel from the detected vessels: the detection threshold sits
  // above midway, and an outline there would make every vessel look too thin.
  const coreHu: number[] = [];
  for (let v = 0; v < n; v++) if (core[v] !== 0) coreHu.push(smooth[v]!);
  const vesselHu = coreHu.length > 0 ? median(coreHu) : NaN;
  const edgeHu = Number.isFinite(vesselHu) ? Math.min(thresholdHu, Math.max(med + o.minContrastHu, (med + vesselHu) / 2)) : thresholdHu;
  if (edgeHu < thresholdHu) {
    const ring = dilateMm(vessels, dims, sp, 1.01 * Math.max(sp[0], sp[1]));
    for (let v = 0; v < n; v++) if (ring[v] !== 0 && liver[v] !== 0 && smooth[v]! > edgeHu) vessels[v] = 1;
  }

  // Noise holes inside a vessel would cut its inscribed radius: fill them (per axial slice, and
  // gaps of one voxel), staying in the liver.
  vessels = fillHolesAxial(closeMm(vessels, dims, sp, Math.max(sp[0], sp[1]), true), dims);
  for (let v = 0; v < n; v++) vessels[v] = vessels[v]! & liver[v]!;

  // Drop small pieces.
  const voxelMm3 = Math.abs(det3(ct.affineRas));
  const cc = connectedComponents(vessels, dims, 26);
  const minVoxels = o.minComponentMm3 / voxelMm3;
  // Enhancing rims: a piece lying mostly within rimDistanceMm of hypodense tissue (a lesion) wraps
  // that lesion; a vessel passing a lesion touches it on one side only.
  const hypo = new Uint8Array(n);
  for (let v = 0; v < n; v++) hypo[v] = inset[v] !== 0 && smooth[v]! < med - o.minContrastHu ? 1 : 0;
  const nearHypo = o.rimDistanceMm > 0 ? dilateMm(hypo, dims, sp, o.rimDistanceMm) : hypo;
  const nearCount = new Float64Array(cc.count + 1);
  for (let v = 0; v < n; v++) if (nearHypo[v] !== 0) nearCount[cc.labels[v]!]!++;
  const keep = new Uint8Array(cc.count + 1);
  let kept = 0, rims = 0;
  for (let c = 1; c <= cc.count; c++) {
    if (cc.sizes[c - 1]! < minVoxels) continue;
    if (o.rimDistanceMm > 0 && nearCount[c]! >= o.rimFraction * cc.sizes[c - 1]!) { rims++; continue; }
    keep[c] = 1;
    kept++;
  }
  if (rims > 0) warnings.push(`${rims} bright piece(s) wrapping hypodense tissue (enhancing lesion rims) were left out`);
  vessels = Uint8Array.from(cc.labels, (c) => keep[c]!);

  let count = 0, liverCount = 0;
  for (let v = 0; v < n; v++) { count += vessels[v]!; liverCount += liver[v]!; }
  const full = new Uint8Array(ct.data.length);
  pasteMask(full, ct.dims, box, vessels, 1);
  if (count === 0) warnings.push('no enhanced vessel of the minimum diameter found in the liver: is this a contrast-enhanced CT?');
  if (med < UNENHANCED_LIVER_HU) warnings.push('the liver parenchyma is not enhanced: without intravenous contrast vessels cannot be told from parenchyma');
  if (spread > 0.5 * (thresholdHu - med)) warnings.push('the parenchyma is heterogeneous: vessel candidates may include enhancing tissue');

  return {
    mask: { dims: [...ct.dims], spacingMm: [...ct.spacingMm], affineRas: ct.affineRas.map((r) => [...r]) as LabelVolume['affineRas'], data: full, labels: { 1: 'vessel' } },
    stats: {
      voxelCount: count,
      volumeMl: (count * voxelMm3) / 1000,
      componentCount: kept,
      parenchymaHu: med,
      parenchymaSpreadHu: spread,
      thresholdHu,
      vesselHu,
      edgeHu,
      maxDiameterMm: count === 0 ? 0 : 2 * maxR,
      liverFraction: liverCount === 0 ? 0 : count / liverCount,
    },
    warnings,
  };
}

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
