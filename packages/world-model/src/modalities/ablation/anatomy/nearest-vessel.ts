/**
 * The large vessel nearest to a lesion: distance (mm, from the nearest lesion voxel centre to the
 * nearest vessel voxel centre; 0 when they overlap) and that vessel's local diameter there
 * (vessel-diameter.ts). Only vessel voxels with a local diameter ≥ `minDiameterMm` count (default
 * the heat-sink size, 3 mm). Searched within `searchMm` of the lesion; null when none is that close.
 */
import { applyAffine, assertGrid, sameGrid, type LabelVolume, type Vec3 } from '@mewm/dicom';
import { squaredDistanceMm } from '../../../dynamics/distance-transform-mm.ts';
import { parameterValue } from '../../../outcome/dynamics-parameters.ts';
import { boxAround, cropToBox, type AblationBox } from './ablation-box.ts';
import { AblationInputError } from './ablation-input-error.ts';
import { vesselDiameterMap } from './vessel-diameter.ts';

export interface VesselContact {
  /** Lesion-to-vessel distance, mm (voxel centre to voxel centre; 0 = the masks overlap). */
  distanceMm: number;
  /** Local diameter of the vessel at its nearest point, mm. */
  diameterMm: number;
  /** RAS+ position (mm) of the nearest vessel voxel. */
  nearestVesselRas: Vec3;
}

export interface NearestVesselOptions {
  /** Search radius around the lesion, mm (default 40). */
  searchMm?: number;
  /** Smallest vessel diameter that counts, mm (default `ablation.heatSink.vesselDiameterMm`). */
  minDiameterMm?: number;
}

export const DEFAULT_VESSEL_SEARCH_MM = 40;
/** Extra box padding so that the diameter climb reaches the centre line of a vessel up to ~30 mm wide. */
export const VESSEL_RADIUS_PAD_MM = 15;

/** Box-level search: `lesionSq` = squared mm distance to the lesion, `diameters` = vesselDiameterMap. */
export function nearestVesselInBox(
  box: AblationBox, affineRas: LabelVolume['affineRas'], lesionSq: Float64Array, diameters: Float32Array, minDiameterMm: number, searchMm: number,
): VesselContact | null {
  let best = searchMm * searchMm;
  let at = -1;
  for (let v = 0; v < diameters.length; v++) {
    if (diameters[v]! >= minDiameterMm && lesionSq[v]! <= best) {
      if (at >= 0 && lesionSq[v]! === best && diameters[v]! <= diameters[at]!) continue;
      best = lesionSq[v]!;
      at = v;
    }
  }
  if (at < 0) return null;
  const [bx, by] = box.dims;
  const ijk: Vec3 = [(at % bx) + box.origin[0], (Math.floor(at / bx) % by) + box.origin[1], Math.floor(at / (bx * by)) + box.origin[2]];
  return { distanceMm: Math.sqrt(best), diameterMm: diameters[at]!, nearestVesselRas: applyAffine(affineRas, ijk) };
}

/**
 * @throws AblationInputError when the masks are not on one grid or the lesion mask is empty.
 */
export function nearestVessel(lesionMask: LabelVolume, vesselMask: LabelVolume, opts: NearestVesselOptions = {}): VesselContact | null {
  assertGrid(lesionMask, 'lesionMask');
  assertGrid(vesselMask, 'vesselMask');
  if (!sameGrid(lesionMask, vesselMask)) throw new AblationInputError('vesselMask', 'vesselMask is not on the lesion mask\'s grid (dims or affine differ)');
  const searchMm = opts.searchMm ?? DEFAULT_VESSEL_SEARCH_MM;
  if (!(searchMm > 0) || !Number.isFinite(searchMm)) throw new AblationInputError('searchMm', `must be a positive finite number of mm, got ${searchMm}`);
  const minDiameterMm = opts.minDiameterMm ?? parameterValue('ablation.heatSink.vesselDiameterMm');
  const bbox = lesionBoundingBox(lesionMask);
  const box = boxAround(lesionMask.dims, lesionMask.spacingMm, bbox.min, bbox.max, searchMm + VESSEL_RADIUS_PAD_MM);
  const lesion = cropToBox(box, lesionMask.data);
  const vessel = cropToBox(box, vesselMask.data);
  const diameters = vesselDiameterMap(vessel, box.dims, box.spacingMm);
  return nearestVesselInBox(box, lesionMask.affineRas, squaredDistanceMm(lesion, box.dims, box.spacingMm), diameters, minDiameterMm, searchMm);
}

/** Inclusive voxel bbox of the non-zero voxels (or those equal to `label`). @throws AblationInputError when there are none. */
export function lesionBoundingBox(mask: LabelVolume, label?: number): { min: Vec3; max: Vec3; count: number } {
  const [nx, ny, nz] = mask.dims;
  const min: Vec3 = [nx, ny, nz];
  const max: Vec3 = [-1, -1, -1];
  let count = 0;
  const d = mask.data;
  for (let v = 0; v < d.length; v++) {
    const l = d[v]!;
    if (l === 0 || (label !== undefined && l !== label)) continue;
    count++;
    const i = v % nx, j = Math.floor(v / nx) % ny, k = Math.floor(v / (nx * ny));
    if (i < min[0]) min[0] = i;
    if (i > max[0]) max[0] = i;
    if (j < min[1]) min[1] = j;
    if (j > max[1]) max[1] = j;
    if (k < min[2]) min[2] = k;
    if (k > max[2]) max[2] = k;
  }
  if (count === 0) {
    throw new AblationInputError('lesionMask', label === undefined ? 'the lesion mask has no voxels' : `the lesion mask has no voxels with label ${label}`);
  }
  return { min, max, count };
}
